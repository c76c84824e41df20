import type { AnyProviderPlugin } from "@orgsync/core";
import type { DependencyContainer } from "tsyringe";
import {
  BUILTIN_PROVIDER_PLUGINS,
  type ContainerParts,
  createServiceContainer,
} from "./container/create-container.ts";
import { type ServiceConfig, serviceConfigFromEnvironment } from "./container/service-config.ts";
import { Tokens } from "./container/tokens.ts";
import { openDatabase } from "./db/connect.ts";
import { createGraphQLHandler, type OrgsyncYoga } from "./graphql/yoga.ts";
import { createLogger, type ServiceLogger } from "./logging/logger.ts";
import { loadProviderPlugins } from "./plugins/load-plugins.ts";
import type { RepositoriesOptions } from "./repositories/index.ts";
import { loadSecretBox } from "./secrets/secret-box.ts";

export interface StartServiceOptions {
  /** Default: from the environment (`serviceConfigFromEnvironment`). */
  config?: ServiceConfig;
  /** Default: pino JSON lines on stdout. */
  logger?: ServiceLogger;
  /** Environment for the secret key (`ORGSYNC_SECRET_KEY`). Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** @default the built-in plugins and those `config.pluginModules` names */
  plugins?: readonly AnyProviderPlugin[];
  repositoryOptions?: Omit<RepositoriesOptions, "db" | "secrets">;
  /**
   * How IM events are coalesced into targeted runs.
   * @default { quietMs: 500, maxDelayMs: 10000, retryMs: 1000 }
   * @example { quietMs: 3000 }
   */
  eventIngestOptions?: ContainerParts["eventIngestOptions"];
  /**
   * Start the job runner (recovering runs a dead process left behind first).
   * @default true
   */
  runJobs?: boolean;
  /**
   * Start the scheduler, which starts runs when providers' schedules fire. Fires while no
   * scheduler runs are not replayed later.
   * @default true
   */
  runSchedules?: boolean;
}

/** A running orgsync service: its GraphQL handler and what it holds open. */
export interface OrgsyncService {
  yoga: OrgsyncYoga;
  container: DependencyContainer;
  logger: ServiceLogger;
  config: ServiceConfig;
  /** Stops claiming runs, waits for in-flight ones, closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the database (migrating it), loads the secret key, wires the container, creates the
 * first admin from the environment when there is none, recovers interrupted runs and starts
 * the job runner. `serve` (the CLI) puts it behind an HTTP port.
 */
export async function startService(options: StartServiceOptions = {}): Promise<OrgsyncService> {
  const config = options.config ?? serviceConfigFromEnvironment(options.env);
  const logger = options.logger ?? createLogger();
  // Before the database opens: a plugin that does not load stops the start with nothing held.
  const plugins = options.plugins ?? [
    ...BUILTIN_PROVIDER_PLUGINS,
    ...(await loadProviderPlugins(config.pluginModules)),
  ];
  const database = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
  });
  try {
    const secrets = await loadSecretBox({
      ...(options.env ? { env: options.env } : {}),
      embedded: database.kind === "pglite",
      dataDir: config.dataDir,
    });
    const container = createServiceContainer({
      config,
      logger,
      database,
      secrets,
      plugins,
      ...(options.repositoryOptions ? { repositoryOptions: options.repositoryOptions } : {}),
      ...(options.eventIngestOptions ? { eventIngestOptions: options.eventIngestOptions } : {}),
    });
    if (config.bootstrapAdmin) {
      const created = await container
        .resolve(Tokens.AuthService)
        .bootstrap(config.bootstrapAdmin.username, config.bootstrapAdmin.password);
      if (created)
        logger.info(
          { admin: created.username },
          "service: first admin created from the environment",
        );
    }
    const runner = container.resolve(Tokens.JobRunner);
    if (options.runJobs !== false) await runner.start();
    const scheduler = container.resolve(Tokens.Scheduler);
    if (options.runSchedules !== false) scheduler.start();
    // Made now, so `POST /events/<flag>` collects from the first delivery on.
    const eventIngest = container.resolve(Tokens.EventIngest);
    const yoga = createGraphQLHandler({ container, logger, limits: config.graphql });
    logger.info({ database: database.kind, runner: config.runnerMode }, "service: started");
    return {
      yoga,
      container,
      logger,
      config,
      async close() {
        // First: no schedule may queue a run while the runner stops.
        await scheduler.stop();
        // Pending event changes are dropped, not queued (see `EventIngest.stop`).
        eventIngest.stop();
        await runner.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
