import { describe, expect, it } from "vitest";
import { parseAttributeType, parseObjectClass, SchemaSyntaxError } from "./schema-description.ts";
import { ATTRIBUTE_TYPES, OBJECT_CLASSES } from "./test-schema.ts";

/** The fixture's value whose first name is `name`. */
function real(list: readonly string[], name: string): string {
  const text = list.find((value) => new RegExp(`NAME (\\( )?'${name}'`).test(value));
  if (!text) throw new Error(`no ${name} in the fixture`);
  return text;
}

describe("parseAttributeType", () => {
  it("reads a single NAME", () => {
    expect(parseAttributeType(real(ATTRIBUTE_TYPES, "objectClass"))).toEqual({
      oid: "2.5.4.0",
      names: ["objectClass"],
      operational: false,
      obsolete: false,
    });
  });

  it("reads NAME ( 'a' 'b' ) and SUP", () => {
    expect(parseAttributeType(real(ATTRIBUTE_TYPES, "sn"))).toMatchObject({
      oid: "2.5.4.4",
      names: ["sn", "surname"],
      superior: "name",
    });
    expect(parseAttributeType(real(ATTRIBUTE_TYPES, "email")).names).toEqual([
      "email",
      "emailAddress",
      "pkcs9email",
    ]);
  });

  it("reads a SYNTAX with a length bound and SINGLE-VALUE without mistaking them for names", () => {
    const anchor = parseAttributeType(real(ATTRIBUTE_TYPES, "orgsyncAnchor"));
    expect(anchor).toMatchObject({
      oid: "2.25.125761493884104370863490323417093572394.1.1",
      names: ["orgsyncAnchor"],
    });
    expect(parseAttributeType(real(ATTRIBUTE_TYPES, "uid")).names).toEqual(["uid", "userid"]);
  });

  it("marks USAGE directoryOperation as operational, past NO-USER-MODIFICATION", () => {
    expect(parseAttributeType(real(ATTRIBUTE_TYPES, "createTimestamp"))).toMatchObject({
      names: ["createTimestamp"],
      operational: true,
    });
  });

  it("reads past vendor extensions (X-ORDERED 'VALUES')", () => {
    expect(parseAttributeType(real(ATTRIBUTE_TYPES, "olcAccess")).names).toEqual(["olcAccess"]);
  });

  it("parses every attribute type of the test slapd", () => {
    for (const text of ATTRIBUTE_TYPES) expect(parseAttributeType(text).names).not.toEqual([]);
  });

  it("unescapes quotes in qdstrings and keeps an OID-only type nameless", () => {
    expect(parseAttributeType("( 1.2.3 DESC 'it\\27s' OBSOLETE )")).toEqual({
      oid: "1.2.3",
      names: [],
      operational: false,
      obsolete: true,
    });
  });

  it("treats an unknown keyword before a known one as a flag", () => {
    expect(parseAttributeType("( 1.2.3 NAME 'x' VENDOR-FLAG SUP name )")).toMatchObject({
      names: ["x"],
      superior: "name",
    });
  });

  it("refuses what is not a description", () => {
    expect(() => parseAttributeType("2.5.4.3 NAME 'cn'")).toThrow(SchemaSyntaxError);
    expect(() => parseAttributeType("( 2.5.4.3 NAME 'cn )")).toThrow(/unterminated quote/);
    expect(() => parseAttributeType("( 2.5.4.3 NAME 'cn'")).toThrow(/ends early/);
  });
});

describe("parseObjectClass", () => {
  it("reads MUST as one name, SUP and the kind", () => {
    expect(parseObjectClass(real(OBJECT_CLASSES, "top"))).toEqual({
      oid: "2.5.6.0",
      names: ["top"],
      kind: "abstract",
      superior: [],
      must: ["objectClass"],
      may: [],
      obsolete: false,
    });
    expect(parseObjectClass(real(OBJECT_CLASSES, "orgsyncManaged"))).toMatchObject({
      kind: "auxiliary",
      superior: ["top"],
      must: ["orgsyncAnchor"],
      may: ["orgsyncDisabled"],
    });
  });

  it("reads MUST ( a $ b ) and long MAY lists", () => {
    const person = parseObjectClass(real(OBJECT_CLASSES, "person"));
    expect(person).toMatchObject({
      kind: "structural",
      superior: ["top"],
      must: ["sn", "cn"],
      may: ["userPassword", "telephoneNumber", "seeAlso", "description"],
    });
    const inetOrgPerson = parseObjectClass(real(OBJECT_CLASSES, "inetOrgPerson"));
    expect(inetOrgPerson.superior).toEqual(["organizationalPerson"]);
    expect(inetOrgPerson.may).toContain("mail");
    // audio … userPKCS12: all 27 of RFC 2798's optional attributes, none lost at a `$`.
    expect(inetOrgPerson.may).toHaveLength(27);
    expect([inetOrgPerson.may[0], inetOrgPerson.may.at(-1)]).toEqual(["audio", "userPKCS12"]);
  });

  it("reads a class without SUP or kind (subschema) and SUP ( a $ b )", () => {
    expect(parseObjectClass(real(OBJECT_CLASSES, "subschema"))).toMatchObject({
      kind: "auxiliary",
      superior: [],
      must: [],
    });
    expect(parseObjectClass("( 1.2.3 NAME 'both' SUP ( person $ posixAccount ) )")).toMatchObject({
      kind: "structural",
      superior: ["person", "posixAccount"],
    });
  });

  it("parses every object class of the test slapd", () => {
    for (const text of OBJECT_CLASSES) expect(parseObjectClass(text).names).not.toEqual([]);
  });
});
