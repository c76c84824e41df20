import { ConfigError } from "@orgsync/core";
import { locateAdminApp } from "../admin-app/locate-admin-app.ts";

/**
 * The service's settings that come from its environment (the process, not the database).
 * Everything an admin changes at run time lives in the database instead.
 */
export interface ServiceConfig {
  /** PostgreSQL URL; unset → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Embedded data (PGlite files, the generated secret key). */
  dataDir: string;
  /** The first admin, created at start when no admin exists. */
  bootstrapAdmin: { username: string; password: string } | undefined;
  /** `embedded`: jobs run in this process only; `shared`: several processes share PostgreSQL. */
  runnerMode: "embedded" | "shared";
  /**
   * Shared mode: a run whose worker sent no heartbeat for this long is taken for dead and
   * marked interrupted by a peer (`ORGSYNC_RUN_STALE_AFTER_MS`, default 60000).
   */
  staleRunAfterMs: number;
  /** Limits every GraphQL operation must stay within. */
  graphql: GraphQLLimits;
  /**
   * Where the IM reaches this service from outside, without a trailing slash: event callback
   * URLs (`<publicUrl>/events/<flag>`) are built on it (`ORGSYNC_PUBLIC_URL`, default
   * `http://<HOST>:<PORT>`).
   * @example "https://orgsync.example.com"
   */
  publicUrl: string;
  /**
   * The built admin app `serve` serves at `/` (`ORGSYNC_ADMIN_DIR`, default the workspace's
   * `apps/admin/dist`); undefined when there is no workspace to find it in.
   */
  adminAppDir: string | undefined;
  /**
   * Provider plugins installed besides the built-in ones: package names or file paths, each a
   * module exporting a `ProviderPlugin` (`ORGSYNC_PLUGINS`, comma-separated).
   * @example ["@acme/orgsync-provider-slack", "./plugins/hr-system.js"]
   */
  pluginModules: string[];
}

export interface GraphQLLimits {
  /** Deepest field nesting. */
  maxDepth: number;
  /** Highest estimated cost (object fields 2, scalars 1, × list multiplier). */
  maxCost: number;
  /** Most tokens in one document. */
  maxTokens: number;
  /** Most aliases in one document. */
  maxAliases: number;
}

export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = {
  maxDepth: 10,
  maxCost: 50_000,
  maxTokens: 4_000,
  maxAliases: 20,
};

/**
 * Reads the environment: `DATABASE_URL`, `ORGSYNC_DATA_DIR` (default `.data`),
 * `ORGSYNC_ADMIN_USERNAME` + `ORGSYNC_ADMIN_PASSWORD`, `ORGSYNC_RUN_STALE_AFTER_MS`,
 * `ORGSYNC_PUBLIC_URL` (default from `HOST` and `PORT`), `ORGSYNC_ADMIN_DIR`, `ORGSYNC_PLUGINS`.
 * (`ORGSYNC_SECRET_KEY` is read by the
 * secret box, `ORGSYNC_LOG_LEVEL` by the logger.)
 */
export function serviceConfigFromEnvironment(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<ServiceConfig> = {},
): ServiceConfig {
  const username = env.ORGSYNC_ADMIN_USERNAME?.trim();
  const password = env.ORGSYNC_ADMIN_PASSWORD;
  if (Boolean(username) !== Boolean(password)) {
    throw new ConfigError(
      "service: set both ORGSYNC_ADMIN_USERNAME and ORGSYNC_ADMIN_PASSWORD to create the first admin, or neither to use the first-run setup",
    );
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const stale = env.ORGSYNC_RUN_STALE_AFTER_MS?.trim();
  if (
    stale !== undefined &&
    stale !== "" &&
    !(Number.isInteger(Number(stale)) && Number(stale) >= 1000)
  ) {
    throw new ConfigError(
      `service: ORGSYNC_RUN_STALE_AFTER_MS must be a whole number of milliseconds, at least 1000 (got "${stale}")`,
    );
  }
  return {
    databaseUrl,
    dataDir: env.ORGSYNC_DATA_DIR?.trim() || ".data",
    bootstrapAdmin: username && password ? { username, password } : undefined,
    runnerMode: databaseUrl ? "shared" : "embedded",
    staleRunAfterMs: stale ? Number(stale) : 60_000,
    graphql: DEFAULT_GRAPHQL_LIMITS,
    publicUrl: publicUrlOf(env),
    adminAppDir: locateAdminApp(env),
    pluginModules: (env.ORGSYNC_PLUGINS ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean),
    ...overrides,
  };
}

/** `ORGSYNC_PUBLIC_URL`, checked, or where `serve` listens (`HOST`, `PORT`). */
function publicUrlOf(env: Record<string, string | undefined>): string {
  const configured = env.ORGSYNC_PUBLIC_URL?.trim();
  if (!configured) {
    const host = env.HOST?.trim() || "127.0.0.1";
    const port = env.PORT?.trim() || "4000";
    return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  }
  let url: URL | undefined;
  try {
    url = new URL(configured);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
    throw new ConfigError(
      `service: ORGSYNC_PUBLIC_URL must be an http(s) URL without query, such as "https://orgsync.example.com" (got "${configured}")`,
    );
  }
  return configured.replace(/\/+$/, "");
}
