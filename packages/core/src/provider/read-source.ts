import { CancelledError, SourceReadError } from "../errors.ts";
import { SOURCE_USER_STATUSES, type SourceSnapshot, type SourceUser } from "../model/source.ts";
import type { Provider } from "./provider.ts";

/**
 * Reads a provider completely into a snapshot. A failure anywhere fails the whole read: the
 * planner must never mistake a half-read org chart for a complete one (a half-read org chart
 * looks exactly like mass departures).
 *
 * A user yielded once per department (as Feishu's `find_by_department` does) becomes one user
 * with the union of the departments.
 */
export async function readSource(
  provider: Provider,
  options: { signal?: AbortSignal } = {},
): Promise<SourceSnapshot> {
  const { signal } = options;
  const where = `source (${provider.flag})`;
  try {
    signal?.throwIfAborted();
    const departments = new Map<string, SourceSnapshot["departments"][number]>();
    for await (const department of provider.fetchDepartments({ signal })) {
      signal?.throwIfAborted();
      if (!department.id || typeof department.id !== "string") {
        throw new SourceReadError(
          `${where}: a department without an id: ${JSON.stringify(department.raw)}`,
        );
      }
      if (department.id === provider.rootDepartmentId) continue;
      departments.set(department.id, department);
    }
    const users = new Map<string, SourceUser>();
    for await (const user of provider.fetchUsers({ signal })) {
      signal?.throwIfAborted();
      if (!user.id || typeof user.id !== "string") {
        throw new SourceReadError(`${where}: a user without an id: ${JSON.stringify(user.raw)}`);
      }
      if (!SOURCE_USER_STATUSES.includes(user.status)) {
        throw new SourceReadError(`${where}: user ${user.id} has unknown status "${user.status}"`);
      }
      const seen = users.get(user.id);
      if (!seen) {
        users.set(user.id, { ...user, departmentIds: [...new Set(user.departmentIds)] });
        continue;
      }
      for (const id of user.departmentIds) {
        if (!seen.departmentIds.includes(id)) seen.departmentIds.push(id);
      }
      seen.primaryDepartmentId ??= user.primaryDepartmentId;
    }
    return { departments: [...departments.values()], users: [...users.values()] };
  } catch (error) {
    if (signal?.aborted || error instanceof CancelledError) {
      throw error instanceof CancelledError
        ? error
        : new CancelledError(`${where}: read cancelled`, { cause: error });
    }
    if (error instanceof SourceReadError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SourceReadError(
      `${where}: the read did not complete, nothing was planned: ${reason}`,
      {
        cause: error,
      },
    );
  }
}
