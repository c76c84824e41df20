import "reflect-metadata";
import { type AnyProviderPlugin, ProviderRegistry } from "@orgsync/core";
import { dingtalkProviderPlugin } from "@orgsync/provider-dingtalk";
import { feishuProviderPlugin } from "@orgsync/provider-feishu";
import { wecomProviderPlugin } from "@orgsync/provider-wecom";
import {
  type DependencyContainer,
  container as globalContainer,
  type InjectionToken,
  instanceCachingFactory,
} from "tsyringe";
import { createAuthService } from "../auth/auth-service.ts";
import type { Database } from "../db/connect.ts";
import { createEventIngest, type EventIngestOptions } from "../events/event-ingest.ts";
import { createImportService } from "../import/import-service.ts";
import type { ServiceLogger } from "../logging/logger.ts";
import { createServiceMetrics } from "../observability/metrics.ts";
import { createRepositories, type RepositoriesOptions } from "../repositories/index.ts";
import { createJobRunner } from "../runs/job-runner.ts";
import { createRunEvents } from "../runs/run-events.ts";
import { createRunService } from "../runs/run-service.ts";
import { createScheduleService } from "../schedules/schedule-service.ts";
import { createScheduler } from "../schedules/scheduler.ts";
import type { SecretBox } from "../secrets/secret-box.ts";
import { createDirectoryService } from "../services/directory-service.ts";
import { createFieldRelationService } from "../services/field-relation-service.ts";
import { createProviderService } from "../services/provider-service.ts";
import type { ServiceConfig } from "./service-config.ts";
import { Tokens } from "./tokens.ts";

/** The provider plugins a stock service installs. */
export const BUILTIN_PROVIDER_PLUGINS: readonly AnyProviderPlugin[] = [
  feishuProviderPlugin,
  dingtalkProviderPlugin,
  wecomProviderPlugin,
];

export interface ContainerParts {
  config: ServiceConfig;
  logger: ServiceLogger;
  database: Database;
  secrets: SecretBox;
  /** @default BUILTIN_PROVIDER_PLUGINS */
  plugins?: readonly AnyProviderPlugin[];
  /** Repository tuning (tests lower the scrypt cost, fix the clock). */
  repositoryOptions?: Omit<RepositoriesOptions, "db" | "secrets">;
  /** Event coalescing timings (see `EventIngestOptions`); tests widen or shorten them. */
  eventIngestOptions?: Pick<EventIngestOptions, "quietMs" | "maxDelayMs" | "retryMs">;
}

/**
 * Wires the service: every registration in one place. Each service is a factory over the
 * tokens it needs, cached per container so a process has one of each; requests get child
 * containers (see `createGraphQLHandler`) that add only the request's own context.
 *
 * A child of tsyringe's global container, never the global itself, so two services in one
 * process (tests, the CLI next to a server) never share state.
 */
export function createServiceContainer(parts: ContainerParts): DependencyContainer {
  const root = globalContainer.createChildContainer();
  const value = <T>(token: InjectionToken<T>, useValue: T) => root.register<T>(token, { useValue });
  value(Tokens.Config, parts.config);
  value(Tokens.Logger, parts.logger);
  value(Tokens.Database, parts.database);
  value(Tokens.SecretBox, parts.secrets);
  value(Tokens.ProviderRegistry, new ProviderRegistry(parts.plugins ?? BUILTIN_PROVIDER_PLUGINS));

  const cached = <T>(token: InjectionToken<T>, make: (c: DependencyContainer) => T) =>
    root.register<T>(token, { useFactory: instanceCachingFactory(make) });

  cached(Tokens.Repositories, () =>
    createRepositories({
      db: parts.database.db,
      secrets: parts.secrets,
      ...parts.repositoryOptions,
    }),
  );
  cached(Tokens.RunEvents, () => createRunEvents());
  cached(Tokens.AuthService, (c) =>
    createAuthService({ repositories: c.resolve(Tokens.Repositories) }),
  );
  cached(Tokens.ProviderService, (c) =>
    createProviderService({
      repositories: c.resolve(Tokens.Repositories),
      registry: c.resolve(Tokens.ProviderRegistry),
    }),
  );
  cached(Tokens.DirectoryService, (c) =>
    createDirectoryService({
      repositories: c.resolve(Tokens.Repositories),
      registry: c.resolve(Tokens.ProviderRegistry),
    }),
  );
  cached(Tokens.FieldRelationService, (c) =>
    createFieldRelationService({
      repositories: c.resolve(Tokens.Repositories),
      registry: c.resolve(Tokens.ProviderRegistry),
      directorySchema: () => c.resolve(Tokens.DirectoryService).schema(),
    }),
  );
  // Read at scrape time, so the metrics need no runner to exist when they are made.
  cached(Tokens.Metrics, (c) =>
    createServiceMetrics({ activeRuns: () => c.resolve(Tokens.JobRunner).running().length }),
  );
  cached(Tokens.JobRunner, (c) =>
    createJobRunner({
      repositories: c.resolve(Tokens.Repositories),
      registry: c.resolve(Tokens.ProviderRegistry),
      events: c.resolve(Tokens.RunEvents),
      logger: c.resolve(Tokens.Logger).child({ component: "runs" }),
      mode: parts.config.runnerMode,
      staleAfterMs: parts.config.staleRunAfterMs,
      onRunFinished: c.resolve(Tokens.Metrics).observeRun,
    }),
  );
  cached(Tokens.RunService, (c) =>
    createRunService({
      repositories: c.resolve(Tokens.Repositories),
      registry: c.resolve(Tokens.ProviderRegistry),
      runner: c.resolve(Tokens.JobRunner),
      events: c.resolve(Tokens.RunEvents),
      logger: c.resolve(Tokens.Logger).child({ component: "runs" }),
    }),
  );
  cached(Tokens.ScheduleService, (c) =>
    createScheduleService({ repositories: c.resolve(Tokens.Repositories) }),
  );
  cached(Tokens.Scheduler, (c) =>
    createScheduler({
      repositories: c.resolve(Tokens.Repositories),
      runService: c.resolve(Tokens.RunService),
      logger: c.resolve(Tokens.Logger).child({ component: "schedules" }),
    }),
  );
  cached(Tokens.EventIngest, (c) =>
    createEventIngest({
      repositories: c.resolve(Tokens.Repositories),
      registry: c.resolve(Tokens.ProviderRegistry),
      runService: c.resolve(Tokens.RunService),
      events: c.resolve(Tokens.RunEvents),
      logger: c.resolve(Tokens.Logger).child({ component: "events" }),
      ...parts.eventIngestOptions,
    }),
  );
  cached(Tokens.ImportService, (c) =>
    createImportService({
      repositories: c.resolve(Tokens.Repositories),
      registry: c.resolve(Tokens.ProviderRegistry),
      directory: c.resolve(Tokens.DirectoryService),
      providers: c.resolve(Tokens.ProviderService),
      fieldRelations: c.resolve(Tokens.FieldRelationService),
      schedules: c.resolve(Tokens.ScheduleService),
    }),
  );
  return root;
}
