import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password-hash.ts";

describe("password hashes", () => {
  const fast = { logN: 10, r: 8, p: 1 };

  it("stores the parameters and a salt, and verifies", async () => {
    const hash = await hashPassword("correct horse", fast);
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$[^$]+\$[^$]+$/);
    expect(hash).not.toBe(await hashPassword("correct horse", fast));
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("wrong horse", hash)).toBe(false);
    expect(await verifyPassword("correct horse", "md5$abc")).toBe(false);
  });
});
