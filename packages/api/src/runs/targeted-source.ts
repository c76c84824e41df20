import {
  CancelledError,
  ConfigError,
  type DirectorySnapshot,
  type Provider,
  readSource,
  SafetyError,
  SOURCE_USER_STATUSES,
  SourceReadError,
  type SourceSnapshot,
} from "@orgsync/core";
import type { RunTargets } from "../db/schema.ts";

/**
 * The source side of an event-driven run: just the objects its targets name, re-read through
 * the provider's `targeted` reads. A provider without them is read in full — the planner still
 * plans only the targets (ids absent from a full read are gone from the IM either way).
 */
export async function readTargetedSource(
  provider: Provider,
  targets: RunTargets,
  options: { signal?: AbortSignal } = {},
): Promise<SourceSnapshot> {
  const reads = provider.targeted;
  if (!reads) return readSource(provider, options);
  const where = `source (${provider.flag})`;
  const { signal } = options;
  try {
    signal?.throwIfAborted();
    const departmentIds = targets.departmentIds.filter((id) => id !== provider.rootDepartmentId);
    const [departments, users] = await Promise.all([
      departmentIds.length > 0
        ? reads.departments(departmentIds, { signal })
        : { found: [], missing: [] },
      targets.userIds.length > 0
        ? reads.users(targets.userIds, { signal })
        : { found: [], missing: [] },
    ]);
    for (const user of users.found) {
      // The same guard a full read applies: an unknown status must not read as a departure.
      if (!SOURCE_USER_STATUSES.includes(user.status)) {
        throw new SourceReadError(`${where}: user ${user.id} has unknown status "${user.status}"`);
      }
    }
    return {
      departments: departments.found,
      users: users.found.map((user) => ({
        ...user,
        departmentIds: [...new Set(user.departmentIds)],
      })),
    };
  } catch (error) {
    if (signal?.aborted || error instanceof CancelledError) {
      throw error instanceof CancelledError
        ? error
        : new CancelledError(`${where}: targeted read cancelled`, { cause: error });
    }
    if (error instanceof SourceReadError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SourceReadError(
      `${where}: the targeted read did not complete, nothing was planned: ${reason}`,
      { cause: error },
    );
  }
}

/**
 * Refuses a targeted run that would create or place people in departments whose groups do not
 * exist yet (and are not among the run's own targets). A full run plans those groups first; a
 * targeted one would silently leave the people outside every group, so it fails and says how
 * to fix it. Departments the IM does not return at all (out of the app's scope) are left to the
 * planner, which warns about them as a full run does.
 */
export async function assertTargetedGroupsSynced(
  provider: Provider,
  source: SourceSnapshot,
  directory: DirectorySnapshot,
  targets: RunTargets,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const flag = provider.flag;
  const synced = new Set<string>();
  for (const entry of directory.entries) {
    if (entry.kind === "group" && entry.anchor?.startsWith(`${flag}:`)) {
      synced.add(entry.anchor.slice(flag.length + 1));
    }
  }
  // A run's own departments get their groups first (a full-read fallback holds every
  // department, but plans only the targeted ones).
  const targetedDepartments = new Set(targets.departmentIds);
  for (const department of source.departments) {
    if (targetedDepartments.has(department.id)) synced.add(department.id);
  }
  const targetedUsers = new Set(targets.userIds);
  const waiting = new Map<string, string[]>();
  for (const user of source.users) {
    // Only people this run places in groups: departures and not-yet-joined people need none.
    if (user.status !== "active" || !targetedUsers.has(user.id)) continue;
    for (const id of user.departmentIds) {
      if (id === provider.rootDepartmentId || synced.has(id)) continue;
      const users = waiting.get(id) ?? [];
      users.push(user.id);
      waiting.set(id, users);
    }
  }
  if (waiting.size === 0) return;
  // "Not synced yet" or "outside the app's scope"? Only the IM can tell (a full-read fallback
  // already holds every department it knows).
  const known = provider.targeted
    ? (await provider.targeted.departments([...waiting.keys()], options)).found.map((d) => d.id)
    : source.departments.map((department) => department.id);
  const unsynced = known.filter((id) => waiting.has(id));
  if (unsynced.length === 0) return;
  const people = [...new Set(unsynced.flatMap((id) => waiting.get(id) ?? []))];
  throw new SafetyError(
    "groupsNotSynced",
    `runs (${flag}): this event-driven run cannot place ${describe("user", people)} in ${describe("department", unsynced)}, whose group${unsynced.length === 1 ? " does" : "s do"} not exist in the directory yet; run an ALL sync for "${flag}" (it creates the groups and places these people)`,
  );
}

function describe(noun: string, ids: readonly string[]): string {
  const shown = ids.slice(0, 5).join(", ");
  const more = ids.length > 5 ? ` and ${ids.length - 5} more` : "";
  return `${noun}${ids.length === 1 ? "" : "s"} ${shown}${more}`;
}

/**
 * Checks and tidies a run's targets before they are stored: ids de-duplicated and sorted (a
 * stable record), at least one id in all. Throws a `ConfigError` naming the bad field.
 */
export function normalizeTargets(targets: RunTargets): RunTargets {
  const tidy = (ids: unknown, path: keyof RunTargets): string[] => {
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string" || id === "")) {
      throw new ConfigError(`runs: targets.${path} must be a list of non-empty ids`, [
        { path: `targets.${path}`, message: "a list of non-empty ids" },
      ]);
    }
    return [...new Set(ids as string[])].sort();
  };
  const normalized = {
    departmentIds: tidy(targets.departmentIds, "departmentIds"),
    userIds: tidy(targets.userIds, "userIds"),
  };
  if (normalized.departmentIds.length === 0 && normalized.userIds.length === 0) {
    throw new ConfigError(
      "runs: targets name no department and no user; leave targets out for a full run",
      [{ path: "targets", message: "at least one id" }],
    );
  }
  return normalized;
}
