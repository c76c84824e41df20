/**
 * @orgsync/api — the orgsync service: persistence (tables, migrations, the secret box, the
 * repositories), the services an admin drives (providers, field relations, the directory, auth),
 * runs as background jobs, the GraphQL API and the container that wires them.
 */
export * from "./auth/auth-service.ts";
export * from "./auth/password-hash.ts";
export * from "./container/create-container.ts";
export * from "./container/service-config.ts";
export * from "./container/tokens.ts";
export * from "./db/connect.ts";
export * from "./db/schema.ts";
export * from "./errors.ts";
export * from "./events/index.ts";
export type { GraphQLContext, RequestSession } from "./graphql/context.ts";
export { graphqlSchema, printedSchema } from "./graphql/schema.ts";
export {
  createGraphQLHandler,
  type GraphQLHandlerOptions,
  type OrgsyncYoga,
} from "./graphql/yoga.ts";
export { SERVICE_ROUTES } from "./http/service-routes.ts";
export * from "./import/go-ldap-admin-config.ts";
export * from "./import/import-service.ts";
export * from "./logging/logger.ts";
export * from "./observability/index.ts";
export * from "./repositories/admins.ts";
export * from "./repositories/audit.ts";
export * from "./repositories/context.ts";
export * from "./repositories/directory-settings.ts";
export * from "./repositories/field-relations.ts";
export * from "./repositories/index.ts";
export * from "./repositories/login-attempts.ts";
export * from "./repositories/providers.ts";
export * from "./repositories/runs.ts";
export * from "./repositories/schedules.ts";
export * from "./repositories/sessions.ts";
export * from "./runs/index.ts";
export * from "./schedules/index.ts";
export * from "./secrets/secret-box.ts";
export * from "./server.ts";
export * from "./service.ts";
export * from "./services/actor.ts";
export * from "./services/directory-service.ts";
export * from "./services/errors.ts";
export * from "./services/field-relation-service.ts";
export * from "./services/provider-service.ts";
export * from "./sync/directory-options.ts";
export * from "./sync/sync-setup.ts";
