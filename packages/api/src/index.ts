/**
 * @orgsync/api — the orgsync service. So far: persistence (tables, migrations, the secret box
 * and the repositories); GraphQL, runs and the container build on it.
 */
export * from "./auth/password-hash.ts";
export * from "./db/connect.ts";
export * from "./db/schema.ts";
export * from "./errors.ts";
export * from "./repositories/admins.ts";
export * from "./repositories/audit.ts";
export * from "./repositories/context.ts";
export * from "./repositories/directory-settings.ts";
export * from "./repositories/field-relations.ts";
export * from "./repositories/index.ts";
export * from "./repositories/login-attempts.ts";
export * from "./repositories/providers.ts";
export * from "./repositories/runs.ts";
export * from "./repositories/sessions.ts";
export * from "./secrets/secret-box.ts";
