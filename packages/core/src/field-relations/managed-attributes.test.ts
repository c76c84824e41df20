import { describe, expect, it } from "vitest";
import { goLdapAdminDefaultRelations } from "./defaults.ts";
import { managedAttributes } from "./managed-attributes.ts";

describe("managedAttributes", () => {
  it("lists each attribute the relations write once, whatever its case", () => {
    const names = managedAttributes({
      group: { name: "{{ name }}", attributes: { description: "name", Mail: "x" } },
      user: { username: ["{{ name }}"], attributes: { mail: "email", sn: "name" } },
    });
    expect(names).toEqual(["description", "Mail", "sn"]);
  });

  it("covers go-ldap-admin's defaults", () => {
    expect(managedAttributes(goLdapAdminDefaultRelations.feishu)).toContain("employeeNumber");
  });
});
