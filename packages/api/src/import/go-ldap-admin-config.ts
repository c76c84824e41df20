import { ConfigError, normalizeDn, PROVIDER_FLAG_PATTERN, parseDn } from "@orgsync/core";
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Document as YamlDocument,
} from "yaml";
import type { ProviderSyncOptions } from "../db/schema.ts";

/**
 * Reads go-ldap-admin's `config.yml` (reference §1.3) into an import plan in orgsync's terms:
 * directory settings from the `ldap` block, one provider per `feishu` / `dingtalk` / `wecom`
 * block, schedules from their `dept-sync-time` / `user-sync-time`. Every key is accounted for:
 * what is not carried over is listed with its path, line and why. Pure: reads nothing else.
 *
 * Keys are matched case-insensitively, as viper (go-ldap-admin's config reader) does.
 */

/** Why a key was not carried over. */
export type UnsupportedCategory =
  /** Not a key go-ldap-admin reads there: probably a typo. */
  | "unknown"
  /** A go-ldap-admin setting orgsync cannot express (or not this value of it). */
  | "unsupported"
  /** A go-ldap-admin setting orgsync has no need for: it works differently. */
  | "notNeeded"
  /** go-ldap-admin's own server, database, login, mail settings: nothing to do with syncing. */
  | "notOrgsyncsConcern";

export interface UnsupportedKey {
  /**
   * The key's path in the file, as written there.
   * @example "ldap.max-conn", "feishu.user-leave-range", "system"
   */
  path: string;
  /** 1-based line of the key in the file. */
  line: number;
  category: UnsupportedCategory;
  /** Why it is not carried over, and what to do instead when there is something. */
  reason: string;
}

/** Where a value came from in the file. */
export interface KeySource {
  /** @example "ldap.base-dn" */
  path: string;
  /** 1-based line. */
  line: number;
}

/** The `ldap` block in orgsync's directory-settings terms; only what the file sets. */
export interface DirectoryImportPlan {
  source: KeySource;
  /** Merged over the stored connection: settings the file does not have (TLS) are kept. */
  connection: { url?: string; baseDn?: string; bindDn?: string };
  bindPassword?: string;
  /** From `user-dn` when it is `ou=<name>,<base-dn>`. */
  usersOu?: string;
  /** `initial` with `user-init-password`; `random` when that is empty. */
  passwordMode?: "initial" | "random";
  /** From `user-password-encryption-type`. */
  passwordScheme?: "ssha" | "clear";
  initialPassword?: string;
  /** `null`: the file has the key empty. */
  defaultEmailSuffix?: string | null;
  /**
   * The file's key behind each directory setting, to name it in errors.
   * @example { "connection.baseDn": { path: "ldap.base-dn", line: 88 } }
   */
  sources: Record<string, KeySource>;
}

/** The IM blocks go-ldap-admin has; each is also the provider kind it becomes. */
export const GO_LDAP_ADMIN_IMS = ["feishu", "dingtalk", "wecom"] as const;
export type GoLdapAdminIm = (typeof GO_LDAP_ADMIN_IMS)[number];

export interface ScheduleImportPlan {
  /** `dept-sync-time` → GROUPS, `user-sync-time` → USERS. */
  scope: "GROUPS" | "USERS";
  /**
   * As written (six fields, seconds first, as robfig/cron reads it), without a `CRON_TZ=` prefix.
   * @example "0 20 0 * * *"
   */
  cron: string;
  /** From a `CRON_TZ=` / `TZ=` prefix; otherwise the import's time zone applies. */
  timezone?: string;
  /** go-ldap-admin registers its crons only with `enable-sync: true`. */
  enabled: boolean;
  source: KeySource;
}

export interface ProviderImportPlan {
  kind: GoLdapAdminIm;
  /** `flag`, or the block's name when the file has none. */
  flag: string;
  /** The block. */
  source: KeySource;
  /** The provider's config in orgsync's terms, secrets included. */
  config: Record<string, unknown>;
  /**
   * Config keys that hold secrets, by go-ldap-admin's naming (an installed plugin's own
   * `secretFields` win): kept out of every report.
   */
  secretKeys: readonly string[];
  /** `enable-sync`; `undefined` when the file does not say. */
  enabled?: boolean;
  syncOptions: ProviderSyncOptions;
  schedules: ScheduleImportPlan[];
  /** The file's key behind each config key, to name it in errors. */
  sources: Record<string, KeySource>;
}

export interface GoLdapAdminImportPlan {
  /** `null` when the file has no `ldap` block. */
  directory: DirectoryImportPlan | null;
  providers: ProviderImportPlan[];
  /** Every key not carried over, in file order. */
  unsupported: UnsupportedKey[];
}

const WHERE = "go-ldap-admin import";

/** go-ldap-admin's blocks that are about its own server, not about syncing. */
const NOT_OUR_CONCERN: Record<string, string> = {
  system: "go-ldap-admin's own server (mode, port, URL prefix)",
  logs: "go-ldap-admin's own log files",
  database: "go-ldap-admin's own database (orgsync uses DATABASE_URL or its embedded one)",
  mysql: "go-ldap-admin's own MySQL database",
  jwt: "go-ldap-admin's own login tokens",
  "rate-limit": "go-ldap-admin's own request rate limit",
  email: "go-ldap-admin's own mail server (password mails)",
};

interface KeyRule {
  category: UnsupportedCategory;
  reason: string;
}

const LDAP_NOT_NEEDED: Record<string, KeyRule> = {
  "max-conn": {
    category: "notNeeded",
    reason:
      "go-ldap-admin capped the connections its HTTP requests opened; orgsync keeps its own pool for parallel writes (connection.poolSize, default 4) — set it if your directory limits connections",
  },
  "group-name-modify": {
    category: "notNeeded",
    reason:
      "not needed: orgsync renames by anchor — a renamed or moved department is one modrdn of the same group, members intact",
  },
  "user-name-modify": {
    category: "notNeeded",
    reason:
      "not needed: orgsync renames by anchor — usernames are allocated once and never change; a new name updates cn, sn and displayName",
  },
  "enable-sync": {
    category: "notNeeded",
    reason:
      "not needed: it showed go-ldap-admin's 'sync original LDAP' buttons; orgsync adopts the existing entries on the first sync instead",
  },
};

const IM_NOT_NEEDED: Record<string, KeyRule> = {
  "root-ou-name": {
    category: "notNeeded",
    reason: "not needed: declared in go-ldap-admin but never used; groups go under ou=<flag>root",
  },
  "user-leave-range": {
    category: "notNeeded",
    reason:
      "not needed: orgsync sees departures in the org data itself (resigned, frozen, gone), with no look-back window",
  },
};

/** The keys of each IM block and what they become; anything else is listed. */
interface ImKeys {
  /** go-ldap-admin key → config key (text as written). */
  config: Record<string, string>;
  /** go-ldap-admin key → config key holding a whole number. */
  wholeNumbers?: Record<string, string>;
  /** Config keys that are secrets. */
  secrets: readonly string[];
  /** Keys listed as not needed (or, for an IM without them, unknown with a reason). */
  listed: Record<string, KeyRule>;
  deptList: boolean;
}

const IM_KEYS: Record<GoLdapAdminIm, ImKeys> = {
  feishu: {
    config: { "app-id": "appId", "app-secret": "appSecret" },
    secrets: ["appSecret"],
    listed: {},
    deptList: true,
  },
  dingtalk: {
    // agent-id: go-ldap-admin never used it; kept in the config so nothing typed is lost.
    config: { "app-key": "appKey", "app-secret": "appSecret", "agent-id": "agentId" },
    // user-leave-range: days of DingTalk leave records read as resignations (0: all of them).
    wholeNumbers: { "user-leave-range": "userLeaveRangeDays" },
    secrets: ["appSecret"],
    listed: IM_NOT_NEEDED,
    deptList: true,
  },
  wecom: {
    config: { "corp-id": "corpId", "corp-secret": "corpSecret", "agent-id": "agentId" },
    secrets: ["corpSecret"],
    listed: { "user-leave-range": IM_NOT_NEEDED["user-leave-range"] as KeyRule },
    deptList: false,
  },
};

/** Keys every IM block shares. */
const IM_COMMON = new Set([
  "flag",
  "enable-sync",
  "dept-sync-time",
  "user-sync-time",
  "is-update-syncd",
]);

interface Entry {
  /** As written. */
  key: string;
  /** Lower-cased, as viper compares. */
  name: string;
  path: string;
  line: number;
  node: Node | null;
}

/**
 * Parses go-ldap-admin's `config.yml`. Throws a `ConfigError` naming the line for YAML it cannot
 * read and for values of the wrong type or that cannot be stored (each issue's path is the
 * key's path, its message starts with the line); placeholders are taken as given.
 */
export function parseGoLdapAdminConfig(text: string): GoLdapAdminImportPlan {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => {
      const at = error.pos ? lines.linePos(error.pos[0]) : undefined;
      const where = at ? `line ${at.line}, column ${at.col}` : "(file)";
      return { path: `(yaml) ${where}`, message: error.message.split("\n")[0] ?? error.message };
    });
    throw new ConfigError(
      `${WHERE}: the file is not valid YAML — ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  const reader = new Reader(doc, lines);
  const root = reader.resolve(doc.contents as Node | null);
  if (root === null) {
    throw new ConfigError(`${WHERE}: the file is empty; give go-ldap-admin's config.yml`, [
      { path: "(file)", message: "is empty" },
    ]);
  }
  if (!isMap(root)) {
    throw new ConfigError(
      `${WHERE}: the file is not go-ldap-admin's config.yml (its top level must be keys such as ldap: and feishu:)`,
      [{ path: "(file)", message: "line 1: must be a mapping of blocks (ldap:, feishu:, …)" }],
    );
  }

  const plan: GoLdapAdminImportPlan = { directory: null, providers: [], unsupported: [] };
  for (const block of reader.entries(root, "")) {
    if (block.name === "ldap") {
      plan.directory = readLdap(reader, block, plan.unsupported);
    } else if ((GO_LDAP_ADMIN_IMS as readonly string[]).includes(block.name)) {
      const provider = readIm(reader, block, block.name as GoLdapAdminIm, plan.unsupported);
      if (provider) plan.providers.push(provider);
    } else if (block.name in NOT_OUR_CONCERN) {
      plan.unsupported.push({
        path: block.path,
        line: block.line,
        category: "notOrgsyncsConcern",
        reason: `not orgsync's concern: ${NOT_OUR_CONCERN[block.name]}`,
      });
    } else {
      plan.unsupported.push({
        path: block.path,
        line: block.line,
        category: "unknown",
        reason:
          "not a go-ldap-admin block (it has system, logs, database, mysql, jwt, rate-limit, email, ldap, dingtalk, wecom, feishu); check its spelling",
      });
    }
  }
  reader.throwIfInvalid();

  const seenFlags = new Map<string, ProviderImportPlan>();
  for (const provider of plan.providers) {
    const other = seenFlags.get(provider.flag);
    if (other) {
      reader.issue(
        { path: `${provider.source.path}.flag`, line: provider.source.line },
        `"${provider.flag}" is also the flag of ${other.source.path}; every provider needs its own flag (it prefixes every anchor)`,
      );
    }
    seenFlags.set(provider.flag, provider);
  }
  reader.throwIfInvalid();
  plan.unsupported.sort((a, b) => a.line - b.line);
  return plan;
}

/** The block's keys, or `null` (reported as unsupported) when the block is empty. */
function nonEmptyBlock(reader: Reader, block: Entry, unsupported: UnsupportedKey[]) {
  const map = reader.block(block);
  if (map === null) {
    unsupported.push({
      path: block.path,
      line: block.line,
      category: "unsupported",
      reason: "the block is empty; nothing to import",
    });
    return null;
  }
  return map;
}

function readLdap(
  reader: Reader,
  block: Entry,
  unsupported: UnsupportedKey[],
): DirectoryImportPlan | null {
  const map = nonEmptyBlock(reader, block, unsupported);
  if (map === null) return null;
  const directory: DirectoryImportPlan = {
    source: { path: block.path, line: block.line },
    connection: {},
    sources: {},
  };
  const set = (setting: string, entry: Entry) => {
    directory.sources[setting] = { path: entry.path, line: entry.line };
  };
  let userDn: Entry | undefined;
  let baseDn: string | undefined;
  for (const entry of reader.entries(map, block.path)) {
    switch (entry.name) {
      case "url": {
        const url = reader.string(entry);
        if (url !== undefined) directory.connection.url = url;
        set("connection.url", entry);
        break;
      }
      case "base-dn": {
        baseDn = reader.string(entry);
        if (baseDn !== undefined) directory.connection.baseDn = baseDn;
        set("connection.baseDn", entry);
        break;
      }
      case "admin-dn": {
        const bindDn = reader.string(entry);
        if (bindDn !== undefined) directory.connection.bindDn = bindDn;
        set("connection.bindDn", entry);
        break;
      }
      case "admin-pass": {
        const password = reader.string(entry);
        if (password !== undefined) directory.bindPassword = password;
        set("bindPassword", entry);
        break;
      }
      case "user-dn":
        userDn = entry;
        break;
      case "user-init-password": {
        const password = reader.string(entry);
        set("initialPassword", entry);
        if (password === undefined) break;
        set("passwordPolicy", entry);
        if (password === "") {
          directory.passwordMode = "random";
          unsupported.push({
            path: entry.path,
            line: entry.line,
            category: "unsupported",
            reason:
              "is empty: an account with an empty password cannot bind, so new accounts get a random password each instead",
          });
        } else {
          directory.passwordMode = "initial";
          directory.initialPassword = password;
        }
        break;
      }
      case "user-password-encryption-type": {
        const scheme = reader.string(entry)?.trim().toLowerCase();
        if (scheme === "ssha" || scheme === "clear") {
          directory.passwordScheme = scheme;
          set("passwordPolicy.scheme", entry);
        } else if (scheme) {
          unsupported.push({
            path: entry.path,
            line: entry.line,
            category: "unsupported",
            reason: `"${scheme}" is not a scheme go-ldap-admin knows ("ssha", the default, or "clear"); orgsync keeps its default ssha`,
          });
        }
        break;
      }
      case "default-email-suffix": {
        const suffix = reader.string(entry);
        directory.defaultEmailSuffix = suffix === undefined || suffix === "" ? null : suffix;
        set("defaultEmailSuffix", entry);
        break;
      }
      default: {
        const rule = LDAP_NOT_NEEDED[entry.name];
        unsupported.push({
          path: entry.path,
          line: entry.line,
          ...(rule ?? {
            category: "unknown",
            reason:
              "not a key go-ldap-admin reads in ldap (url, base-dn, admin-dn, admin-pass, user-dn, user-init-password, user-password-encryption-type, default-email-suffix, …); check its spelling",
          }),
        });
      }
    }
  }
  if (userDn) {
    const usersOu = reader.string(userDn);
    if (usersOu !== undefined) {
      const result = usersContainer(usersOu, baseDn);
      if (typeof result === "string") {
        directory.usersOu = result;
        directory.sources["layout.usersOu"] = { path: userDn.path, line: userDn.line };
      } else {
        unsupported.push({
          path: userDn.path,
          line: userDn.line,
          category: "unsupported",
          reason: result.reason,
        });
      }
    }
  }
  return directory;
}

/**
 * orgsync puts accounts in one container right under the base DN (`layout.usersOu`): go-ldap-admin's
 * `user-dn` maps onto it only when it is `ou=<name>,<base-dn>`.
 */
function usersContainer(userDn: string, baseDn: string | undefined): string | { reason: string } {
  const expected = `ou=<name>,${baseDn ?? "<base-dn>"}`;
  let rdns: ReturnType<typeof parseDn>;
  try {
    rdns = parseDn(userDn);
  } catch {
    return { reason: `"${userDn}" is not a DN; orgsync keeps accounts under ou=people` };
  }
  const [first, ...rest] = rdns;
  if (baseDn === undefined) {
    return {
      reason: `cannot check "${userDn}" without ldap.base-dn; orgsync keeps accounts under ou=people — set layout.usersOu yourself`,
    };
  }
  let sameBase = false;
  try {
    sameBase =
      rest.length > 0 &&
      normalizeDn(rest.map((rdn) => `${rdn.attribute}=${escapeValue(rdn.value)}`).join(",")) ===
        normalizeDn(baseDn);
  } catch {
    sameBase = false;
  }
  if (first && first.attribute.toLowerCase() === "ou" && sameBase && first.value.trim() !== "") {
    return first.value;
  }
  return {
    reason: `orgsync keeps accounts in one container right under the base DN (${expected}); "${userDn}" is not of that form, so accounts go to ou=people — move them there, or set layout.usersOu when they sit directly under the base DN in another ou`,
  };
}

/** Enough escaping to re-join parsed RDN values for comparison. */
function escapeValue(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`);
}

function readIm(
  reader: Reader,
  block: Entry,
  kind: GoLdapAdminIm,
  unsupported: UnsupportedKey[],
): ProviderImportPlan | null {
  const map = nonEmptyBlock(reader, block, unsupported);
  if (map === null) return null;
  const keys = IM_KEYS[kind];
  const provider: ProviderImportPlan = {
    kind,
    flag: kind,
    source: { path: block.path, line: block.line },
    config: {},
    secretKeys: keys.secrets,
    syncOptions: {},
    schedules: [],
    sources: {},
  };
  const times: { scope: "GROUPS" | "USERS"; entry: Entry }[] = [];
  let enableSync: boolean | undefined;
  for (const entry of reader.entries(map, block.path)) {
    const configKey = keys.config[entry.name];
    if (configKey !== undefined) {
      const value = reader.string(entry);
      if (value !== undefined) provider.config[configKey] = value;
      provider.sources[configKey] = { path: entry.path, line: entry.line };
      continue;
    }
    const numberKey = keys.wholeNumbers?.[entry.name];
    if (numberKey !== undefined) {
      const value = reader.wholeNumber(entry);
      if (value !== undefined) provider.config[numberKey] = value;
      provider.sources[numberKey] = { path: entry.path, line: entry.line };
      continue;
    }
    if (entry.name === "dept-list" && keys.deptList) {
      provider.config.deptList = reader.list(entry);
      provider.sources.deptList = { path: entry.path, line: entry.line };
      continue;
    }
    if (!IM_COMMON.has(entry.name)) {
      const rule = keys.listed[entry.name];
      unsupported.push({
        path: entry.path,
        line: entry.line,
        ...(rule ??
          (entry.name === "dept-list"
            ? {
                category: "unknown" as const,
                reason: `go-ldap-admin's ${kind} sync has no dept-list; it always read the whole org`,
              }
            : {
                category: "unknown" as const,
                reason: `not a key go-ldap-admin reads in ${kind} (${[...IM_COMMON, ...Object.keys(keys.config), ...Object.keys(keys.wholeNumbers ?? {}), ...(keys.deptList ? ["dept-list"] : [])].join(", ")}); check its spelling`,
              })),
      });
      continue;
    }
    switch (entry.name) {
      case "flag": {
        const flag = reader.string(entry)?.trim();
        if (flag) {
          if (PROVIDER_FLAG_PATTERN.test(flag)) provider.flag = flag;
          else
            reader.issue(
              entry,
              'use 1–32 lower-case letters, digits, "_" and "-", starting with a letter; it prefixes every anchor',
            );
        }
        provider.sources.flag = { path: entry.path, line: entry.line };
        break;
      }
      case "enable-sync":
        enableSync = reader.boolean(entry);
        if (enableSync !== undefined) provider.enabled = enableSync;
        break;
      case "is-update-syncd": {
        const update = reader.boolean(entry);
        if (update !== undefined) provider.syncOptions.updateExisting = update;
        break;
      }
      case "dept-sync-time":
        times.push({ scope: "GROUPS", entry });
        break;
      case "user-sync-time":
        times.push({ scope: "USERS", entry });
        break;
    }
  }
  for (const { scope, entry } of times) {
    const written = reader.string(entry)?.trim();
    if (!written) continue;
    const { cron, timezone } = splitCronZone(written);
    if (/^@every\b/i.test(cron)) {
      unsupported.push({
        path: entry.path,
        line: entry.line,
        category: "unsupported",
        reason: `"${written}": orgsync's schedules are cron expressions (five or six fields, or @daily, @hourly, …), not intervals; set a ${scope} schedule yourself`,
      });
      continue;
    }
    provider.schedules.push({
      scope,
      cron,
      ...(timezone === undefined ? {} : { timezone }),
      enabled: enableSync === true,
      source: { path: entry.path, line: entry.line },
    });
  }
  return provider;
}

/** robfig/cron reads a leading `CRON_TZ=<zone>` (or `TZ=<zone>`) as the spec's time zone. */
function splitCronZone(spec: string): { cron: string; timezone?: string } {
  const match = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(spec);
  if (!match) return { cron: spec };
  return { cron: (match[2] as string).trim(), timezone: match[1] as string };
}

/** Reads values the way viper decodes them into go-ldap-admin's config struct; collects issues. */
class Reader {
  private readonly issues: { path: string; message: string }[] = [];

  constructor(
    private readonly doc: YamlDocument,
    private readonly lines: LineCounter,
  ) {}

  resolve(node: Node | null | undefined): Node | null {
    let current = node ?? null;
    for (let depth = 0; current !== null && isAlias(current) && depth < 16; depth++) {
      current = (current.resolve(this.doc) as Node | undefined) ?? null;
    }
    if (current !== null && isScalar(current) && current.value === null) return null;
    return current;
  }

  line(node: Node | null | undefined): number {
    const offset = node?.range?.[0];
    return offset === undefined ? 0 : this.lines.linePos(offset).line;
  }

  issue(at: { path: string; line: number }, message: string): void {
    this.issues.push({ path: at.path, message: `line ${at.line}: ${message}` });
  }

  throwIfInvalid(): void {
    if (this.issues.length === 0) return;
    throw new ConfigError(
      `${WHERE}: ${this.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      this.issues,
    );
  }

  /** The block's mapping; `null` when empty; an issue when it is not a mapping. */
  block(entry: Entry) {
    if (entry.node === null) return null;
    if (isMap(entry.node)) return entry.node;
    this.issue(entry, "must be a block of keys (key: value lines indented under it)");
    return null;
  }

  /**
   * The mapping's keys in file order, `<<` merges expanded under the keys written beside them.
   * Keys differing only in case are one key to viper: a second one is an issue.
   */
  entries(map: Node, parentPath: string): Entry[] {
    const own: Entry[] = [];
    const merged: Entry[] = [];
    if (!isMap(map)) return own;
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const line = this.line(keyNode);
      if (key === "<<") {
        const sources = this.resolve(pair.value as Node | null);
        const maps = sources && isSeq(sources) ? sources.items : [sources];
        for (const source of maps) {
          const resolved = this.resolve(source as Node | null);
          if (resolved && isMap(resolved)) merged.push(...this.entries(resolved, parentPath));
        }
        continue;
      }
      own.push({
        key,
        name: key.toLowerCase(),
        path: parentPath ? `${parentPath}.${key}` : key,
        line,
        node: this.resolve(pair.value as Node | null),
      });
    }
    const seen = new Map<string, Entry>();
    for (const entry of own) {
      const earlier = seen.get(entry.name);
      if (earlier) {
        this.issue(
          entry,
          `repeats ${earlier.path} (line ${earlier.line}); keys are not case-sensitive — keep one`,
        );
      }
      seen.set(entry.name, entry);
    }
    return [...own, ...merged.filter((entry) => !seen.has(entry.name))];
  }

  /**
   * A single value as text: strings as written, numbers and booleans as typed in the file
   * (`admin-pass: 0123` stays "0123"); `undefined` for an empty value.
   */
  string(entry: Entry): string | undefined {
    const node = entry.node;
    if (node === null) return undefined;
    if (isScalar(node)) {
      if (typeof node.value === "string") return node.value;
      return node.source ?? String(node.value);
    }
    this.issue(entry, "must be a single value, not a list or block");
    return undefined;
  }

  /** A whole number ≥ 0, as viper's cast reads it (`7` or `"7"`); `undefined` for an empty value. */
  wholeNumber(entry: Entry): number | undefined {
    const text = this.string(entry)?.trim();
    if (text === undefined || text === "") return undefined;
    if (/^\d{1,9}$/.test(text)) return Number(text);
    this.issue(entry, "must be a whole number of days (0 or more)");
    return undefined;
  }

  /** true/false, as viper's cast reads them (also "true", "1", "t"…). */
  boolean(entry: Entry): boolean | undefined {
    const node = entry.node;
    if (node === null) return undefined;
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === "boolean") return value;
      const text = String(value).trim().toLowerCase();
      if (["true", "t", "1"].includes(text)) return true;
      if (["false", "f", "0"].includes(text)) return false;
    }
    this.issue(entry, "must be true or false");
    return undefined;
  }

  /** A list of single values (an empty key is an empty list; a single value is a list of one). */
  list(entry: Entry): string[] {
    const node = entry.node;
    if (node === null) return [];
    if (isScalar(node)) {
      const value = this.string(entry);
      return value === undefined || value === "" ? [] : [value];
    }
    if (!isSeq(node)) {
      this.issue(entry, 'must be a list ("- od-…" lines), or empty');
      return [];
    }
    const values: string[] = [];
    node.items.forEach((item, index) => {
      const resolved = this.resolve(item as Node | null);
      const value =
        resolved === null
          ? undefined
          : this.string({ ...entry, path: `${entry.path}[${index}]`, node: resolved });
      if (value !== undefined && value.trim() !== "") values.push(value.trim());
    });
    return values;
  }
}
