import { ConfigError, type DirectoryLayout } from "@orgsync/core";
import { wireRdn } from "./escape.ts";

/** Where entries live and which object classes they get. */
export interface LayoutOptions {
  /**
   * How departments are written:
   * - `groupOfUniqueNames`: nested groups with `uniqueMember` (go-ldap-admin's layout);
   * - `groupOfNames`: nested groups with `member`;
   * - `organizationalUnit`: an OU tree (`ou=<name>`) without memberships.
   * @default "groupOfUniqueNames"
   */
  groups?: "groupOfUniqueNames" | "groupOfNames" | "organizationalUnit";
  /**
   * The RDN value of the container of all users, directly under the base DN.
   * @default "people"
   * @example "users"
   */
  usersOu?: string;
  /**
   * POSIX accounts for Linux logins (go-ldap-admin #147): users also get `posixAccount` with a
   * `uidNumber` allocated from the range (the next one above the highest in use), the shared
   * `gidNumber`, a home directory (`{uid}` is replaced) and a login shell.
   * @default undefined (no POSIX attributes)
   * @example { uidNumbers: [10000, 59999], gidNumber: 10000, homeDirectory: "/home/{uid}", loginShell: "/bin/bash" }
   */
  posix?: {
    uidNumbers: [number, number];
    gidNumber: number;
    homeDirectory?: string;
    loginShell?: string;
  };
}

export interface ResolvedLayout extends DirectoryLayout {
  baseDn: string;
  usersDn: string;
  groupClass: NonNullable<LayoutOptions["groups"]>;
  /** RDN attribute of a department entry. */
  groupRdn: "cn" | "ou";
  /** Attribute holding member DNs, or null for an OU tree. */
  memberAttribute: "uniqueMember" | "member" | null;
  posix: LayoutOptions["posix"];
}

export function resolveLayout(baseDn: string, options: LayoutOptions = {}): ResolvedLayout {
  const groupClass = options.groups ?? "groupOfUniqueNames";
  const usersDn = `${wireRdn("ou", options.usersOu ?? "people")},${baseDn}`;
  const groupRdn = groupClass === "organizationalUnit" ? "ou" : "cn";
  const posix = options.posix;
  if (posix) {
    const [low, high] = posix.uidNumbers;
    if (!Number.isInteger(low) || !Number.isInteger(high) || low < 1 || high < low) {
      throw new ConfigError(
        `ldap: layout.posix.uidNumbers must be [low, high] with 1 ≤ low ≤ high, got [${low}, ${high}]`,
        [{ path: "layout.posix.uidNumbers", message: "must be [low, high] with 1 ≤ low ≤ high" }],
      );
    }
  }
  return {
    baseDn,
    usersDn,
    groupClass,
    groupRdn,
    memberAttribute:
      groupClass === "groupOfUniqueNames"
        ? "uniqueMember"
        : groupClass === "groupOfNames"
          ? "member"
          : null,
    posix,
    groupRootDn: (flag) => `${wireRdn("ou", `${flag}root`)},${baseDn}`,
    groupDn: (name, parentDn) => `${wireRdn(groupRdn, name)},${parentDn}`,
    userDn: (username) => `${wireRdn("uid", username)},${usersDn}`,
    // inetOrgPerson requires sn and cn; the RDN attribute (uid) is written by the target.
    requiredAttributes: { user: ["sn", "cn"] },
  };
}
