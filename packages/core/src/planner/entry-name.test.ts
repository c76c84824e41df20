import { describe, expect, it } from "vitest";
import { DEFAULT_NAME_LIMITS, fitName, numberedName } from "./entry-name.ts";

describe("fitName", () => {
  it("keeps short names as they are", () => {
    expect(fitName("研发中心", DEFAULT_NAME_LIMITS)).toBe("研发中心");
  });

  it("cuts by code points and bytes, never inside a character", () => {
    expect(fitName("长".repeat(200), DEFAULT_NAME_LIMITS)).toBe("长".repeat(64));
    expect(fitName("🚀".repeat(100), DEFAULT_NAME_LIMITS)).toBe("🚀".repeat(48));
    expect([...fitName("a".repeat(300), DEFAULT_NAME_LIMITS)]).toHaveLength(64);
  });

  it("does not leave a trailing space after cutting", () => {
    expect(fitName("ab cd", { maxLength: 3, maxBytes: 100 })).toBe("ab");
  });
});

describe("numberedName", () => {
  it("keeps the number within the limits", () => {
    expect(numberedName("yanfabu", 2, DEFAULT_NAME_LIMITS)).toBe("yanfabu2");
    const long = numberedName("x".repeat(64), 12, DEFAULT_NAME_LIMITS);
    expect(long).toHaveLength(64);
    expect(long.endsWith("x12")).toBe(true);
  });
});
