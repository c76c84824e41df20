import { describe, expect, it } from "vitest";
import { closestMatch, editDistance } from "./suggest.ts";
import { isBlank, toAttributeValues, toText } from "./value.ts";

describe("value rules", () => {
  it("toText", () => {
    expect(toText("x")).toBe("x");
    expect(toText(0)).toBe("0");
    expect(toText(Number.NaN)).toBeUndefined();
    expect(toText(false)).toBe("false");
    expect(toText(10n)).toBe("10");
    expect(toText(["a", 1, "", null, ["b"], { c: 1 }])).toBe("a,1");
    expect(toText([])).toBeUndefined();
    expect(toText({ a: 1 })).toBeUndefined();
    expect(toText(null)).toBeUndefined();
  });

  it("toAttributeValues keeps values as produced and drops blanks", () => {
    expect(toAttributeValues(" a ")).toEqual([" a "]);
    expect(toAttributeValues(" ")).toEqual([]);
    expect(toAttributeValues(["x", " ", 2, true, undefined])).toEqual(["x", "2", "true"]);
    expect(toAttributeValues({})).toEqual([]);
  });

  it("isBlank", () => {
    expect(isBlank(undefined)).toBe(true);
    expect(isBlank(" \t")).toBe(true);
    expect(isBlank(" a")).toBe(false);
  });
});

describe("suggestions", () => {
  it("edit distance", () => {
    expect(editDistance("lowr", "lower")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("abc", "abcdef", 2)).toBe(3);
    // A swap of neighbours is one typo, not two.
    expect(editDistance("emial", "email")).toBe(1);
    expect(editDistance("emial", "mail")).toBe(2);
  });

  it("closest match within 2 edits, case-insensitive", () => {
    expect(closestMatch("Emial", ["name", "email"])).toBe("email");
    expect(closestMatch("xyzzy", ["name", "email"])).toBeUndefined();
  });
});
