import { executePlan, planSync, readSource, SafetyError, SourceReadError } from "@orgsync/core";
import { generateOrg, memoryTarget } from "@orgsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { feishuProviderPlugin } from "../src/index.ts";
import { type Harness, startHarness } from "./helpers.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const relations = feishuProviderPlugin.defaultFieldRelations;

/** Reads the sandbox through the provider and plans against the directory, as a run would. */
async function planFrom(h: Harness, target: ReturnType<typeof memoryTarget>) {
  const source = await readSource(h.provider);
  return planSync({
    flag: h.provider.flag,
    rootDepartmentId: h.provider.rootDepartmentId,
    scope: "ALL",
    source,
    directory: await target.read(h.provider.flag),
    target,
    relations,
  });
}

describe("feishu → planner: a source that looks empty never empties the directory", () => {
  it("refuses to plan when the org comes back empty, and the directory keeps everyone", async () => {
    harness = await startHarness(generateOrg({ users: 40, departments: 5, seed: 3 }));
    const target = memoryTarget();
    const first = await planFrom(harness, target);
    await executePlan(first.operations, target);
    const before = target.entries().length;
    expect(before).toBeGreaterThan(40);

    harness.sandbox.setOrg({ departments: [], users: [] });
    await expect(planFrom(harness, target)).rejects.toBeInstanceOf(SafetyError);
    expect(target.entries()).toHaveLength(before);
  });

  it("fails the read, naming the department, when one department answers 40004", async () => {
    const org = generateOrg({ users: 40, departments: 5, seed: 3 });
    harness = await startHarness(org, {
      sandbox: { faults: { noAuthorityDepartments: [org.departments[2]?.id as string] } },
    });
    const target = memoryTarget();
    const read = planFrom(harness, target);
    await expect(read).rejects.toBeInstanceOf(SourceReadError);
    await expect(read).rejects.toThrow(org.departments[2]?.id as string);
    expect(target.entries()).toEqual([]);
  });
});
