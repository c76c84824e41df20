import { ConfigError, type DirectoryLayout } from "@orgsync/core";
import { wireRdn } from "./escape.ts";

/** Where entries live and which object classes they get. */
export interface LayoutOptions {
  /**
   * How departments are written:
   * - `groupOfUniqueNames`: nested groups with `uniqueMember` (go-ldap-admin's layout);
   * - `groupOfNames`: nested groups with `member`;
   * - `posixGroup`: nested POSIX groups with a `gidNumber` from `posix.gidNumbers` and
   *   `memberUid` (usernames, not DNs), for Linux hosts reading groups over nslcd/sssd;
   * - `organizationalUnit`: an OU tree (`ou=<name>`) without memberships.
   * @default "groupOfUniqueNames"
   */
  groups?: "groupOfUniqueNames" | "groupOfNames" | "posixGroup" | "organizationalUnit";
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
   * With `groups: "posixGroup"`, each department gets a `gidNumber` from `gidNumbers`.
   * @example { uidNumbers: [10000, 59999], gidNumber: 10000, gidNumbers: [20000, 29999], homeDirectory: "/home/{uid}", loginShell: "/bin/bash" }
   */
  posix?: {
    uidNumbers: [number, number];
    gidNumber: number;
    gidNumbers?: [number, number];
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
  /** Attribute holding members, or null for an OU tree. */
  memberAttribute: "uniqueMember" | "member" | "memberUid" | null;
  /** Members are held as DNs, or (posixGroup) as usernames. */
  memberValue: "dn" | "username";
  posix: LayoutOptions["posix"];
}

export function resolveLayout(baseDn: string, options: LayoutOptions = {}): ResolvedLayout {
  const groupClass = options.groups ?? "groupOfUniqueNames";
  const usersDn = `${wireRdn("ou", options.usersOu ?? "people")},${baseDn}`;
  const groupRdn = groupClass === "organizationalUnit" ? "ou" : "cn";
  const posix = options.posix;
  if (posix) checkRange("uidNumbers", posix.uidNumbers);
  if (groupClass === "posixGroup") {
    if (!posix?.gidNumbers) {
      throw new ConfigError(
        'ldap: layout.groups "posixGroup" needs layout.posix.gidNumbers, the range department gidNumbers come from',
        [
          {
            path: "layout.posix.gidNumbers",
            message: "is required for posixGroup departments, e.g. [20000, 29999]",
          },
        ],
      );
    }
    checkRange("gidNumbers", posix.gidNumbers);
  }
  return {
    baseDn,
    usersDn,
    groupClass,
    groupRdn,
    memberAttribute: MEMBER_ATTRIBUTE[groupClass],
    memberValue: groupClass === "posixGroup" ? "username" : "dn",
    posix,
    groupRootDn: (flag) => `${wireRdn("ou", `${flag}root`)},${baseDn}`,
    groupDn: (name, parentDn) => `${wireRdn(groupRdn, name)},${parentDn}`,
    userDn: (username) => `${wireRdn("uid", username)},${usersDn}`,
    // inetOrgPerson requires sn and cn; the RDN attribute (uid) is written by the target.
    requiredAttributes: { user: ["sn", "cn"] },
  };
}

const MEMBER_ATTRIBUTE: Record<ResolvedLayout["groupClass"], ResolvedLayout["memberAttribute"]> = {
  groupOfUniqueNames: "uniqueMember",
  groupOfNames: "member",
  posixGroup: "memberUid",
  organizationalUnit: null,
};

function checkRange(name: string, range: [number, number] | undefined): void {
  const [low, high] = range ?? [Number.NaN, Number.NaN];
  if (!Number.isInteger(low) || !Number.isInteger(high) || low < 1 || high < low) {
    throw new ConfigError(
      `ldap: layout.posix.${name} must be [low, high] with 1 ≤ low ≤ high, got [${low}, ${high}]`,
      [{ path: `layout.posix.${name}`, message: "must be [low, high] with 1 ≤ low ≤ high" }],
    );
  }
}
