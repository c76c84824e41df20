import {
  ConfigError,
  type DepartedUserPolicy,
  normalizeDn,
  normalizeDnValue,
  parseDn,
  type SafetyThresholds,
} from "@orgsync/core";
import { type LayoutOptions, type LdapTargetOptions, ldapTarget } from "@orgsync/ldap";
import { z } from "zod";
import {
  DEPARTED_USER_POLICIES,
  type DirectoryConnectionSettings,
  type PasswordPolicy,
} from "../../db/schema.ts";
import type { DirectorySettingsWithSecrets } from "../../repositories/directory-settings.ts";
import { directoryTargetOptions } from "../../sync/directory-options.ts";

/**
 * The directory settings as an admin writes them: validated field by field (each issue names
 * the field and the fix), merged over what is stored, and checked once more as a whole by the
 * LDAP target's own validation, so what is saved is exactly what a sync can open.
 */

/** Where the LDAP server is and how to talk to it (the bind password is a separate field). */
export interface DirectoryConnectionInput {
  /**
   * `ldap://host:port` or `ldaps://host:port`.
   * @example "ldap://ldap.example.com:389"
   */
  url: string;
  /**
   * The DN orgsync binds as; it needs write access below the base DN.
   * @example "cn=admin,dc=example,dc=com"
   */
  bindDn: string;
  /**
   * The directory's suffix: users go to `ou=people,<baseDn>`, groups to `ou=<flag>root,<baseDn>`.
   * @example "dc=example,dc=com"
   */
  baseDn: string;
  /**
   * Upgrade an `ldap://` connection with StartTLS before binding.
   * @default false
   */
  startTls?: boolean;
  /**
   * TLS for `ldaps://` and StartTLS: a CA bundle to trust (a path on the server running orgsync)
   * and whether to check the certificate.
   * @default { rejectUnauthorized: true }
   * @example { caCertPath: "/etc/ssl/certs/corp-ca.pem" }
   */
  tls?: { rejectUnauthorized?: boolean; caCertPath?: string };
  /**
   * Longest wait for one operation, in ms.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Longest wait for a TCP (and TLS) connection, in ms.
   * @default 5000
   */
  connectTimeoutMs?: number;
  /**
   * Connections kept open for parallel writes, 1 to 64.
   * @default 4
   */
  poolSize?: number;
}

/**
 * A change to the directory settings. A field left out keeps its stored value; for the two
 * passwords `null` clears the stored one. `connection`, `layout`, `passwordPolicy` and
 * `safetyThresholds` are replaced as a whole (a form sends them whole).
 */
export interface UpdateDirectorySettingsInput {
  /** Required on the first save. */
  connection?: DirectoryConnectionInput;
  /** Write-only. `undefined` keeps the stored one, `null` clears it. */
  bindPassword?: string | null;
  /** Where users and groups go and their object classes (default: go-ldap-admin's layout). */
  layout?: LayoutOptions;
  /**
   * How new accounts get their first password.
   * @default { mode: "initial", scheme: "ssha" }
   * @example { mode: "random" }
   */
  passwordPolicy?: PasswordPolicy;
  /**
   * go-ldap-admin's `user-init-password`, required while `passwordPolicy.mode` is `initial`.
   * Write-only. `undefined` keeps the stored one, `null` clears it.
   */
  initialPassword?: string | null;
  /**
   * What happens to users who left the IM.
   * @default "disable"
   */
  departedUserPolicy?: DepartedUserPolicy;
  /**
   * Limits on deletions/disables a run applies without approval; `null` turns one off.
   * @default {} (100 entries, 10 %)
   * @example { maxDestructive: 50, maxDestructivePercent: 5 }
   */
  safetyThresholds?: SafetyThresholds;
  /**
   * go-ldap-admin's `default-email-suffix`: users without an email get `<username>@<suffix>`.
   * A domain without "@"; `null` clears it.
   * @example "example.com"
   */
  defaultEmailSuffix?: string | null;
}

/** The settings after merging a change over what is stored: what would be saved. */
export interface MergedDirectorySettings {
  connection: DirectoryConnectionSettings;
  bindPassword: string | undefined;
  layout: LayoutOptions;
  passwordPolicy: PasswordPolicy;
  initialPassword: string | undefined;
  departedUserPolicy: DepartedUserPolicy;
  safetyThresholds: SafetyThresholds;
  defaultEmailSuffix: string | null;
}

const EXAMPLE_BASE_DN = "dc=example,dc=com";
const EXAMPLE_BIND_DN = "cn=admin,dc=example,dc=com";

function dnSchema(example: string) {
  return z
    .string({ error: `must be a DN such as ${example}` })
    .trim()
    .min(1, { error: `is required, e.g. ${example}` })
    .superRefine((dn, context) => {
      try {
        parseDn(dn);
      } catch (error) {
        const problem = error instanceof Error ? error.message.replace(/^dn: /, "") : String(error);
        context.addIssue({
          code: "custom",
          message: `is not a valid DN (${problem}); write attribute=value pairs separated by commas, e.g. ${example}`,
        });
      }
    });
}

function milliseconds(name: string) {
  return z
    .number({ error: `must be a number of milliseconds, e.g. 5000` })
    .int({ error: `must be a whole number of milliseconds` })
    .positive({ error: `must be more than 0 ms; leave ${name} out for the default` });
}

const password = (what: string) =>
  z
    .string({ error: `must be a string (the ${what}), or null to clear it` })
    .min(1, { error: `is empty; give the ${what}, or null to clear it` })
    .nullable()
    .optional();

const numberRange = (example: string) =>
  z.tuple(
    [
      z.number().int({ error: "must be whole numbers" }),
      z.number().int({ error: "must be whole numbers" }),
    ],
    { error: `must be [low, high], e.g. ${example}` },
  );

// Labels of a host name; Unicode letters allowed (IDN domains are written as they read).
const DOMAIN =
  /^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

const connectionSchema = z.strictObject({
  url: z
    .string({ error: "must be an LDAP URL such as ldap://ldap.example.com:389" })
    .trim()
    .regex(/^ldaps?:\/\//i, {
      error: "must start with ldap:// or ldaps://, e.g. ldap://ldap.example.com:389",
    }),
  bindDn: dnSchema(EXAMPLE_BIND_DN),
  baseDn: dnSchema(EXAMPLE_BASE_DN),
  startTls: z.boolean({ error: "must be true or false" }).optional(),
  tls: z
    .strictObject({
      rejectUnauthorized: z.boolean({ error: "must be true or false" }).optional(),
      caCertPath: z
        .string({ error: "must be the path of a PEM CA bundle" })
        .trim()
        .min(1, { error: "is empty; give the path of a PEM CA bundle, or leave it out" })
        .optional(),
    })
    .optional(),
  timeoutMs: milliseconds("timeoutMs").optional(),
  connectTimeoutMs: milliseconds("connectTimeoutMs").optional(),
  poolSize: z
    .number({ error: "must be a number of connections, 1 to 64" })
    .int({ error: "must be a whole number from 1 to 64" })
    .min(1, { error: "must be a whole number from 1 to 64" })
    .max(64, { error: "must be a whole number from 1 to 64" })
    .optional(),
});

const layoutSchema = z.strictObject({
  groups: z
    .enum(["groupOfUniqueNames", "groupOfNames", "posixGroup", "organizationalUnit"], {
      error:
        'must be "groupOfUniqueNames" (go-ldap-admin), "groupOfNames", "posixGroup" or "organizationalUnit"',
    })
    .optional(),
  usersOu: z
    .string({ error: 'must be the name of the users\' container, e.g. "people"' })
    .trim()
    .min(1, { error: 'is empty; give the users\' container name, e.g. "people", or leave it out' })
    .optional(),
  posix: z
    .strictObject({
      uidNumbers: numberRange("[10000, 59999]"),
      gidNumber: z
        .number({ error: "must be the users' shared gidNumber, e.g. 10000" })
        .int({ error: "must be a whole number" })
        .positive({ error: "must be 1 or more" }),
      gidNumbers: numberRange("[20000, 29999]").optional(),
      homeDirectory: z.string({ error: 'must be a path such as "/home/{uid}"' }).optional(),
      loginShell: z.string({ error: 'must be a path such as "/bin/bash"' }).optional(),
    })
    .optional(),
});

const inputSchema = z.strictObject({
  connection: connectionSchema.optional(),
  bindPassword: password("password of bindDn"),
  layout: layoutSchema.optional(),
  passwordPolicy: z
    .strictObject({
      mode: z.enum(["initial", "random"], {
        error: 'must be "initial" (one shared first password) or "random" (one per user)',
      }),
      scheme: z
        .enum(["ssha", "clear", "exop"], {
          error: 'must be "ssha" (default), "clear" (the server hashes) or "exop"',
        })
        .optional(),
    })
    .optional(),
  initialPassword: password("initial password new users get"),
  departedUserPolicy: z
    .enum(DEPARTED_USER_POLICIES, { error: 'must be "disable", "delete" or "keep"' })
    .optional(),
  safetyThresholds: z
    .strictObject({
      maxDestructive: z
        .number({ error: "must be a number of entries, or null to turn the limit off" })
        .int({ error: "must be a whole number of entries" })
        .min(0, { error: "must be 0 or more; null turns the limit off" })
        .nullable()
        .optional(),
      maxDestructivePercent: z
        .number({ error: "must be a percentage from 0 to 100, or null to turn the limit off" })
        .min(0, { error: "must be 0 or more; null turns the limit off" })
        .max(100, { error: "must be at most 100 (it is a percentage)" })
        .nullable()
        .optional(),
    })
    .optional(),
  defaultEmailSuffix: z
    .string({ error: 'must be a domain such as "example.com", or null to clear it' })
    .trim()
    .superRefine((suffix, context) => {
      if (suffix.includes("@")) {
        const domain = suffix.slice(suffix.lastIndexOf("@") + 1) || "example.com";
        context.addIssue({
          code: "custom",
          message: `is a domain without "@": write "${domain}"`,
        });
      } else if (!DOMAIN.test(suffix)) {
        context.addIssue({ code: "custom", message: 'must be a domain such as "example.com"' });
      }
    })
    .nullable()
    .optional(),
});

type Issue = { path: string; message: string };

function invalid(issues: Issue[]): ConfigError {
  return new ConfigError(
    `directory: invalid settings — ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
    issues,
  );
}

/** Checks the shape of a change; throws a `ConfigError` naming every bad field. */
export function parseDirectorySettingsInput(input: unknown): UpdateDirectorySettingsInput {
  const result = inputSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues: Issue[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({
          path: path ? `${path}.${key}` : key,
          message: "is not a directory setting; check its spelling",
        });
      }
    } else {
      issues.push({ path: path || "(settings)", message: issue.message });
    }
  }
  throw invalid(issues);
}

/** What must hold beyond the fields' own shape. */
export interface MergeRequirements {
  /** The bind password must be known (to connect now). */
  bindPassword: boolean;
  /** `passwordPolicy.mode = "initial"` needs an initial password (to save; a test can do without). */
  initialPassword: boolean;
}

/**
 * Merges a parsed change over the stored settings (with their passwords) and checks the result
 * as a whole. Throws a `ConfigError` naming the field to fix.
 */
export function mergeDirectorySettings(
  stored: DirectorySettingsWithSecrets | undefined,
  change: UpdateDirectorySettingsInput,
  requirements: MergeRequirements,
): MergedDirectorySettings {
  const connection = change.connection ?? stored?.connection;
  if (!connection) {
    throw invalid([
      {
        path: "connection",
        message: `is required on the first save: url, bindDn and baseDn, e.g. { url: "ldap://ldap.example.com:389", bindDn: "${EXAMPLE_BIND_DN}", baseDn: "${EXAMPLE_BASE_DN}" }`,
      },
    ]);
  }
  const keep = <T>(given: T | null | undefined, kept: T | undefined) =>
    given === null ? undefined : given === undefined ? kept : given;
  const merged: MergedDirectorySettings = {
    connection: withoutUndefined(connection) as DirectoryConnectionSettings,
    bindPassword: keep(change.bindPassword, stored?.bindPassword),
    layout: withoutUndefined(change.layout ?? (stored?.layout as LayoutOptions | undefined) ?? {}),
    passwordPolicy: change.passwordPolicy ?? stored?.passwordPolicy ?? { mode: "initial" },
    initialPassword: keep(change.initialPassword, stored?.initialPassword),
    departedUserPolicy: change.departedUserPolicy ?? stored?.departedUserPolicy ?? "disable",
    safetyThresholds: change.safetyThresholds ?? stored?.safetyThresholds ?? {},
    defaultEmailSuffix:
      change.defaultEmailSuffix === undefined
        ? (stored?.defaultEmailSuffix ?? null)
        : change.defaultEmailSuffix,
  };
  const issues: Issue[] = [];
  if (requirements.bindPassword && merged.bindPassword === undefined) {
    issues.push({
      path: "bindPassword",
      message: "is required to connect; give the password of bindDn",
    });
  }
  if (
    requirements.initialPassword &&
    merged.passwordPolicy.mode === "initial" &&
    merged.initialPassword === undefined
  ) {
    issues.push({
      path: "initialPassword",
      message:
        'is required while passwordPolicy.mode is "initial" (go-ldap-admin\'s user-init-password); give one, or set passwordPolicy.mode to "random"',
    });
  }
  if (issues.length > 0) throw invalid(issues);
  checkWithTarget(merged);
  return merged;
}

/** The LDAP target's options for merged settings (a missing password only fails at bind). */
export function targetOptionsOf(merged: MergedDirectorySettings): LdapTargetOptions {
  const initialKnown = merged.initialPassword !== undefined;
  return directoryTargetOptions({
    ...merged,
    bindPassword: merged.bindPassword ?? "",
    // A connection test needs no initial password; saving already required one.
    passwordPolicy:
      merged.passwordPolicy.mode === "initial" && !initialKnown
        ? { ...merged.passwordPolicy, mode: "random" }
        : merged.passwordPolicy,
    layout: merged.layout as Record<string, unknown>,
    hasBindPassword: merged.bindPassword !== undefined,
    hasInitialPassword: initialKnown,
    updatedBy: null,
    updatedAt: new Date(0),
  });
}

/**
 * Runs the target's own validation (URL form, StartTLS on ldaps://, pool size, the layout's
 * ranges, the CA bundle being readable) by constructing it; that opens no connection.
 */
function checkWithTarget(merged: MergedDirectorySettings): void {
  let target: ReturnType<typeof ldapTarget>;
  try {
    target = ldapTarget(targetOptionsOf(merged));
  } catch (error) {
    if (error instanceof ConfigError) {
      throw invalid(
        error.issues.length > 0
          ? error.issues.map((issue) => ({ ...issue, path: settingPath(issue.path) }))
          : [{ path: "(settings)", message: error.message }],
      );
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (merged.connection.tls && typeof code === "string") {
      throw invalid([
        {
          path: "connection.tls.caCertPath",
          message: `cannot be read (${code}); give the path of a PEM CA bundle readable by the orgsync server`,
        },
      ]);
    }
    throw error;
  }
  // Nothing was opened; closing only releases the empty pool.
  void target.close?.();
}

/** The target names its own options; the settings nest them differently. */
function settingPath(path: string): string {
  if (path === "passwords.initial") return "initialPassword";
  if (path === "bindPassword" || path.startsWith("layout")) return path;
  return `connection.${path}`;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}

/**
 * The settings that decide where managed entries are and how they are found: changing one after
 * a sync leaves the entries already written behind (orphaned) at their old DNs or object class.
 * `layout.posix` is not among them: turning POSIX attributes on or off updates entries in place.
 */
export function placementChanges(
  before: Pick<MergedDirectorySettings, "connection" | "layout">,
  after: Pick<MergedDirectorySettings, "connection" | "layout">,
): string[] {
  const placement = ({ connection, layout }: typeof before) => ({
    "connection.baseDn": safeNormalizeDn(connection.baseDn),
    "layout.groups": layout.groups ?? "groupOfUniqueNames",
    "layout.usersOu": normalizeDnValue(layout.usersOu ?? "people"),
  });
  const old = placement(before);
  const next = placement(after);
  return (Object.keys(old) as (keyof typeof old)[]).filter((key) => old[key] !== next[key]);
}

function safeNormalizeDn(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn;
  }
}
