import { describe, expect, it } from "vitest";
import { errorCategoryOf, groupByCategory } from "./error-categories.ts";
import {
  destructiveTotal,
  isActiveStatus,
  type OperationCount,
  pseudoAttribute,
  summarizeCounts,
} from "./run-model.ts";

const COUNTS: OperationCount[] = [
  { op: "createGroup", outcome: "succeeded", count: 2 },
  { op: "createUser", outcome: "succeeded", count: 10 },
  { op: "createUser", outcome: "failed", count: 3 },
  { op: "updateUser", outcome: "succeeded", count: 4 },
  { op: "moveGroup", outcome: "succeeded", count: 1 },
  { op: "setMembers", outcome: "skipped", count: 2 },
  { op: "disableUser", outcome: "succeeded", count: 5 },
  { op: "deleteGroup", outcome: "cancelled", count: 1 },
  { op: "deleteUser", outcome: "planned", count: 6 },
];

describe("summarizeCounts", () => {
  it("counts what happened (or would) by kind, and failures apart", () => {
    expect(summarizeCounts(COUNTS)).toEqual({
      created: 12,
      updated: 5,
      removed: 11,
      failed: 3,
      skipped: 2,
      cancelled: 1,
    });
  });

  it("counts the removals the safety gate counts, whatever their outcome", () => {
    expect(destructiveTotal(COUNTS)).toBe(12);
  });
});

describe("run statuses", () => {
  it("follows queued, planning, held and applying runs; the rest are finished", () => {
    expect(["queued", "planning", "needs_approval", "applying"].every(isActiveStatus)).toBe(true);
    expect(["succeeded", "failed", "cancelled", "interrupted"].some(isActiveStatus)).toBe(false);
  });
});

describe("pseudoAttribute", () => {
  it("recognises the run log's non-attribute changes only", () => {
    expect(pseudoAttribute("(dn)")).toBe("dn");
    expect(pseudoAttribute("(members)")).toBe("members");
    expect(pseudoAttribute("(state)")).toBe("state");
    expect(pseudoAttribute("dn")).toBeUndefined();
    expect(pseudoAttribute("(mail)")).toBeUndefined();
  });
});

describe("groupByCategory", () => {
  it("groups by category, the largest first, unknown and missing categories as unknown", () => {
    const groups = groupByCategory([
      { seq: 1, errorCategory: "permission" },
      { seq: 2, errorCategory: "schemaViolation" },
      { seq: 3, errorCategory: "schemaViolation" },
      { seq: 4, errorCategory: null },
      { seq: 5, errorCategory: "somethingNew" },
      { seq: 6, errorCategory: "alreadyExists" },
    ]);
    expect(groups.map((group) => [group.category, group.items.map((item) => item.seq)])).toEqual([
      ["schemaViolation", [2, 3]],
      ["unknown", [4, 5]],
      ["alreadyExists", [6]],
      ["permission", [1]],
    ]);
    expect(errorCategoryOf("breakerOpen")).toBe("breakerOpen");
    expect(errorCategoryOf(undefined)).toBe("unknown");
  });
});
