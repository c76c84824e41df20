import type { DirectorySettingsData, DirectorySettingsInput } from "./directory-documents.ts";

/**
 * The directory settings as four drafts, one per section of the page, and the input each one
 * sends. Drafts hold what the inputs show (strings for numbers, blank for "default" or "no
 * limit"); the input builders turn them into the service's `DirectorySettingsInput`, which
 * replaces `connection`, `layout` and the thresholds as a whole, so every section sends all of
 * its own fields and none of the others'. Passwords are write-only: a draft starts blank, and a
 * blank password is left out of the input, which keeps the stored one.
 */

export interface Issue {
  /** The service's path of the field, e.g. `connection.url`, `layout.posix.uidNumbers`. */
  path: string;
  message: string;
}

/** Words for the checks made before anything is sent. */
export interface LocalCheckMessages {
  wholeNumber: string;
  positiveWhole: string;
  percent: string;
  required: string;
}

export type GroupClass =
  | "groupOfUniqueNames"
  | "groupOfNames"
  | "posixGroup"
  | "organizationalUnit";
export const GROUP_CLASSES: readonly GroupClass[] = [
  "groupOfUniqueNames",
  "groupOfNames",
  "posixGroup",
  "organizationalUnit",
];
export type PasswordMode = "initial" | "random";
export type PasswordScheme = "ssha" | "clear" | "exop";
export type DepartedUserPolicy = "disable" | "delete" | "keep";

export interface ConnectionDraft {
  url: string;
  bindDn: string;
  /** Write-only: blank keeps the stored password. */
  bindPassword: string;
  baseDn: string;
  startTls: boolean;
  caCertPath: string;
  rejectUnauthorized: boolean;
  timeoutMs: string;
  connectTimeoutMs: string;
  poolSize: string;
}

export interface LayoutDraft {
  groups: GroupClass;
  usersOu: string;
  posix: boolean;
  uidLow: string;
  uidHigh: string;
  gidNumber: string;
  gidLow: string;
  gidHigh: string;
  homeDirectory: string;
  loginShell: string;
  defaultEmailSuffix: string;
}

export interface PasswordsDraft {
  mode: PasswordMode;
  /** Write-only: blank keeps the stored password. */
  initialPassword: string;
  scheme: PasswordScheme;
}

export interface DepartedDraft {
  policy: DepartedUserPolicy;
  /** Blank: no limit. */
  maxDestructive: string;
  /** Blank: no limit. */
  maxDestructivePercent: string;
}

export interface DirectoryDrafts {
  connection: ConnectionDraft;
  layout: LayoutDraft;
  passwords: PasswordsDraft;
  departed: DepartedDraft;
}

/** The service's own defaults, shown when nothing is configured yet. */
const DEFAULT_MAX_DESTRUCTIVE = 100;
const DEFAULT_MAX_DESTRUCTIVE_PERCENT = 10;

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

function pair(value: unknown): [string, string] {
  return Array.isArray(value) ? [text(value[0]), text(value[1])] : ["", ""];
}

/** The drafts of stored settings, or of the defaults when the directory is not configured. */
export function draftsOf(settings: DirectorySettingsData | null): DirectoryDrafts {
  const options = record(settings?.connection.options);
  const tls = record(options.tls);
  const layout = record(settings?.layout);
  const posix = settings ? record(layout.posix) : {};
  const groups = GROUP_CLASSES.find((name) => name === layout.groups) ?? "groupOfUniqueNames";
  const [uidLow, uidHigh] = pair(posix.uidNumbers);
  const [gidLow, gidHigh] = pair(posix.gidNumbers);
  return {
    connection: {
      url: settings?.connection.url ?? "",
      bindDn: settings?.connection.bindDn ?? "",
      bindPassword: "",
      baseDn: settings?.connection.baseDn ?? "",
      startTls: options.startTls === true,
      caCertPath: text(tls.caCertPath),
      rejectUnauthorized: tls.rejectUnauthorized !== false,
      timeoutMs: text(options.timeoutMs),
      connectTimeoutMs: text(options.connectTimeoutMs),
      poolSize: text(options.poolSize),
    },
    layout: {
      groups,
      usersOu: text(layout.usersOu),
      posix: layout.posix !== undefined && layout.posix !== null,
      uidLow,
      uidHigh,
      gidNumber: text(posix.gidNumber),
      gidLow,
      gidHigh,
      homeDirectory: text(posix.homeDirectory),
      loginShell: text(posix.loginShell),
      defaultEmailSuffix: settings?.defaultEmailSuffix ?? "",
    },
    passwords: {
      mode: settings?.passwordMode ?? "initial",
      initialPassword: "",
      scheme: settings?.passwordScheme ?? "ssha",
    },
    departed: {
      policy: settings?.departedUserPolicy ?? "disable",
      maxDestructive: settings ? text(settings.maxDestructive) : String(DEFAULT_MAX_DESTRUCTIVE),
      maxDestructivePercent: settings
        ? text(settings.maxDestructivePercent)
        : String(DEFAULT_MAX_DESTRUCTIVE_PERCENT),
    },
  };
}

/** What a section sends, or the fields to fix before it can be sent. */
export interface Built {
  input: DirectorySettingsInput;
  issues: Issue[];
}

/** Reads a number field; `undefined` when blank, an issue when it is not acceptable. */
function numberField(
  value: string,
  path: string,
  issues: Issue[],
  check: (n: number) => boolean,
  message: string,
): number | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n) || !check(n)) {
    issues.push({ path, message });
    return undefined;
  }
  return n;
}

const whole = (n: number) => Number.isInteger(n);
const positiveWhole = (n: number) => Number.isInteger(n) && n > 0;

export function connectionInput(draft: ConnectionDraft, t: LocalCheckMessages): Built {
  const issues: Issue[] = [];
  const timeoutMs = numberField(
    draft.timeoutMs,
    "connection.timeoutMs",
    issues,
    positiveWhole,
    t.positiveWhole,
  );
  const connectTimeoutMs = numberField(
    draft.connectTimeoutMs,
    "connection.connectTimeoutMs",
    issues,
    positiveWhole,
    t.positiveWhole,
  );
  const poolSize = numberField(
    draft.poolSize,
    "connection.poolSize",
    issues,
    positiveWhole,
    t.positiveWhole,
  );
  const caCertPath = draft.caCertPath.trim();
  const withTls = caCertPath !== "" || !draft.rejectUnauthorized;
  const input: DirectorySettingsInput = {
    connection: {
      url: draft.url.trim(),
      bindDn: draft.bindDn.trim(),
      baseDn: draft.baseDn.trim(),
      startTls: draft.startTls,
      ...(withTls
        ? {
            tls: {
              rejectUnauthorized: draft.rejectUnauthorized,
              ...(caCertPath ? { caCertPath } : {}),
            },
          }
        : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }),
      ...(poolSize === undefined ? {} : { poolSize }),
    },
    // Blank keeps the stored password: the field is left out, never sent empty.
    ...(draft.bindPassword === "" ? {} : { bindPassword: draft.bindPassword }),
  };
  return { input, issues };
}

/** POSIX groups cannot exist without POSIX attributes (their gidNumbers come from there). */
export function posixRequired(draft: LayoutDraft): boolean {
  return draft.groups === "posixGroup";
}

function range(
  low: string,
  high: string,
  path: string,
  issues: Issue[],
  t: LocalCheckMessages,
  required: boolean,
): [number, number] | undefined {
  if (low.trim() === "" && high.trim() === "") {
    if (required) issues.push({ path, message: t.required });
    return undefined;
  }
  const before = issues.length;
  const a = numberField(low, path, issues, positiveWhole, t.positiveWhole);
  const b =
    issues.length > before
      ? undefined
      : numberField(high, path, issues, positiveWhole, t.positiveWhole);
  if (issues.length > before) return undefined;
  if (a === undefined || b === undefined) {
    issues.push({ path, message: t.required });
    return undefined;
  }
  return [a, b];
}

export function layoutInput(draft: LayoutDraft, t: LocalCheckMessages): Built {
  const issues: Issue[] = [];
  const layout: Record<string, unknown> = { groups: draft.groups };
  const usersOu = draft.usersOu.trim();
  if (usersOu) layout.usersOu = usersOu;
  if (draft.posix || posixRequired(draft)) {
    const uidNumbers = range(
      draft.uidLow,
      draft.uidHigh,
      "layout.posix.uidNumbers",
      issues,
      t,
      true,
    );
    const gidNumbers = range(
      draft.gidLow,
      draft.gidHigh,
      "layout.posix.gidNumbers",
      issues,
      t,
      posixRequired(draft),
    );
    const gidNumber = numberField(
      draft.gidNumber,
      "layout.posix.gidNumber",
      issues,
      positiveWhole,
      t.positiveWhole,
    );
    if (draft.gidNumber.trim() === "") {
      issues.push({ path: "layout.posix.gidNumber", message: t.required });
    }
    const homeDirectory = draft.homeDirectory.trim();
    const loginShell = draft.loginShell.trim();
    layout.posix = {
      uidNumbers,
      gidNumber,
      ...(gidNumbers ? { gidNumbers } : {}),
      ...(homeDirectory ? { homeDirectory } : {}),
      ...(loginShell ? { loginShell } : {}),
    };
  }
  const suffix = draft.defaultEmailSuffix.trim();
  return {
    input: { layout, defaultEmailSuffix: suffix === "" ? null : suffix },
    issues,
  };
}

export function passwordsInput(draft: PasswordsDraft): Built {
  return {
    input: {
      passwordMode: draft.mode,
      passwordScheme: draft.scheme,
      ...(draft.initialPassword === "" ? {} : { initialPassword: draft.initialPassword }),
    },
    issues: [],
  };
}

export function departedInput(draft: DepartedDraft, t: LocalCheckMessages): Built {
  const issues: Issue[] = [];
  const count = numberField(
    draft.maxDestructive,
    "safetyThresholds.maxDestructive",
    issues,
    (n) => whole(n) && n >= 0,
    t.wholeNumber,
  );
  const percent = numberField(
    draft.maxDestructivePercent,
    "safetyThresholds.maxDestructivePercent",
    issues,
    (n) => n >= 0 && n <= 100,
    t.percent,
  );
  return {
    input: {
      departedUserPolicy: draft.policy,
      // Blank is "no limit", which the service spells null.
      maxDestructive: count ?? null,
      maxDestructivePercent: percent ?? null,
    },
    issues,
  };
}

/** Every section at once: the first save must create the whole settings. */
export function allInput(drafts: DirectoryDrafts, t: LocalCheckMessages): Built {
  const parts = [
    connectionInput(drafts.connection, t),
    layoutInput(drafts.layout, t),
    passwordsInput(drafts.passwords),
    departedInput(drafts.departed, t),
  ];
  return {
    input: Object.assign({}, ...parts.map((part) => part.input)) as DirectorySettingsInput,
    issues: parts.flatMap((part) => part.issues),
  };
}

/** The message for one field, from the issues of the last attempt. */
export function issueAt(issues: readonly Issue[], path: string): string | undefined {
  const found = issues.filter((issue) => issue.path === path);
  return found.length > 0 ? found.map((issue) => issue.message).join(" ") : undefined;
}

/**
 * The paths the page shows next to a field. An issue elsewhere (`connection` on a first save,
 * `(settings)`) is listed in the section's notice instead.
 */
export const FIELD_PATHS = new Set([
  "connection.url",
  "connection.bindDn",
  "bindPassword",
  "connection.baseDn",
  "connection.startTls",
  "connection.tls.caCertPath",
  "connection.tls.rejectUnauthorized",
  "connection.timeoutMs",
  "connection.connectTimeoutMs",
  "connection.poolSize",
  "layout.groups",
  "layout.usersOu",
  "layout.posix.uidNumbers",
  "layout.posix.gidNumber",
  "layout.posix.gidNumbers",
  "layout.posix.homeDirectory",
  "layout.posix.loginShell",
  "defaultEmailSuffix",
  "passwordPolicy.mode",
  "passwordPolicy.scheme",
  "initialPassword",
  "departedUserPolicy",
  "safetyThresholds.maxDestructive",
  "safetyThresholds.maxDestructivePercent",
]);

export function unplacedIssues(issues: readonly Issue[]): Issue[] {
  return issues.filter((issue) => !FIELD_PATHS.has(issue.path));
}

/** Settings that decide where managed entries live: changing one after a sync orphans them. */
const PLACEMENT_PATHS = new Set(["connection.baseDn", "layout.groups", "layout.usersOu"]);

/**
 * Whether a `ValidationError` is the service refusing to move managed entries' place after a
 * sync (it is saved only with `force`). The service reports it as a `ValidationError` whose
 * issues name the placement settings and say to "save with force".
 */
export function isPlacementRefusal(issues: readonly Issue[]): boolean {
  return (
    issues.length > 0 &&
    issues.every((issue) => PLACEMENT_PATHS.has(issue.path) && /\bwith force\b/.test(issue.message))
  );
}
