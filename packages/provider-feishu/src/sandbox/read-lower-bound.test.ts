import type { SourceSnapshot } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { contactReadLowerBound } from "./read-lower-bound.ts";

const department = (id: string) => ({ id, name: id, parentId: "0", order: 0, raw: {} });
const person = (id: string, departmentIds: string[]) => ({
  id,
  name: id,
  departmentIds,
  status: "active" as const,
  raw: {},
});

describe("contactReadLowerBound", () => {
  it("counts a token, the tree's pages and each department's member pages, 50 to a page", () => {
    const org: SourceSnapshot = {
      departments: [department("d1"), department("d2")],
      users: [
        ...Array.from({ length: 51 }, (_, i) => person(`a${i}`, ["d1"])),
        person("b", ["d1", "d2", "d1"]),
      ],
    };
    // token 1 + tree 1 + root (empty) 1 + d1 (52 people) 2 + d2 1
    expect(contactReadLowerBound(org)).toBe(6);
  });

  it("still lists an empty org's root once", () => {
    expect(contactReadLowerBound({ departments: [], users: [] })).toBe(3);
  });
});
