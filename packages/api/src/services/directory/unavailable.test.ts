import { CancelledError, DirectoryError } from "@orgsync/core";
import { describe, expect, it } from "vitest";
import { DirectoryUnavailableError } from "../errors.ts";
import { directoryUnavailable } from "./unavailable.ts";

const URL = "ldap://ldap.example.com:389";
const ADMIN = "cn=admin,dc=example,dc=com";

/** A DirectoryError as the LDAP target makes it: its message, the server's error as cause. */
function targetError(
  category: DirectoryError["category"],
  said: string,
  details: DirectoryError["details"],
): DirectoryError {
  return new DirectoryError(category, `ldap: read ${details.dn}: ${said}`, details, {
    cause: new Error(said),
  });
}

describe("directoryUnavailable", () => {
  it("says the directory cannot be reached, with the socket's words", () => {
    const error = directoryUnavailable(
      targetError("transient", "connect ECONNREFUSED 10.0.0.5:389", { dn: ADMIN }),
      URL,
    );
    expect(error).toBeInstanceOf(DirectoryUnavailableError);
    expect(error?.reason).toBe("unreachable");
    expect(error?.url).toBe(URL);
    expect(error?.message).toBe(
      `directory: the directory at ${URL} cannot be reached: connect ECONNREFUSED 10.0.0.5:389; check the connection on the Settings page`,
    );
  });

  it("tells a refused bind from a read the bind DN may not do", () => {
    const bind = directoryUnavailable(
      targetError("permission", "Invalid Credentials", { dn: ADMIN, code: 49 }),
      URL,
    );
    expect(bind?.reason).toBe("bindRefused");
    expect(bind?.message).toBe(
      `directory: the directory at ${URL} refused the bind as ${ADMIN}: Invalid Credentials (49); check the bind DN and password on the Settings page`,
    );

    const people = "ou=people,dc=example,dc=com";
    const read = directoryUnavailable(
      targetError("permission", "Insufficient access", { dn: people, code: 50 }),
      URL,
    );
    expect(read?.reason).toBe("accessDenied");
    expect(read?.message).toContain(`does not let the bind DN read ${people}`);
    expect(read?.message).toContain("(50)");
  });

  it("keeps the target's message when the server's own words are missing", () => {
    const error = directoryUnavailable(
      new DirectoryError("unknown", "ldap: read dc=example,dc=com: self-signed certificate"),
      URL,
    );
    expect(error?.reason).toBe("failed");
    expect(error?.message).toBe(
      `directory: the directory at ${URL} could not be read: read dc=example,dc=com: self-signed certificate; check the connection on the Settings page`,
    );
  });

  it("leaves errors that are not the directory failing to their own types", () => {
    expect(
      directoryUnavailable(targetError("noSuchObject", "No Such Object", { dn: ADMIN }), URL),
    ).toBeUndefined();
    expect(
      directoryUnavailable(targetError("invalidDn", "Invalid DN", { dn: "x" }), URL),
    ).toBeUndefined();
    expect(directoryUnavailable(new CancelledError("cancelled"), URL)).toBeUndefined();
    expect(directoryUnavailable(new Error("boom"), URL)).toBeUndefined();
  });
});
