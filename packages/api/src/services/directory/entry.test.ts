import { ConfigError } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { checkEntryDn, parseGeneralizedTime, toEntryView } from "./entry.ts";

const bases = {
  groupRoot: "ou=feishuroot,dc=example,dc=com",
  users: "ou=people,dc=example,dc=com",
};

function refusal(dn: string): ConfigError {
  try {
    checkEntryDn(dn, bases);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`${dn} was accepted`);
}

describe("checkEntryDn", () => {
  it("places entries of the two subtrees, compared as LDAP compares DNs", () => {
    expect(checkEntryDn("cn=yanfabu,ou=feishuroot,dc=example,dc=com", bases)).toBe("group");
    expect(checkEntryDn("CN=HouDuan, CN=YanFaBu, OU=FeishuRoot, DC=Example, DC=com", bases)).toBe(
      "group",
    );
    expect(checkEntryDn("uid=zhangsan,ou=people,dc=example,dc=com", bases)).toBe("user");
    expect(checkEntryDn("OU=People,dc=example,dc=com", bases)).toBe("container");
    expect(checkEntryDn(bases.groupRoot, bases)).toBe("container");
  });

  it("refuses DNs elsewhere, naming the subtrees allowed", () => {
    for (const dn of [
      "dc=example,dc=com",
      "cn=admin,dc=example,dc=com",
      "cn=x,ou=dingtalkroot,dc=example,dc=com",
      // A look-alike suffix is not a subtree.
      "cn=x,ou=feishuroot,dc=example,dc=org",
    ]) {
      const error = refusal(dn);
      expect(error.issues).toEqual([
        { path: "dn", message: `must be under ${bases.groupRoot} or ${bases.users}` },
      ]);
      expect(error.message).toContain(bases.groupRoot);
    }
  });

  it("refuses what is not a DN", () => {
    for (const dn of ["", "not a dn", "cn=a,,dc=x"]) {
      expect(refusal(dn).issues).toEqual([
        { path: "dn", message: expect.stringMatching(/is not a valid DN/) },
      ]);
    }
  });
});

describe("toEntryView", () => {
  const raw = {
    dn: "uid=zhangsan,ou=people,dc=example,dc=com",
    attributes: {
      objectClass: ["top", "inetOrgPerson", "orgsyncManaged"],
      uid: ["zhangsan"],
      mail: ["zhangsan@corp.example"],
      cn: ["zhangsan"],
      displayName: ["张三"],
      userPassword: ["{SSHA}c2VjcmV0LWhhc2g="],
      sambaNTPassword: ["0123456789ABCDEF"],
      orgsyncAnchor: ["feishu:ou-1"],
      orgsyncDisabled: ["TRUE"],
      entryUUID: ["2b1f7a36-1111-4c1b-9a0e-5a0c0f0e0d0c"],
      createTimestamp: ["20260301080000Z"],
      modifyTimestamp: ["20260302093015.123Z"],
    },
    binaryAttributes: ["jpegPhoto", "userPKCS12"],
  };

  it("names password attributes without their values", () => {
    const view = toEntryView(raw, { flag: "feishu", kind: "user" });
    expect(view.secretAttributes).toEqual(["sambaNTPassword", "userPassword", "userPKCS12"]);
    expect(JSON.stringify(view)).not.toContain("SSHA");
    expect(JSON.stringify(view)).not.toContain("0123456789ABCDEF");
    expect(view.binaryAttributes).toEqual(["jpegPhoto"]);
  });

  it("lifts the anchor, status, classes and timestamps into fields and sorts the rest", () => {
    const view = toEntryView(raw, { flag: "feishu", kind: "user" });
    expect(view).toMatchObject({
      dn: raw.dn,
      kind: "user",
      anchor: "feishu:ou-1",
      managed: true,
      disabled: true,
      objectClasses: ["top", "inetOrgPerson", "orgsyncManaged"],
      uuid: "2b1f7a36-1111-4c1b-9a0e-5a0c0f0e0d0c",
      createdAt: new Date("2026-03-01T08:00:00Z"),
      modifiedAt: new Date("2026-03-02T09:30:15.123Z"),
    });
    expect(view.attributes.map((a) => a.attribute)).toEqual(["cn", "displayName", "mail", "uid"]);
  });

  it("is not managed by a provider whose flag the anchor lacks", () => {
    expect(toEntryView(raw, { flag: "dingtalk", kind: "user" }).managed).toBe(false);
    const unanchored = toEntryView(
      { dn: raw.dn, attributes: { uid: ["x"] }, binaryAttributes: [] },
      { flag: "feishu", kind: "user" },
    );
    expect(unanchored).toMatchObject({ anchor: null, managed: false, disabled: false });
    expect(unanchored).toMatchObject({ objectClasses: [], createdAt: null, uuid: null });
  });
});

describe("parseGeneralizedTime", () => {
  it("reads UTC times with and without fractions, and nothing else", () => {
    expect(parseGeneralizedTime("20260301080000Z")).toEqual(new Date("2026-03-01T08:00:00Z"));
    expect(parseGeneralizedTime("20260301080000.5Z")).toEqual(new Date("2026-03-01T08:00:00.5Z"));
    expect(parseGeneralizedTime("2026-03-01")).toBeNull();
    expect(parseGeneralizedTime(undefined)).toBeNull();
  });
});
