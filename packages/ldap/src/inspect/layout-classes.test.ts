import { describe, expect, it } from "vitest";
import { resolveLayout } from "../layout.ts";
import { layout as layoutCheck } from "./checks.ts";
import { layoutObjectClasses, missingLayoutClasses } from "./layout-classes.ts";
import { testSchema } from "./test-schema.ts";

const base = "dc=example,dc=com";
const posix = { uidNumbers: [10000, 19999] as [number, number], gidNumber: 10000 };

describe("layout object classes", () => {
  it("go-ldap-admin's layout needs inetOrgPerson, groupOfUniqueNames and organizationalUnit", () => {
    expect(layoutObjectClasses(resolveLayout(base)).map((c) => c.name)).toEqual([
      "inetOrgPerson",
      "groupOfUniqueNames",
      "organizationalUnit",
    ]);
    expect(missingLayoutClasses(testSchema(), resolveLayout(base))).toEqual([]);
  });

  it("names the class and nis.schema for a posix layout on a server without nis", () => {
    const layout = resolveLayout(base, {
      groups: "posixGroup",
      posix: { ...posix, gidNumbers: [20000, 29999] },
    });
    const withoutNis = testSchema({ withoutClasses: ["posixAccount", "posixGroup"] });
    expect(missingLayoutClasses(withoutNis, layout)).toEqual([
      { name: "posixGroup", usedFor: "departments (layout.groups)", schemaFile: "nis.schema" },
      { name: "posixAccount", usedFor: "POSIX accounts (layout.posix)", schemaFile: "nis.schema" },
    ]);
    expect(missingLayoutClasses(testSchema(), layout)).toEqual([]);
  });

  it("an OU tree does not list organizationalUnit twice", () => {
    const names = layoutObjectClasses(resolveLayout(base, { groups: "organizationalUnit", posix }));
    expect(names.map((c) => c.name)).toEqual([
      "inetOrgPerson",
      "organizationalUnit",
      "posixAccount",
    ]);
  });
});

describe("the layout check", () => {
  // The test slapd always loads nis.schema, so a server without it is this fixture without it.
  it("fails naming the class and nis.schema to load when posixAccount is missing", () => {
    const outcome = layoutCheck({
      options: {
        url: "ldap://x",
        bindDn: "cn=admin",
        bindPassword: "x",
        baseDn: base,
        layout: { posix },
      },
      signal: undefined,
      issues: new Map(),
      schema: { dn: "cn=Subschema", schema: testSchema({ withoutClasses: ["posixAccount"] }) },
    });
    expect(outcome).toEqual({
      status: "failed",
      detail: "the schema lacks posixAccount, used for POSIX accounts (layout.posix)",
      fix: "load nis.schema for posixAccount (slapd.conf: include /etc/ldap/schema/nis.schema; cn=config: ldapadd -Y EXTERNAL -H ldapi:/// -f /etc/ldap/schema/nis.ldif); or change the layout",
    });
  });
});
