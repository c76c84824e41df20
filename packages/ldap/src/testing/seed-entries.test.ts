import { describe, expect, it } from "vitest";
import { SlapdHarnessError } from "./errors.ts";
import { parseLdif } from "./ldif.ts";
import { baseEntryLdif, ppolicyLdif } from "./seed-entries.ts";

describe("baseEntryLdif", () => {
  it("makes a dcObject organization for dc=", () => {
    expect(parseLdif(baseEntryLdif("dc=example,dc=com"))).toEqual([
      {
        dn: "dc=example,dc=com",
        attributes: { objectClass: ["dcObject", "organization"], dc: ["example"], o: ["example"] },
      },
    ]);
  });

  it("unescapes the RDN value, including UTF-8 hex escapes", () => {
    expect(parseLdif(baseEntryLdif("o=Acme\\, Inc.,c=US"))[0]?.attributes.o).toEqual([
      "Acme, Inc.",
    ]);
    expect(parseLdif(baseEntryLdif("ou=\\E7\\A0\\94\\E5\\8F\\91"))[0]?.attributes).toEqual({
      objectClass: ["organizationalUnit"],
      ou: ["研发"],
    });
  });

  it("refuses suffixes it cannot create an entry for", () => {
    expect(() => baseEntryLdif("cn=config")).toThrow(SlapdHarnessError);
    expect(() => baseEntryLdif("")).toThrow(/baseDn must start with dc=, o= or ou=/);
  });
});

describe("ppolicyLdif", () => {
  it("creates the policy container and a default policy on userPassword", () => {
    const [container, policy] = parseLdif(
      ppolicyLdif("dc=example,dc=com", "cn=default,ou=policies,dc=example,dc=com"),
    );
    expect(container?.dn).toBe("ou=policies,dc=example,dc=com");
    expect(policy?.attributes.objectClass).toContain("pwdPolicy");
    expect(policy?.attributes.pwdAttribute).toEqual(["userPassword"]);
  });
});
