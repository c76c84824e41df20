import { describe, expect, it } from "vitest";
import { attributesAllowed, unknownAttributes } from "./schema-queries.ts";
import { testSchema } from "./test-schema.ts";

const schema = testSchema();

describe("DirectorySchema", () => {
  it("finds attribute types under every name, alias and OID, in any case", () => {
    expect(schema.attributeTypes.get("surname")?.names[0]).toBe("sn");
    expect(schema.attributeTypes.get("SN")?.oid).toBe("2.5.4.4");
    expect(schema.attributeTypes.get("2.5.4.4")?.names[0]).toBe("sn");
    expect(schema.objectClasses.get("INETORGPERSON")?.superior).toEqual(["organizationalPerson"]);
  });
});

describe("unknownAttributes", () => {
  it("accepts known names in any case, aliases, options and OIDs", () => {
    expect(
      unknownAttributes(schema, ["mail", "Surname", "cn;lang-en", "2.5.4.3", "orgsyncAnchor"]),
    ).toEqual([]);
  });

  it("suggests the closest name an entry can hold", () => {
    // PKCS#9 `email` is one edit closer, but no object class lets an entry hold it.
    expect(unknownAttributes(schema, ["emial"])).toEqual([{ name: "emial", suggestion: "mail" }]);
    expect(unknownAttributes(schema, ["displayNme", "telephonenumbr"])).toEqual([
      { name: "displayNme", suggestion: "displayName" },
      { name: "telephonenumbr", suggestion: "telephoneNumber" },
    ]);
  });

  it("suggests nothing when nothing is near, and little for short names", () => {
    expect(unknownAttributes(schema, ["xyzzy", "foo"])).toEqual([
      { name: "xyzzy" },
      { name: "foo" },
    ]);
  });

  it("reports each unknown name once, as first given", () => {
    expect(unknownAttributes(schema, ["Emial", "emial;x", "EMIAL"])).toEqual([
      { name: "Emial", suggestion: "mail" },
    ]);
  });
});

describe("attributesAllowed", () => {
  it("collects MUST and MAY through the superior chain, lower-case, with aliases", () => {
    const allowed = attributesAllowed(schema, ["inetOrgPerson", "orgsyncManaged"]);
    for (const name of [
      "mail",
      "rfc822mailbox",
      "sn",
      "surname",
      "cn",
      "title",
      "objectclass",
      "orgsyncanchor",
      "orgsyncdisabled",
    ]) {
      expect(allowed, name).toContain(name);
    }
    expect(allowed).not.toContain("uidnumber");
    expect(allowed).not.toContain("email");
  });

  it("takes class names in any case and ignores classes the schema lacks", () => {
    expect(attributesAllowed(schema, ["POSIXACCOUNT", "noSuchClass"])).toEqual(
      new Set([
        "cn",
        "commonname",
        "uid",
        "userid",
        "uidnumber",
        "gidnumber",
        "homedirectory",
        "userpassword",
        "loginshell",
        "gecos",
        "description",
        "objectclass",
      ]),
    );
  });
});
