import { describe, expect, it } from "vitest";
import { resolveSlapdTools, SLAPD_PATH, SlapdUnavailableError } from "./require-slapd.ts";

describe("resolveSlapdTools", () => {
  it("resolves every tool when all are found", () => {
    const { tools, missing } = resolveSlapdTools((name) => `/opt/bin/${name}`);
    expect(missing).toEqual([]);
    expect(tools?.ldapsearch).toBe("/opt/bin/ldapsearch");
  });

  it("names what is missing, slapd by its Debian path", () => {
    const found = new Set(["slaptest", "slappasswd", "ldapadd"]);
    const { tools, missing } = resolveSlapdTools((name) => (found.has(name) ? name : undefined));
    expect(tools).toBeUndefined();
    expect(missing).toEqual([SLAPD_PATH, "ldapsearch", "ldapmodify", "ldapwhoami"]);
  });
});

describe("SlapdUnavailableError", () => {
  it("says how to install the tools", () => {
    expect(new SlapdUnavailableError(["/usr/sbin/slapd", "ldapsearch"]).message).toBe(
      "slapd harness: /usr/sbin/slapd, ldapsearch not found; run `bash scripts/ensure-toolchain.sh` (it installs Debian's slapd and ldap-utils)",
    );
  });
});
