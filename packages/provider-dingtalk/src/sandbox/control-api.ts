import type { RunningDingTalkSandbox } from "./start-sandbox.ts";

/**
 * `/_sandbox/*`: a JSON control API so a person (curl) or another process can read the org and
 * stats, inject faults and make changes while a provider reads. No auth: it binds to 127.0.0.1.
 */

const ENDPOINTS = [
  "GET org",
  "GET stats",
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

export async function handleControl(
  sandbox: RunningDingTalkSandbox,
  method: string,
  name: string,
  body: string,
): Promise<{ status: number; body: unknown }> {
  const key = `${method} ${name}`;
  if (!ENDPOINTS.includes(key)) {
    return {
      status: 404,
      body: { error: `dingtalk sandbox: no control endpoint ${key}`, endpoints: ENDPOINTS },
    };
  }
  try {
    if (key === "GET org") return { status: 200, body: sandbox.org() };
    if (key === "GET stats") return { status: 200, body: sandbox.stats };
    if (key === "GET faults") return { status: 200, body: sandbox.faults() };
    // biome-ignore lint/suspicious/noExplicitAny: the sandbox's own methods validate what they use
    const input = (body.trim() === "" ? {} : JSON.parse(body)) as any;
    switch (name) {
      case "faults":
        sandbox.setFaults(input);
        break;
      case "reset-stats":
        sandbox.resetStats();
        break;
      case "hire":
        await sandbox.hire(input);
        break;
      case "update-user":
        await sandbox.updateUser(String(input.id), input.change ?? {});
        break;
      case "resign":
        await sandbox.resign(String(input.id));
        break;
      case "add-department":
        await sandbox.addDepartment(input);
        break;
      case "rename-department":
        await sandbox.renameDepartment(String(input.id), String(input.name));
        break;
      case "move-department":
        await sandbox.moveDepartment(String(input.id), String(input.parentId));
        break;
      case "delete-department":
        await sandbox.deleteDepartment(String(input.id));
        break;
    }
    return { status: 200, body: { ok: true } };
  } catch (error) {
    return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}
