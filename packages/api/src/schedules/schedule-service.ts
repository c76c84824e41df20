import { ConfigError, type SyncScope } from "@orgsync/core";
import { NotFoundError } from "../errors.ts";
import type { Repositories } from "../repositories/index.ts";
import type { ScheduleFireRecord, ScheduleRecord } from "../repositories/schedules.ts";
import { type Actor, audit } from "../services/actor.ts";
import { compileCron, MAX_FIRE_TIMES } from "./cron.ts";

export interface ScheduleServiceOptions {
  repositories: Pick<Repositories, "schedules" | "providers" | "audit">;
  /**
   * The clock next fire times are computed from.
   * @default () => new Date()
   */
  now?: () => Date;
}

/** A schedule as clients see it: the stored row and its coming fire times. */
export interface ScheduleView extends ScheduleRecord {
  /**
   * The next `count` fire times after now (fewer for a cron that stops firing), oldest first.
   * @param count 1 to `MAX_FIRE_TIMES`. Default: 5.
   */
  nextFireTimes(count?: number): Date[];
}

export interface ScheduleInput {
  /**
   * Five fields (`minute hour day month weekday`) or six with seconds first, as go-ldap-admin's
   * `dept-sync-time` / `user-sync-time`; or a nickname (`@daily`).
   * @example "0 0 2 * * *"
   */
  cron: string;
  /**
   * IANA time zone the cron is read in.
   * @default "UTC"
   * @example "Asia/Shanghai"
   */
  timezone?: string;
  /** @default true */
  enabled?: boolean;
}

/** What GraphQL (and the CLI) call for schedules; see `createScheduleService`. */
export interface ScheduleService {
  /** The provider's schedules in scope order (GROUPS, USERS, ALL); `[]` for an unknown provider. */
  list(providerId: string): Promise<ScheduleView[]>;
  get(providerId: string, scope: SyncScope): Promise<ScheduleView | undefined>;
  /**
   * Creates or replaces the provider's schedule for `scope`, after validating the cron and the
   * time zone. Throws `NotFoundError` (no such provider) or `ConfigError` whose issues name
   * `cron` or `timezone`. Audited as `schedule.set`.
   */
  set(
    providerId: string,
    scope: SyncScope,
    input: ScheduleInput,
    actor: Actor,
  ): Promise<ScheduleView>;
  /**
   * Deletes the schedule; `false` when there was none. Throws `NotFoundError` for an unknown
   * provider. Audited as `schedule.delete` when something was deleted.
   */
  delete(providerId: string, scope: SyncScope, actor: Actor): Promise<boolean>;
  /** The provider's recorded fires, newest first (at most `first`, default 20). */
  fires(providerId: string, first?: number): Promise<ScheduleFireRecord[]>;
}

/**
 * Schedules per provider and scope: one cron for groups and one for users (go-ldap-admin's
 * `dept-sync-time` and `user-sync-time`), or one for all. The scheduler (`createScheduler`)
 * acts on them; this service validates and stores them.
 */
export function createScheduleService(options: ScheduleServiceOptions): ScheduleService {
  const { repositories } = options;
  const now = options.now ?? (() => new Date());

  async function providerOf(providerId: string) {
    const provider = await repositories.providers.get(providerId);
    if (!provider) throw new NotFoundError("provider", providerId);
    return provider;
  }

  function view(record: ScheduleRecord): ScheduleView {
    let cron: ReturnType<typeof compileCron> | undefined;
    return {
      ...record,
      nextFireTimes(count = 5) {
        if (!Number.isInteger(count) || count < 1 || count > MAX_FIRE_TIMES) {
          throw new ConfigError(`schedules: count must be between 1 and ${MAX_FIRE_TIMES}`, [
            { path: "count", message: `between 1 and ${MAX_FIRE_TIMES}` },
          ]);
        }
        try {
          cron ??= compileCron(record);
        } catch {
          // A stored cron that no longer parses never fires (the scheduler logs it).
          return [];
        }
        return cron.nextTimes(count, now());
      },
    };
  }

  return {
    async list(providerId) {
      return (await repositories.schedules.list(providerId)).map(view);
    },

    async get(providerId, scope) {
      const record = await repositories.schedules.get(providerId, scope);
      return record && view(record);
    },

    async set(providerId, scope, input, actor) {
      const provider = await providerOf(providerId);
      const compiled = compileCron(input, `schedules (${provider.flag})`);
      const record = await repositories.schedules.set(providerId, scope, {
        cron: compiled.cron,
        timezone: compiled.timezone,
        enabled: input.enabled ?? true,
        updatedBy: actor.username,
      });
      await audit(
        repositories,
        actor,
        "schedule.set",
        { type: "provider", id: providerId },
        { scope, cron: record.cron, timezone: record.timezone, enabled: record.enabled },
      );
      return view(record);
    },

    async delete(providerId, scope, actor) {
      await providerOf(providerId);
      const deleted = await repositories.schedules.delete(providerId, scope);
      if (deleted) {
        await audit(
          repositories,
          actor,
          "schedule.delete",
          { type: "provider", id: providerId },
          {
            scope,
          },
        );
      }
      return deleted;
    },

    fires: (providerId, first = 20) => repositories.schedules.listFires(providerId, { first }),
  };
}
