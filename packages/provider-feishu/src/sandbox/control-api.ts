import { z } from "zod";
import type { Reply } from "./http-util.ts";
import { parseJson } from "./http-util.ts";
import { departmentSchema, parseRecord, userSchema } from "./org-schema.ts";
import type { FeishuSandbox, SandboxFaults } from "./types.ts";

/**
 * `/_sandbox/*`: a JSON control API, so a person (curl) or another process can change the org,
 * inject faults and read stats while the SDK talks to the Feishu routes. No auth: it binds to
 * 127.0.0.1 only.
 */

export interface ControlTarget extends FeishuSandbox {
  currentFaults(): SandboxFaults;
}

const idBody = z.object({ id: z.string().min(1) });
const renameBody = z.object({ id: z.string().min(1), name: z.string().min(1) });
const moveBody = z.object({ id: z.string().min(1), parentId: z.string().min(1) });
const updateBody = z.object({
  id: z.string().min(1),
  change: userSchema.omit({ id: true }).partial(),
});
const faultsBody = z.object({
  rate429: z.number().min(0).max(1).optional(),
  resetSeconds: z.number().positive().optional(),
  rate5xx: z.number().min(0).max(1).optional(),
  enforceLimits: z.boolean().optional(),
  latencyMs: z.number().min(0).optional(),
  tokenTtlCalls: z.number().positive().optional(),
  noAuthorityDepartments: z.array(z.string()).optional(),
  failCall: z
    .array(
      z.object({
        route: z.enum(["children", "findByDepartment", "department"]),
        nth: z.number().int().positive(),
        status: z.number().int(),
        code: z.number().int(),
      }),
    )
    .optional(),
});

const ENDPOINTS = [
  "GET org",
  "GET stats",
  "GET faults",
  "POST hire",
  "POST update-user",
  "POST resign",
  "POST add-department",
  "POST rename-department",
  "POST move-department",
  "POST delete-department",
  "POST faults",
  "POST reset-stats",
];

export async function handleControl(
  sandbox: ControlTarget,
  method: string,
  name: string,
  body: string,
): Promise<Reply> {
  try {
    const key = `${method} ${name}`;
    if (key === "GET org") return done(sandbox.org());
    if (key === "GET stats") return done(sandbox.stats);
    if (key === "GET faults") return done(sandbox.currentFaults());
    if (!ENDPOINTS.includes(key)) {
      return {
        status: 404,
        body: { error: `feishu sandbox: no control endpoint ${key}`, endpoints: ENDPOINTS },
      };
    }
    let input: unknown;
    try {
      input = parseJson(body);
    } catch {
      return { status: 400, body: { error: "feishu sandbox: the body is not JSON" } };
    }
    switch (name) {
      case "hire": {
        const user = parseRecord(userSchema, input, "user");
        const { primaryDepartmentId, ...rest } = user;
        await sandbox.hire(
          primaryDepartmentId === undefined ? rest : { ...rest, primaryDepartmentId },
        );
        return done({ ok: true });
      }
      case "update-user": {
        const { id, change } = parseRecord(updateBody, input, "update-user body");
        await sandbox.updateUser(id, stripUndefined(change));
        return done({ ok: true });
      }
      case "resign":
        await sandbox.resign(parseRecord(idBody, input, "resign body").id);
        return done({ ok: true });
      case "add-department":
        await sandbox.addDepartment(parseRecord(departmentSchema, input, "department"));
        return done({ ok: true });
      case "rename-department": {
        const { id, name: newName } = parseRecord(renameBody, input, "rename-department body");
        await sandbox.renameDepartment(id, newName);
        return done({ ok: true });
      }
      case "move-department": {
        const { id, parentId } = parseRecord(moveBody, input, "move-department body");
        await sandbox.moveDepartment(id, parentId);
        return done({ ok: true });
      }
      case "delete-department":
        await sandbox.deleteDepartment(parseRecord(idBody, input, "delete-department body").id);
        return done({ ok: true });
      case "faults": {
        sandbox.setFaults(stripUndefined(parseRecord(faultsBody, input, "faults")));
        return done({ ok: true, faults: sandbox.currentFaults() });
      }
      case "reset-stats":
        sandbox.resetStats();
        return done({ ok: true });
    }
    return { status: 404, body: { error: `feishu sandbox: no control endpoint ${key}` } };
  } catch (error) {
    return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}

function done(body: unknown): Reply {
  return { status: 200, body };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
