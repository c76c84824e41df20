import {
  AlreadyExistsError,
  BusyError,
  InsufficientAccessError,
  InvalidCredentialsError,
  InvalidSyntaxError,
  NoSuchObjectError,
  NotAllowedOnNonLeafError,
  UnavailableError,
} from "ldapts";
import { describe, expect, it } from "vitest";
import { toDirectoryError } from "./ldap-errors.ts";

const dn = "uid=a,ou=people,dc=example,dc=com";

describe("toDirectoryError", () => {
  it.each([
    [new AlreadyExistsError("Already Exists"), "alreadyExists"],
    [new NoSuchObjectError("No Such Object"), "noSuchObject"],
    [
      new NotAllowedOnNonLeafError("subordinate objects must be deleted first"),
      "notAllowedOnNonLeaf",
    ],
    [new InvalidSyntaxError("mail: value #0 invalid per syntax"), "schemaViolation"],
    [new InsufficientAccessError("no write access to parent"), "permission"],
    [new BusyError("busy"), "transient"],
    [new UnavailableError("unavailable"), "transient"],
  ] as const)("%s → %s", (error, category) => {
    expect(toDirectoryError(error, "add", dn).category).toBe(category);
  });

  it("names the operation, the DN, the attribute and the code", () => {
    const error = toDirectoryError(
      new InvalidSyntaxError("mail: value #0 invalid per syntax"),
      "add",
      dn,
    );
    expect(error.details).toEqual({ dn, attribute: "mail", code: 21 });
    expect(error.message).toMatch(
      /^ldap: add uid=a,ou=people,dc=example,dc=com: mail: value #0 invalid per syntax/,
    );
    expect(error.cause).toBeInstanceOf(InvalidSyntaxError);
  });

  it("points a refused bind at the password, not at the ACLs", () => {
    const error = toDirectoryError(
      new InvalidCredentialsError("Invalid Credentials"),
      "bind as",
      dn,
    );
    expect(error.category).toBe("permission");
    expect(error.message).toMatch(/\(49\) — the bind DN or its password is wrong/);
    expect(error.message).not.toMatch(/ACLs/);
  });

  it("treats dropped connections as transient", () => {
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    expect(toDirectoryError(reset, "modify", dn).category).toBe("transient");
    expect(toDirectoryError(new Error("Connection closed"), "modify", dn).category).toBe(
      "transient",
    );
  });

  it("says which schema to load when the directory does not know orgsync's class", () => {
    const error = toDirectoryError(
      new InvalidSyntaxError("objectClass: value #1 invalid per syntax"),
      "add",
      dn,
    );
    expect(error.message).toMatch(
      /lacks orgsync's schema: load packages\/ldap\/schema\/orgsync.schema/,
    );
  });
});
