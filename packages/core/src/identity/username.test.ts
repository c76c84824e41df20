import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeUsername, UsernameAllocator } from "./username.ts";

describe("sanitizeUsername", () => {
  it.each([
    ["zhangwei", "zhangwei"],
    ["ZhangWei", "zhangwei"],
    ["Tom li", "tomli"],
    ["José Müller", "josemuller"],
    ["a·mu（zhang）", "amuzhang"],
    ["..john..doe--", "john.doe"],
    ["😀😀", ""],
    ["li.ming_2", "li.ming_2"],
  ])("%s → %s", (input, expected) => {
    expect(sanitizeUsername(input)).toBe(expected);
  });

  it("cuts to maxLength without leaving a trailing separator", () => {
    expect(sanitizeUsername("abcde.fgh", { maxLength: 6 })).toBe("abcde");
  });

  it("always yields a safe RDN value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (input) => {
        expect(sanitizeUsername(input)).toMatch(/^([a-z0-9]([a-z0-9._-]*[a-z0-9])?)?$/);
      }),
    );
  });
});

describe("UsernameAllocator", () => {
  it("numbers collisions from 2, against names already in the directory", () => {
    const allocator = new UsernameAllocator(["zhangwei", "ZhangWei2"]);
    expect(allocator.allocate(["zhangwei"], "u1")).toBe("zhangwei3");
    expect(allocator.allocate(["zhangwei"], "u2")).toBe("zhangwei4");
  });

  it("tries the configured candidates before numbering", () => {
    const allocator = new UsernameAllocator(["zhangwei"]);
    expect(allocator.allocate(["zhangwei", "zhangwei.0042"], "u1")).toBe("zhangwei.0042");
    expect(allocator.allocate(["zhangwei", "zhangwei.0042"], "u2")).toBe("zhangwei2");
  });

  it("falls back when no candidate survives sanitising", () => {
    const allocator = new UsernameAllocator([]);
    expect(allocator.allocate(["😀"], "ou_ABC")).toBe("ou_abc");
    expect(allocator.allocate([], "ou_ABC")).toBe("ou_abc2");
  });

  it("keeps numbered names within maxLength", () => {
    const allocator = new UsernameAllocator(["abcd"], { maxLength: 4 });
    expect(allocator.allocate(["abcd"], "x")).toBe("abc2");
  });

  it("never hands out the same name twice", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.constantFrom("li", "wang", "li2", "Li", "wang.1", ""), { maxLength: 3 }),
        ),
        fc.array(fc.constantFrom("li", "li2", "wang3")),
        (requests, taken) => {
          const allocator = new UsernameAllocator(taken);
          const names = requests.map((candidates, index) =>
            allocator.allocate(candidates, `u${index}`),
          );
          const all = [...names, ...new Set(taken.map((name) => name.toLowerCase()))];
          expect(new Set(all).size).toBe(all.length);
        },
      ),
    );
  });
});
