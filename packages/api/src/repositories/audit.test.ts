import { describe, expect, it } from "vitest";
import { redactSecrets } from "./audit.ts";

describe("redactSecrets", () => {
  it("redacts at any depth, in arrays too", () => {
    expect(
      redactSecrets({ a: [{ bindPassword: "x", ok: 1 }], token: "t", nested: { privateKey: "k" } }),
    ).toEqual({
      a: [{ bindPassword: "[redacted]", ok: 1 }],
      token: "[redacted]",
      nested: { privateKey: "[redacted]" },
    });
  });
});
