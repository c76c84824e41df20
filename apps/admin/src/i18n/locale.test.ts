import { describe, expect, it } from "vitest";
import { detectLocale } from "./locale.tsx";

describe("detectLocale", () => {
  it("follows the browser's first known language", () => {
    expect(detectLocale(["zh-CN", "en-US"], null)).toBe("zh");
    expect(detectLocale(["zh-TW"], null)).toBe("zh");
    expect(detectLocale(["en-GB", "zh-CN"], null)).toBe("en");
    expect(detectLocale(["fr-FR", "zh-CN"], null)).toBe("zh");
  });

  it("falls back to English for languages it does not speak", () => {
    expect(detectLocale(["fr-FR", "de"], null)).toBe("en");
    expect(detectLocale([], null)).toBe("en");
  });

  it("keeps the admin's own choice over the browser's", () => {
    expect(detectLocale(["zh-CN"], "en")).toBe("en");
    expect(detectLocale(["en-US"], "zh")).toBe("zh");
    expect(detectLocale(["zh-CN"], "klingon")).toBe("zh");
  });
});
