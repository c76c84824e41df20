import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken } from "./page-token.ts";

describe("page tokens", () => {
  it("always need URL-encoding, round-trip, and are bound to their listing", () => {
    for (const offset of [0, 7, 10, 123, 99999]) {
      const token = encodePageToken("s", "children|0|true", offset);
      expect(token).toMatch(/\+/);
      expect(token).toMatch(/\//);
      expect(token).toMatch(/=$/);
      expect(decodePageToken("s", "children|0|true", token)).toBe(offset);
      expect(decodePageToken("s", "children|0|false", token)).toBeUndefined();
      expect(decodePageToken("other", "children|0|true", token)).toBeUndefined();
      // What an unencoded "+" becomes in a query string.
      expect(decodePageToken("s", "children|0|true", token.replaceAll("+", " "))).toBeUndefined();
    }
  });
});
