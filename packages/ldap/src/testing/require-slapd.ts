import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { SlapdHarnessError } from "./errors.ts";

/** Where Debian's `slapd` package puts the server; the harness runs exactly this binary. */
export const SLAPD_PATH = "/usr/sbin/slapd";

/** The command lines the harness runs, resolved to absolute paths. */
export interface SlapdToolPaths {
  slapd: string;
  slaptest: string;
  slappasswd: string;
  ldapsearch: string;
  ldapadd: string;
  ldapmodify: string;
  ldapwhoami: string;
}

/** Thrown by `startSlapd` when the OpenLDAP server or client tools are not installed. */
export class SlapdUnavailableError extends SlapdHarnessError {
  override name = "SlapdUnavailableError";
  constructor(readonly missing: readonly string[]) {
    super(
      `slapd harness: ${missing.join(", ")} not found; run \`bash scripts/ensure-toolchain.sh\` (it installs Debian's slapd and ldap-utils)`,
    );
  }
}

type Finder = (name: string) => string | undefined;

// slapd's admin tools live in /usr/sbin, which is not on a non-root user's PATH on Debian.
const EXTRA_DIRS = ["/usr/sbin", "/usr/bin"];

/** The absolute path of an executable on PATH (or in /usr/sbin, /usr/bin), if there is one. */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; PATH order decides, so keep looking.
    }
  }
  return undefined;
}

function executable(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

// The server is looked up at its Debian path only: another slapd on PATH (a source build, a
// different major version) would load different modules and schemas than the config expects.
const defaultFinder: Finder = (name) =>
  name === "slapd" ? executable(SLAPD_PATH) : findExecutable(name);

/**
 * Resolves every tool the harness needs, or says which are missing. `find` is injectable so the
 * error can be tested on a machine that has them all.
 */
export function resolveSlapdTools(find: Finder = defaultFinder): {
  tools: SlapdToolPaths | undefined;
  missing: string[];
} {
  const names = [
    "slapd",
    "slaptest",
    "slappasswd",
    "ldapsearch",
    "ldapadd",
    "ldapmodify",
    "ldapwhoami",
  ] as const;
  const tools: Partial<SlapdToolPaths> = {};
  const missing: string[] = [];
  for (const name of names) {
    const path = find(name);
    if (path === undefined) missing.push(name === "slapd" ? SLAPD_PATH : name);
    else tools[name] = path;
  }
  return { tools: missing.length === 0 ? (tools as SlapdToolPaths) : undefined, missing };
}

let cached: SlapdToolPaths | undefined;

/** The tools' paths; throws `SlapdUnavailableError` naming what is missing. */
export function requireSlapd(): SlapdToolPaths {
  if (cached) return cached;
  const { tools, missing } = resolveSlapdTools();
  if (!tools) throw new SlapdUnavailableError(missing);
  cached = tools;
  return tools;
}

/**
 * Whether this machine can run the harness (`/usr/sbin/slapd` and ldap-utils are installed).
 * Use it to skip, loudly, where slapd cannot exist: `describe.skipIf(!slapdAvailable())`.
 */
export function slapdAvailable(): boolean {
  return resolveSlapdTools().tools !== undefined;
}
