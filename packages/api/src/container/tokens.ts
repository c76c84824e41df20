import type { ProviderRegistry } from "@orgsync/core";
import type { InjectionToken } from "tsyringe";
import type { AuthService } from "../auth/auth-service.ts";
import type { Database } from "../db/connect.ts";
import type { EventIngest } from "../events/event-ingest.ts";
import type { GraphQLContext } from "../graphql/context.ts";
import type { ImportService } from "../import/import-service.ts";
import type { ServiceLogger } from "../logging/logger.ts";
import type { ServiceMetrics } from "../observability/metrics.ts";
import type { Repositories } from "../repositories/index.ts";
import type { JobRunner } from "../runs/job-runner.ts";
import type { RunEvents } from "../runs/run-events.ts";
import type { RunService } from "../runs/run-service.ts";
import type { ScheduleService } from "../schedules/schedule-service.ts";
import type { Scheduler } from "../schedules/scheduler.ts";
import type { SecretBox } from "../secrets/secret-box.ts";
import type { DirectoryService } from "../services/directory-service.ts";
import type { FieldRelationService } from "../services/field-relation-service.ts";
import type { ProviderService } from "../services/provider-service.ts";
import type { ServiceConfig } from "./service-config.ts";

/**
 * Every injection token of the service, in one place. Tokens are symbols typed with what they
 * resolve to; registrations (factories) live in `create-container.ts`.
 */
export const Tokens = {
  Config: Symbol("Config") as InjectionToken<ServiceConfig>,
  Logger: Symbol("Logger") as InjectionToken<ServiceLogger>,
  Database: Symbol("Database") as InjectionToken<Database>,
  SecretBox: Symbol("SecretBox") as InjectionToken<SecretBox>,
  Repositories: Symbol("Repositories") as InjectionToken<Repositories>,
  ProviderRegistry: Symbol("ProviderRegistry") as InjectionToken<ProviderRegistry>,
  RunEvents: Symbol("RunEvents") as InjectionToken<RunEvents>,
  JobRunner: Symbol("JobRunner") as InjectionToken<JobRunner>,
  AuthService: Symbol("AuthService") as InjectionToken<AuthService>,
  ProviderService: Symbol("ProviderService") as InjectionToken<ProviderService>,
  FieldRelationService: Symbol("FieldRelationService") as InjectionToken<FieldRelationService>,
  DirectoryService: Symbol("DirectoryService") as InjectionToken<DirectoryService>,
  RunService: Symbol("RunService") as InjectionToken<RunService>,
  /** Prometheus metrics on this service's own registry. */
  Metrics: Symbol("Metrics") as InjectionToken<ServiceMetrics>,
  ScheduleService: Symbol("ScheduleService") as InjectionToken<ScheduleService>,
  /** Started by `startService` (unless `runSchedules: false`); one per process. */
  Scheduler: Symbol("Scheduler") as InjectionToken<Scheduler>,
  /** IM change events → coalesced targeted runs; made by `startService`, stopped by `close()`. */
  EventIngest: Symbol("EventIngest") as InjectionToken<EventIngest>,
  /** Migrations from other tools (go-ldap-admin's config.yml). */
  ImportService: Symbol("ImportService") as InjectionToken<ImportService>,
  /** Per request: registered in the request's child container. */
  RequestContext: Symbol("RequestContext") as InjectionToken<GraphQLContext>,
} as const;
