import type { Reply } from "./http-util.ts";
import { fail, ok } from "./http-util.ts";
import type { DepartmentIdType, OrgModel, RenderContext, UserIdType } from "./org-model.ts";
import { ROOT_ID } from "./org-model.ts";
import { decodePageToken, encodePageToken } from "./page-token.ts";
import type { FeishuScope, SandboxApp, SandboxFaults } from "./types.ts";

/**
 * The contact v3 read endpoints (§3, §4 of the wire spec), as pure functions from a parsed
 * request to a reply. Auth, throttling and injected faults happen before these, in the server.
 */

export type ContactRoute =
  | "children"
  | "department"
  | "batch"
  | "parent"
  | "findByDepartment"
  | "user"
  | "scopes";

export interface ContactEnv {
  model: OrgModel;
  app: Required<SandboxApp>;
  faults: SandboxFaults;
  /** Binds page tokens to this sandbox instance. */
  pageSecret: string;
}

export interface ContactRequest {
  route: ContactRoute;
  /** The `:id` path segment (already URL-decoded), for routes that have one. */
  pathId?: string;
  query: URLSearchParams;
}

const DEPARTMENT_SCOPES: FeishuScope[] = [
  "contact:contact:readonly_as_app",
  "contact:department.organize:readonly",
];
const USER_SCOPES: FeishuScope[] = [
  "contact:contact:readonly_as_app",
  "contact:user.base:readonly",
];

/** Parses `METHOD path` into a contact route, or undefined when it is not one. */
export function matchContactRoute(
  method: string,
  path: string,
): { route: ContactRoute; pathId?: string } | undefined {
  if (method !== "GET") return undefined;
  const prefix = "/open-apis/contact/v3/";
  if (!path.startsWith(prefix)) return undefined;
  const parts = path.slice(prefix.length).split("/");
  const id = (index: number) => decodeURIComponent(parts[index] ?? "");
  if (parts[0] === "scopes" && parts.length === 1) return { route: "scopes" };
  if (parts[0] === "departments") {
    if (parts.length === 2 && parts[1] === "batch") return { route: "batch" };
    if (parts.length === 2 && parts[1] === "parent") return { route: "parent" };
    if (parts.length === 2 && parts[1] !== "") return { route: "department", pathId: id(1) };
    if (parts.length === 3 && parts[2] === "children") return { route: "children", pathId: id(1) };
  }
  if (parts[0] === "users") {
    if (parts.length === 2 && parts[1] === "find_by_department")
      return { route: "findByDepartment" };
    if (parts.length === 2 && parts[1] !== "" && parts[1] !== "batch") {
      return { route: "user", pathId: id(1) };
    }
  }
  return undefined;
}

export function handleContact(env: ContactEnv, request: ContactRequest): Reply {
  const scopes = new Set(env.app.scopes);
  const needed =
    request.route === "findByDepartment" || request.route === "user"
      ? USER_SCOPES
      : request.route === "scopes"
        ? undefined
        : DEPARTMENT_SCOPES;
  if (needed && !needed.some((scope) => scopes.has(scope))) return permissionDenied(needed);

  const departmentIdType = request.query.get("department_id_type") ?? "open_department_id";
  const userIdType = request.query.get("user_id_type") ?? "open_id";
  if (departmentIdType !== "open_department_id" && departmentIdType !== "department_id") {
    return paramError("department_id_type", `unknown department_id_type ${departmentIdType}`);
  }
  if (userIdType !== "open_id" && userIdType !== "union_id" && userIdType !== "user_id") {
    return paramError("user_id_type", `unknown user_id_type ${userIdType}`);
  }
  const context: RenderContext = {
    departmentIdType: departmentIdType as DepartmentIdType,
    userIdType: userIdType as UserIdType,
    scopes,
  };
  const handler = new Handler(env, request.query, context);
  switch (request.route) {
    case "children":
      return handler.children(request.pathId ?? "");
    case "department":
      return handler.department(request.pathId ?? "");
    case "batch":
      return handler.batch();
    case "parent":
      return handler.parent();
    case "findByDepartment":
      return handler.findByDepartment();
    case "user":
      return handler.user(request.pathId ?? "");
    case "scopes":
      return handler.scopes();
  }
}

class Handler {
  constructor(
    private readonly env: ContactEnv,
    private readonly query: URLSearchParams,
    private readonly context: RenderContext,
  ) {}

  children(pathId: string): Reply {
    const resolved = this.resolve(pathId);
    if (typeof resolved !== "string") return resolved;
    const recursive = this.query.get("fetch_child") === "true";
    const list = this.env.model.children(resolved, recursive);
    return this.page(`children|${resolved}|${recursive}`, list, 10, 50, (department) =>
      this.env.model.renderDepartment(department, this.context),
    );
  }

  department(pathId: string): Reply {
    const resolved = this.resolve(pathId);
    if (typeof resolved !== "string") return resolved;
    if (resolved === ROOT_ID) return ok({ department: this.root() });
    const department = this.env.model.department(resolved);
    if (!department) return notExist();
    return ok({ department: this.env.model.renderDepartment(department, this.context) });
  }

  batch(): Reply {
    const ids = this.query.getAll("department_ids");
    if (ids.length === 0 || ids.length > 50) {
      return paramError("department_ids", "between 1 and 50 department_ids are required");
    }
    const items: Record<string, unknown>[] = [];
    for (const id of ids) {
      const resolved = this.resolve(id);
      if (typeof resolved !== "string") return resolved;
      const department = this.env.model.department(resolved);
      if (department) items.push(this.env.model.renderDepartment(department, this.context));
    }
    return ok({ items });
  }

  parent(): Reply {
    const id = this.query.get("department_id");
    if (!id) return paramError("department_id", "department_id is required");
    const resolved = this.resolve(id);
    if (typeof resolved !== "string") return resolved;
    // Ancestors child→root, the root excluded, only those the app may see.
    const ancestors = this.env.model
      .ancestors(resolved)
      .slice(1)
      .filter((ancestor) => this.access(ancestor) === undefined)
      .map((ancestor) => this.env.model.department(ancestor))
      .filter((department) => department !== undefined);
    return this.page(`parent|${resolved}`, ancestors, 20, 50, (department) =>
      this.env.model.renderDepartment(department, this.context),
    );
  }

  findByDepartment(): Reply {
    const id = this.query.get("department_id");
    if (id === null || id === "") return paramError("department_id", "department_id is required");
    const resolved = this.resolve(id);
    if (typeof resolved !== "string") return resolved;
    const members = this.env.model.members(resolved);
    return this.page(`users|${resolved}`, members, 10, 50, (user) =>
      this.env.model.renderUser(user, this.context),
    );
  }

  user(pathId: string): Reply {
    const coreId = this.env.model.resolveUser(pathId);
    const user = coreId === undefined ? undefined : this.env.model.user(coreId);
    // The id must be of the requested type, not merely some id of the person.
    if (!user || this.env.model.renderUserId(user.id, this.context.userIdType) !== pathId) {
      return fail(400, 41050, "no user authority error");
    }
    const visible = user.departmentIds.some((department) => this.access(department) === undefined);
    if (!visible) return fail(400, 41050, "no user authority error");
    return ok({ user: this.env.model.renderUser(user, this.context) });
  }

  scopes(): Reply {
    const scope = this.env.app.contactScope;
    const ids =
      scope === "all"
        ? [ROOT_ID]
        : scope.map((id) => this.env.model.renderDepartmentId(id, this.context.departmentIdType));
    const reply = this.page(
      `scopes|${scope === "all" ? "all" : scope.join(",")}`,
      ids,
      50,
      100,
      (id) => id,
    );
    if (reply.status !== 200) return reply;
    const data = (reply.body as { data: Record<string, unknown> }).data;
    const { items, ...rest } = data;
    return ok({ department_ids: items, user_ids: [], group_ids: [], ...rest });
  }

  /** The root as `GET departments/0` shows it: the tenant, with every member counted. */
  private root(): Record<string, unknown> {
    const members = new Set(this.env.model.snapshot().users.map((user) => user.id));
    return {
      name: "Sandbox Tenant",
      i18n_name: { zh_cn: "Sandbox Tenant", en_us: "Sandbox Tenant" },
      parent_department_id: "",
      department_id: ROOT_ID,
      open_department_id: ROOT_ID,
      order: "0",
      member_count: members.size,
      status: { is_deleted: false },
    };
  }

  /** The open_department_id for a path/query id, or the error reply (40015, 40004). */
  private resolve(id: string): string | Reply {
    const departmentIdType = this.context.departmentIdType;
    const resolved = this.env.model.resolveDepartment(id, departmentIdType);
    if (resolved === undefined) return notExist();
    return this.access(resolved) ?? resolved;
  }

  /** undefined when the app may read the department, else the 40004 reply. */
  private access(openId: string): Reply | undefined {
    const denied = fail(403, 40004, "no dept authority error");
    if (this.env.faults.noAuthorityDepartments?.includes(openId)) return denied;
    const scope = this.env.app.contactScope;
    if (scope === "all") return undefined;
    if (openId === ROOT_ID) return denied;
    const chain = this.env.model.ancestors(openId);
    return chain.some((ancestor) => scope.includes(ancestor)) ? undefined : denied;
  }

  private page<T>(
    listing: string,
    list: readonly T[],
    defaultSize: number,
    maxSize: number,
    render: (item: T) => unknown,
  ): Reply {
    const sizeParam = this.query.get("page_size");
    let size = defaultSize;
    if (sizeParam !== null && sizeParam !== "") {
      size = /^\d+$/.test(sizeParam) ? Number(sizeParam) : Number.NaN;
      if (!(size >= 1 && size <= maxSize)) return fail(400, 40011, "page size is invalid");
    }
    const token = this.query.get("page_token");
    let offset = 0;
    if (token !== null && token !== "") {
      const decoded = decodePageToken(this.env.pageSecret, listing, token);
      if (decoded === undefined) return fail(400, 40012, "page token is invalid");
      offset = decoded;
    }
    const items = list.slice(offset, offset + size).map(render);
    const hasMore = offset + size < list.length;
    return ok(
      hasMore
        ? {
            has_more: true,
            page_token: encodePageToken(this.env.pageSecret, listing, offset + size),
            items,
          }
        : { has_more: false, items },
    );
  }
}

function notExist(): Reply {
  return fail(400, 40015, "department not exist");
}

function paramError(field: string, description: string): Reply {
  return fail(400, 40001, "param error", {
    error: { field_violations: [{ field, description }] },
  });
}

function permissionDenied(scopes: readonly FeishuScope[]): Reply {
  return fail(
    400,
    99991672,
    `Access denied. One of the following scopes is required: [${scopes.join(", ")}].`,
    {
      error: {
        log_id: "sandbox",
        permission_violations: scopes.map((subject) => ({
          type: "action_scope_required",
          subject,
        })),
      },
    },
  );
}
