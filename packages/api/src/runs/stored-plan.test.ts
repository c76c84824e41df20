import type { DirectorySnapshot, OperationResult } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { directoryFingerprint, failureSummary, operationChanges } from "./stored-plan.ts";

const snapshot = (): DirectorySnapshot => ({
  groupRoot: { dn: "ou=feishuroot,dc=example,dc=com", exists: true },
  entries: [
    {
      dn: "uid=zhangwei,ou=people,dc=example,dc=com",
      kind: "user",
      anchor: "feishu:ou_1",
      name: "zhangwei",
      attributes: { mail: ["a@example.com", "b@example.com"], cn: ["zhangwei"] },
    },
    {
      dn: "cn=yanfa,ou=feishuroot,dc=example,dc=com",
      kind: "group",
      anchor: "feishu:od_1",
      name: "yanfa",
      attributes: { description: ["研发"] },
      members: ["uid=zhangwei,ou=people,dc=example,dc=com", "cn=admin,dc=example,dc=com"],
    },
  ],
});

describe("directoryFingerprint", () => {
  it("ignores the order of entries, attributes and values", () => {
    const shuffled = snapshot();
    shuffled.entries.reverse();
    const user = shuffled.entries[1];
    if (user) user.attributes = { cn: ["zhangwei"], mail: ["b@example.com", "a@example.com"] };
    shuffled.entries[0]?.members?.reverse();
    expect(directoryFingerprint(shuffled)).toBe(directoryFingerprint(snapshot()));
  });

  it("changes with any attribute, member, anchor or disabled flag", () => {
    const base = directoryFingerprint(snapshot());
    const edits: ((s: DirectorySnapshot) => void)[] = [
      (s) => ((s.entries[0] as { attributes: Record<string, string[]> }).attributes.cn = ["x"]),
      (s) => s.entries[1]?.members?.pop(),
      (s) => ((s.entries[0] as { anchor: string | null }).anchor = null),
      (s) => ((s.entries[0] as { disabled?: boolean }).disabled = true),
      (s) => s.entries.pop(),
    ];
    for (const edit of edits) {
      const changed = snapshot();
      edit(changed);
      expect(directoryFingerprint(changed)).not.toBe(base);
    }
  });
});

describe("operationChanges", () => {
  it("shows creates as attribute diffs, never a password", () => {
    expect(
      operationChanges({
        id: "createUser:feishu:ou_1",
        type: "createUser",
        dependsOn: [],
        anchor: "feishu:ou_1",
        dn: "uid=zhangwei,ou=people,dc=example,dc=com",
        name: "zhangwei",
        attributes: { cn: ["zhangwei"], userPassword: ["{SSHA}x"] },
      }),
    ).toEqual([{ attribute: "cn", old: [], new: ["zhangwei"] }]);
  });
});

describe("failureSummary", () => {
  it("says how many failed, by category, and how many were skipped", () => {
    const result = (outcome: OperationResult["outcome"], category?: string) =>
      ({ outcome, category }) as OperationResult;
    expect(
      failureSummary([
        result("failed", "schemaViolation"),
        result("failed", "permission"),
        result("failed", "schemaViolation"),
        result("skipped", "dependencyFailed"),
        result("succeeded"),
      ]),
    ).toBe(
      "runs: 3 of 5 operations failed: 2 schemaViolation, 1 permission; 1 skipped; see the run's items for each object",
    );
  });
});
