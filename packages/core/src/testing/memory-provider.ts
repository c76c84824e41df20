import { z } from "zod";
import { CancelledError, ConfigError, SourceReadError } from "../errors.ts";
import type { FieldRelations } from "../field-relations/types.ts";
import { isValidFlag } from "../model/anchor.ts";
import type { SourceDepartment, SourceSnapshot, SourceUser } from "../model/source.ts";
import {
  type ConnectionCheck,
  connectionReport,
  type FetchOptions,
  type FieldDescriptors,
  type Provider,
  type ProviderPlugin,
  type TargetedResult,
} from "../provider/provider.ts";
import { generateOrg } from "./org-generator.ts";

/**
 * A `Provider` over an org chart held in memory: what planner, executor and API tests read
 * from instead of Feishu. It streams like the real ones (async, cancellable, a person once per
 * department) and can be told to fail mid-stream, so "a partial read never reaches the planner"
 * is testable.
 */

/** Where and how a read fails. */
export interface MemoryProviderFault {
  /**
   * The read that fails.
   * @example "users"
   */
  stream: "departments" | "users" | "targeted" | "testConnection";
  /**
   * Items yielded before the failure (streams only).
   * @default 0
   * @example 25
   */
  after?: number;
  /**
   * What is thrown. For `testConnection`, its message becomes a failed check instead.
   * @default a SourceReadError naming the stream
   */
  error?: Error;
  /**
   * Reads that fail before the fault heals (to test retries of a whole run).
   * @default Infinity
   * @example 1
   */
  times?: number;
}

export interface MemoryProviderOptions {
  /**
   * The provider's flag, the first half of its anchors.
   * @default "memory"
   * @example "feishu"
   */
  flag?: string;
  /**
   * Id of the root department: referenced as a parent, never yielded.
   * @default "0"
   * @example "1" (DingTalk, WeCom)
   */
  rootDepartmentId?: string;
  /**
   * The org chart, or a function read at the start of every fetch (to change the org between
   * runs).
   * @example generateOrg({ departments: 20, users: 200 })
   */
  org: SourceSnapshot | (() => SourceSnapshot);
  /**
   * Faults to inject; more can be added later with `fail()`.
   * @default []
   * @example { stream: "users", after: 10 }
   */
  fail?: MemoryProviderFault | readonly MemoryProviderFault[];
  /**
   * Delay before each yielded item, in ms, to make cancellation and progress observable.
   * @default 0
   * @example 5
   */
  latency?: number;
  /**
   * Kind reported by the provider.
   * @default "memory"
   */
  kind?: string;
}

export interface MemoryProvider extends Provider {
  readonly targeted: NonNullable<Provider["targeted"]>;
  /** Adds a fault for later reads. Returns a function that removes it. */
  fail(fault: MemoryProviderFault): () => void;
  /** Replaces the org chart for later reads. */
  setOrg(org: SourceSnapshot | (() => SourceSnapshot)): void;
  /** Reads started, by kind: tests check that a targeted run did not fall back to a full read. */
  readonly reads: Readonly<Record<MemoryProviderFault["stream"], number>>;
}

export function memoryProvider(options: MemoryProviderOptions): MemoryProvider {
  const flag = options.flag ?? "memory";
  if (!isValidFlag(flag)) {
    throw new ConfigError(
      `memory provider: flag "${flag}" is not valid; use lower-case letters, digits, "_" and "-", starting with a letter`,
      [{ path: "flag", message: "invalid flag" }],
    );
  }
  const rootId = options.rootDepartmentId ?? "0";
  const kind = options.kind ?? "memory";
  let org = options.org;
  const faults: { fault: MemoryProviderFault; left: number }[] = [];
  const reads = { departments: 0, users: 0, targeted: 0, testConnection: 0 };

  function fail(fault: MemoryProviderFault): () => void {
    const record = { fault, left: fault.times ?? Number.POSITIVE_INFINITY };
    faults.push(record);
    return () => {
      const index = faults.indexOf(record);
      if (index >= 0) faults.splice(index, 1);
    };
  }
  const initial = options.fail;
  for (const fault of initial === undefined ? [] : "stream" in initial ? [initial] : initial) {
    fail(fault);
  }

  /** The fault for this read, consumed; read once at the start so a read fails consistently. */
  function takeFault(stream: MemoryProviderFault["stream"]): MemoryProviderFault | undefined {
    reads[stream]++;
    const record = faults.find(
      (candidate) => candidate.fault.stream === stream && candidate.left > 0,
    );
    if (!record) return undefined;
    record.left--;
    return record.fault;
  }

  function faultError(fault: MemoryProviderFault, yielded: number): Error {
    return (
      fault.error ??
      new SourceReadError(
        `memory provider ${flag}: ${fault.stream} read failed after ${yielded} items (injected fault)`,
      )
    );
  }

  function snapshot(): SourceSnapshot {
    return typeof org === "function" ? org() : org;
  }

  function checkSignal(signal: AbortSignal | undefined, what: string): void {
    if (signal?.aborted) {
      throw new CancelledError(`memory provider ${flag}: ${what} read cancelled`, {
        cause: signal.reason,
      });
    }
  }

  async function pause(signal: AbortSignal | undefined, what: string): Promise<void> {
    const latency = options.latency ?? 0;
    if (latency <= 0) {
      // Still yield to the event loop, as a network read would: consumers must not rely on
      // a synchronous stream.
      await Promise.resolve();
    } else {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, latency);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          resolve();
        }
        signal?.addEventListener("abort", done, { once: true });
      });
    }
    checkSignal(signal, what);
  }

  /** Yields items with latency, cancellation and the stream's fault applied. */
  async function* stream<T>(
    what: "departments" | "users",
    items: Iterable<T>,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<T> {
    checkSignal(signal, what);
    const fault = takeFault(what);
    let yielded = 0;
    for (const item of items) {
      if (fault && yielded >= (fault.after ?? 0)) throw faultError(fault, yielded);
      await pause(signal, what);
      yield item;
      yielded++;
    }
    if (fault && yielded >= (fault.after ?? 0)) throw faultError(fault, yielded);
    checkSignal(signal, what);
  }

  function* departmentItems(): Generator<SourceDepartment> {
    for (const department of snapshot().departments) {
      if (department.id !== rootId) yield copyDepartment(department);
    }
  }

  // As Feishu lists users department by department, a person in three departments comes three
  // times (each time with all their departments); people in no listed department come last.
  function* userItems(): Generator<SourceUser> {
    const { departments, users } = snapshot();
    const byDepartment = new Map<string, SourceUser[]>();
    const order = [rootId, ...departments.map((department) => department.id)];
    for (const id of order) byDepartment.set(id, []);
    const unplaced: SourceUser[] = [];
    for (const user of users) {
      let placed = false;
      for (const id of new Set(user.departmentIds)) {
        const list = byDepartment.get(id);
        if (list) {
          list.push(user);
          placed = true;
        }
      }
      if (!placed) unplaced.push(user);
    }
    for (const list of byDepartment.values()) {
      for (const user of list) yield copyUser(user);
    }
    for (const user of unplaced) yield copyUser(user);
  }

  async function targetedRead<T extends { id: string }>(
    ids: readonly string[],
    items: T[],
    copy: (item: T) => T,
    fetchOptions: FetchOptions | undefined,
  ): Promise<TargetedResult<T>> {
    const signal = fetchOptions?.signal;
    checkSignal(signal, "targeted");
    const fault = takeFault("targeted");
    await pause(signal, "targeted");
    if (fault) throw faultError(fault, 0);
    const byId = new Map(items.map((item) => [item.id, item]));
    const found: T[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const item = byId.get(id);
      if (item) found.push(copy(item));
      else missing.push(id);
    }
    return { found, missing };
  }

  return {
    kind,
    flag,
    rootDepartmentId: rootId,

    fetchDepartments(fetchOptions) {
      return stream("departments", departmentItems(), fetchOptions?.signal);
    },

    fetchUsers(fetchOptions) {
      return stream("users", userItems(), fetchOptions?.signal);
    },

    async testConnection(testOptions) {
      checkSignal(testOptions?.signal, "testConnection");
      const fault = takeFault("testConnection");
      await pause(testOptions?.signal, "testConnection");
      const checks: ConnectionCheck[] = [
        fault
          ? {
              id: "credentials",
              label: "Credentials",
              status: "failed",
              detail: fault.error?.message ?? "injected fault",
              fix: "remove the injected testConnection fault",
            }
          : { id: "credentials", label: "Credentials", status: "ok" },
        {
          id: "scope",
          label: "Org chart readable",
          status: fault ? "skipped" : "ok",
          detail: fault
            ? "not checked: credentials failed"
            : `${snapshot().departments.length} departments, ${snapshot().users.length} users`,
        },
      ];
      return connectionReport(checks);
    },

    targeted: {
      departments(ids, fetchOptions) {
        const departments = snapshot().departments.filter((department) => department.id !== rootId);
        return targetedRead(ids, departments, copyDepartment, fetchOptions);
      },
      users(ids, fetchOptions) {
        return targetedRead(ids, snapshot().users, copyUser, fetchOptions);
      },
    },

    fail,

    setOrg(next) {
      org = next;
    },

    reads,
  };
}

// Every read hands out fresh objects, as a network read would, so a consumer that mutates what
// it read cannot change the org behind the next read.
function copyDepartment(department: SourceDepartment): SourceDepartment {
  return { ...department, raw: cloneJson(department.raw) };
}

function copyUser(user: SourceUser): SourceUser {
  return { ...user, departmentIds: [...user.departmentIds], raw: cloneJson(user.raw) };
}

// Raw records are JSON-shaped; a plain recursive copy is several times faster than
// structuredClone, which matters when benchmarks read 100k users.
function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = cloneJson((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return value;
}

/** Configuration of the memory plugin: the flag, and the shape of the generated org. */
export interface MemoryProviderConfig {
  flag: string;
  /** Departments of the generated org. Default 20. */
  departments: number;
  /** Users of the generated org. Default 200. */
  users: number;
  /** Seed of the generated org. Default 1. */
  seed: number;
}

const memoryConfigSchema = z.object({
  flag: z.string().refine(isValidFlag, {
    message: 'use lower-case letters, digits, "_" and "-", starting with a letter (e.g. "memory")',
  }),
  departments: z.number().int().min(0).max(100_000).default(20),
  users: z.number().int().min(0).max(1_000_000).default(200),
  seed: z.number().int().default(1),
});

const MEMORY_FIELDS: FieldDescriptors = {
  group: [
    { path: "name", label: "Name", type: "string", example: "研发中心" },
    {
      path: "open_department_id",
      label: "Open department id",
      type: "string",
      example: "od-4e6187614a7bbd39a10d3b4d95fa8b0c",
    },
    { path: "department_id", label: "Department id", type: "string", example: "D000001" },
    { path: "parent_department_id", label: "Parent department id", type: "string", example: "0" },
    { path: "leader_user_id", label: "Leader (open id)", type: "string" },
    { path: "order", label: "Order", type: "string", example: "1000" },
    { path: "member_count", label: "Member count", type: "number" },
  ],
  user: [
    { path: "name", label: "Name", type: "string", example: "张伟" },
    { path: "en_name", label: "English name", type: "string", example: "zhangwei" },
    { path: "email", label: "Email", type: "string", example: "zhangwei@example.com" },
    { path: "mobile", label: "Mobile", type: "string", example: "+8613800000000" },
    { path: "employee_no", label: "Employee number", type: "string", example: "E000001" },
    { path: "job_title", label: "Job title", type: "string", example: "工程师" },
    { path: "work_station", label: "Work station", type: "string", example: "北京-A座-12F" },
    { path: "city", label: "City", type: "string", example: "北京" },
    { path: "open_id", label: "Open id", type: "string" },
    { path: "union_id", label: "Union id", type: "string" },
    { path: "user_id", label: "User id", type: "string" },
    { path: "department_ids", label: "Department ids", type: "string[]" },
    { path: "gender", label: "Gender (1 male, 2 female)", type: "number" },
    { path: "join_time", label: "Join time (unix seconds)", type: "number" },
    { path: "status.is_frozen", label: "Frozen", type: "boolean" },
    { path: "status.is_resigned", label: "Resigned", type: "boolean" },
  ],
};

const MEMORY_FIELD_RELATIONS: FieldRelations = {
  group: { name: "{{ name | pinyin }}", attributes: { description: "name" } },
  user: {
    username: ['{{ name | pinyin: "name" }}'],
    attributes: {
      cn: "{{ username }}",
      sn: "name",
      displayName: "name",
      mail: "email",
      employeeNumber: "employee_no",
    },
  },
};

/**
 * The memory provider as a plugin: for registry, API and admin-app tests and demos. Its org is
 * generated from the configuration (`generateOrg`), so a configured provider needs no fixtures.
 */
export const memoryProviderPlugin: ProviderPlugin<MemoryProviderConfig> = {
  kind: "memory",
  displayName: "In-memory org (tests and demos)",
  rootDepartmentId: "0",
  configSchema: memoryConfigSchema,
  secretFields: [],
  defaultFieldRelations: MEMORY_FIELD_RELATIONS,
  describeFields: () => cloneJson(MEMORY_FIELDS),
  create(config) {
    let org: SourceSnapshot | undefined;
    return memoryProvider({
      flag: config.flag,
      // Generated on first read: `create` does no work until asked to read.
      org: () => {
        org ??= generateOrg({
          departments: config.departments,
          users: config.users,
          seed: config.seed,
        });
        return org;
      },
    });
  },
};
