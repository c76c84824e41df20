import type { SandboxFaults, WeComSandbox } from "./types.ts";

/**
 * `/_sandbox/*`: a small JSON control API, so a person (curl) or another process can read the
 * org and stats, inject faults and make changes while the provider reads. No auth: the sandbox
 * binds to 127.0.0.1 only.
 */

export interface ControlTarget extends WeComSandbox {
  faults(): SandboxFaults;
}

const ENDPOINTS = [
  "GET stats",
  "GET org",
  "GET faults",
  "POST faults",
  "POST reset-stats",
  "POST hire",
  "POST update-user",
  "POST resign",
  "POST add-department",
  "POST rename-department",
  "POST move-department",
  "POST delete-department",
];

type Body = Record<string, unknown>;

export async function handleControl(
  sandbox: ControlTarget,
  method: string,
  name: string,
  text: string,
): Promise<{ status: number; body: unknown }> {
  let body: Body = {};
  try {
    body = text === "" ? {} : (JSON.parse(text) as Body);
  } catch {
    return { status: 400, body: { error: "the body must be JSON" } };
  }
  const str = (key: string) => {
    const value = body[key];
    if (typeof value !== "string" || value === "")
      throw new Error(`"${key}" must be a non-empty string`);
    return value;
  };
  try {
    switch (`${method} ${name}`) {
      case "GET stats":
        return { status: 200, body: sandbox.stats };
      case "GET org":
        return { status: 200, body: sandbox.org() };
      case "GET faults":
        return { status: 200, body: sandbox.faults() };
      case "POST faults":
        sandbox.setFaults(body as SandboxFaults);
        return { status: 200, body: sandbox.faults() };
      case "POST reset-stats":
        sandbox.resetStats();
        return { status: 200, body: sandbox.stats };
      case "POST hire":
        await sandbox.hire(body as never);
        return { status: 200, body: { ok: true } };
      case "POST update-user":
        await sandbox.updateUser(str("id"), (body.change ?? {}) as never);
        return { status: 200, body: { ok: true } };
      case "POST resign":
        await sandbox.resign(str("id"));
        return { status: 200, body: { ok: true } };
      case "POST add-department":
        await sandbox.addDepartment({ raw: {}, order: 0, ...body } as never);
        return { status: 200, body: { ok: true } };
      case "POST rename-department":
        await sandbox.renameDepartment(str("id"), str("name"));
        return { status: 200, body: { ok: true } };
      case "POST move-department":
        await sandbox.moveDepartment(str("id"), str("parentId"));
        return { status: 200, body: { ok: true } };
      case "POST delete-department":
        await sandbox.deleteDepartment(str("id"));
        return { status: 200, body: { ok: true } };
      default:
        return { status: 404, body: { error: `no such control endpoint`, endpoints: ENDPOINTS } };
    }
  } catch (error) {
    return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}
