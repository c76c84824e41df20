import { describe, expect, it } from "vitest";
import { compilePath, parsePath, resolvePath } from "./path.ts";

function segments(path: string): readonly string[] {
  const parsed = parsePath(path);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.path.segments;
}

describe("parsePath", () => {
  it("accepts names, nested names and indexes", () => {
    expect(segments("email")).toEqual(["email"]);
    expect(segments("status.is_frozen")).toEqual(["status", "is_frozen"]);
    expect(segments("department_ids.0")).toEqual(["department_ids", "0"]);
    expect(segments("_a.b_2.10.c")).toEqual(["_a", "b_2", "10", "c"]);
  });

  it.each([
    ["", 0, "expected a field name"],
    ["0abc", 0, 'found "0"'],
    ["email.", 6, 'after ".", found the end'],
    ["a..b", 2, 'after ".", found "."'],
    ["a.0x", 2, "mixes an index and a name"],
    ["e-mail", 1, 'unexpected "-" in a path'],
    ["name | pinyin", 4, "filters only work inside a template"],
    [" email", 0, "found a space"],
    ["email ", 5, "unexpected a space"],
  ])("rejects %j at column %i", (source, position, message) => {
    const parsed = parsePath(source);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem.position).toBe(position);
    expect(parsed.problem.message).toContain(message);
  });
});

describe("resolvePath", () => {
  const record = {
    email: "a@example.com",
    status: { is_frozen: true },
    department_ids: ["d1", "d2"],
    nested: [{ name: "x" }],
  };

  it("walks objects and arrays", () => {
    expect(resolvePath(record, ["email"])).toBe("a@example.com");
    expect(resolvePath(record, ["status", "is_frozen"])).toBe(true);
    expect(resolvePath(record, ["department_ids", "1"])).toBe("d2");
    expect(resolvePath(record, ["nested", "0", "name"])).toBe("x");
  });

  it("gives nothing for what is not there", () => {
    expect(resolvePath(record, ["missing"])).toBeUndefined();
    expect(resolvePath(record, ["department_ids", "5"])).toBeUndefined();
    expect(resolvePath(record, ["email", "length"])).toBeUndefined();
    expect(resolvePath(record, ["department_ids", "length"])).toBeUndefined();
    expect(resolvePath(record, ["status", "is_frozen", "x"])).toBeUndefined();
  });

  it("never reaches prototypes", () => {
    expect(resolvePath(record, ["__proto__"])).toBeUndefined();
    expect(resolvePath(record, ["constructor"])).toBeUndefined();
    expect(resolvePath(record, ["constructor", "name"])).toBeUndefined();
    expect(resolvePath(record, ["toString"])).toBeUndefined();
    expect(resolvePath(record, ["hasOwnProperty"])).toBeUndefined();
    expect(resolvePath([], ["constructor"])).toBeUndefined();
    // JSON.parse makes "__proto__" an own key: still refused.
    const parsed = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "c"}');
    expect(resolvePath(parsed, ["__proto__", "polluted"])).toBeUndefined();
    expect(resolvePath(parsed, ["constructor"])).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads only plain objects and arrays", () => {
    expect(resolvePath({ when: new Date(0) }, ["when", "getTime"])).toBeUndefined();
    expect(resolvePath(new Map([["a", 1]]), ["a"])).toBeUndefined();
    expect(resolvePath(Object.assign(Object.create(null), { a: 1 }), ["a"])).toBe(1);
  });

  it("compiled resolvers agree with resolvePath", () => {
    for (const path of [
      ["email"],
      ["status", "is_frozen"],
      ["nested", "0", "name"],
      ["__proto__"],
    ]) {
      expect(compilePath(path)(record)).toBe(resolvePath(record, path));
    }
  });
});
