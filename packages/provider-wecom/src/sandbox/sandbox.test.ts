import { conformanceOrg } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningWeComSandbox, startWeComSandbox } from "./index.ts";

describe("wecom sandbox", () => {
  let sandbox: RunningWeComSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it("refuses an org with Feishu-style department ids, saying how to convert it", async () => {
    await expect(startWeComSandbox({ org: conformanceOrg("1") })).rejects.toThrow(
      /"od-.*" is not a WeCom department id.*numericDepartmentIds/,
    );
  });

  it("answers the legacy listings 48009, as WeCom does for a newly trusted IP", async () => {
    sandbox = await startWeComSandbox({ org: conformanceOrg("1", { departmentIds: "numeric" }) });
    const token = (await (
      await fetch(`${sandbox.url}/cgi-bin/gettoken?corpid=wwsandboxcorp&corpsecret=sandbox-secret`)
    ).json()) as { access_token: string };
    for (const path of ["department/list", "user/list", "user/simplelist"]) {
      const answer = await fetch(
        `${sandbox.url}/cgi-bin/${path}?access_token=${token.access_token}&department_id=1`,
      );
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ errcode: 48009 });
    }
    const control = await fetch(`${sandbox.url}/_sandbox/stats`);
    expect(await control.json()).toMatchObject({
      calls: { gettoken: 1, "department/list": 1, "user/list": 1, "user/simplelist": 1 },
    });
  });
});
