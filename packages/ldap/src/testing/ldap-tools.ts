import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { SlapdToolError } from "./errors.ts";
import { type LdifEntry, parseLdif } from "./ldif.ts";
import type { SlapdToolPaths } from "./require-slapd.ts";
import { runTool } from "./run-tool.ts";

/** Search scope, as `ldapsearch -s` spells it. */
export type LdapSearchScope = "base" | "one" | "sub" | "children";

/** How an ldap-utils command reaches the server. */
export interface LdapConnectOptions {
  /**
   * The URL to use instead of the plain `ldap://` one, e.g. the `ldaps://` URL of a `tls: true`
   * slapd.
   * @default slapd.url
   * @example slapd.ldapsUrl
   */
  url?: string;
  /**
   * Upgrade the plain connection with StartTLS and require it to succeed (`-ZZ`).
   * @default false
   * @example true
   */
  startTls?: boolean;
}

export interface LdapSearchOptions extends LdapConnectOptions {
  /**
   * Search scope.
   * @default "sub"
   * @example "base"
   */
  scope?: LdapSearchScope;
  /**
   * Who searches: the admin, another DN, or nobody (anonymous, as an unconfigured client would).
   * @default the admin (rootdn)
   * @example { dn: "uid=zhangsan,ou=people,dc=example,dc=com", password: "secret" }
   */
  bind?: { dn: string; password: string } | "anonymous";
  /**
   * Most entries to return (`-z`); the server's limit is unlimited.
   * @default no limit
   * @example 1
   */
  sizeLimit?: number;
}

/** The ldap-utils helpers of a running `Slapd`: an independent client to check what was written. */
export interface LdapTools {
  /**
   * Searches with `ldapsearch` and parses its LDIF. A base that does not exist (result 32) gives
   * `[]`, so "was it deleted?" is `expect(await ldapsearch(dn, …, [], { scope: "base" })).toEqual([])`.
   * Other failures throw `SlapdToolError`. Pass `["*", "+"]` to get operational attributes too.
   */
  ldapsearch(
    base: string,
    filter?: string,
    attributes?: readonly string[],
    options?: LdapSearchOptions,
  ): Promise<LdifEntry[]>;
  /**
   * Binds as `dn` with `password`: `true` when the bind succeeds, `false` on invalid credentials
   * (result 49, which is also what a locked ppolicy account gets). An empty password is `false`
   * without asking: a simple bind without one is anonymous, never this DN. Throws on other errors.
   */
  ldapwhoami(dn: string, password: string, options?: LdapConnectOptions): Promise<boolean>;
  /** Adds the entries of an LDIF text as the admin; throws `SlapdToolError` on the first failure. */
  ldapadd(ldif: string, options?: LdapConnectOptions): Promise<void>;
  /**
   * Adds the entries of an LDIF file as the admin (`ldapadd -f`): for imports too large to
   * build as a string, e.g. a benchmark's baseline.
   */
  ldapaddFile(path: string, options?: LdapConnectOptions): Promise<void>;
  /** Applies an LDIF (change records or plain entries) as the admin with `ldapmodify`. */
  ldapmodify(ldif: string, options?: LdapConnectOptions): Promise<void>;
}

/** What the helpers need to know about the server they talk to. */
export interface LdapToolsTarget {
  tools: SlapdToolPaths;
  url: string;
  adminDn: string;
  /** A file with the admin password and nothing else (`-y` reads it verbatim). */
  adminPasswordFile: string;
  /** Where to put short-lived password files of other binds. */
  scratchDir: string;
  caCertPath?: string;
}

const NO_SUCH_OBJECT = 32;
const INVALID_CREDENTIALS = 49;

export function createLdapTools(target: LdapToolsTarget): LdapTools {
  // ldap-utils read TLS settings from the environment; pointing them at our CA (and demanding
  // verification) keeps a machine's /etc/ldap/ldap.conf from changing what the tests see.
  const env: Record<string, string> = target.caCertPath
    ? { LDAPTLS_CACERT: target.caCertPath, LDAPTLS_REQCERT: "demand" }
    : {};

  const connect = (options: LdapConnectOptions = {}): string[] => [
    "-x",
    "-H",
    options.url ?? target.url,
    ...(options.startTls ? ["-ZZ"] : []),
  ];
  const asAdmin = ["-D", target.adminDn, "-y", target.adminPasswordFile];

  // The password goes through a 0600 file, not `-w`, so it never shows in `ps`.
  async function withPasswordFile<T>(
    password: string,
    use: (file: string) => Promise<T>,
  ): Promise<T> {
    const file = join(target.scratchDir, `bind-${randomBytes(6).toString("hex")}.pw`);
    await writeFile(file, password, { mode: 0o600 });
    try {
      return await use(file);
    } finally {
      await rm(file, { force: true });
    }
  }

  async function change(
    tool: "ldapadd" | "ldapmodify",
    source: { ldif: string } | { file: string },
    options?: LdapConnectOptions,
  ) {
    const args = [
      ...connect(options),
      ...asAdmin,
      ...("file" in source ? ["-f", source.file] : []),
    ];
    const result = await runTool(target.tools[tool], args, {
      ...("ldif" in source ? { input: source.ldif } : {}),
      env,
      // A large import is legitimately slow; a hung server is caught by the caller's test timeout.
      timeoutMs: 10 * 60_000,
    });
    if (result.exitCode !== 0) throw new SlapdToolError(tool, result.exitCode, result.stderr);
  }

  return {
    async ldapsearch(base, filter = "(objectClass=*)", attributes = [], options = {}) {
      const search = async (bindArgs: string[]) => {
        const args = [
          ...connect(options),
          ...bindArgs,
          "-LLL",
          "-o",
          "ldif-wrap=no",
          "-b",
          base,
          "-s",
          options.scope ?? "sub",
          ...(options.sizeLimit !== undefined ? ["-z", String(options.sizeLimit)] : []),
          filter,
          ...attributes,
        ];
        const result = await runTool(target.tools.ldapsearch, args, { env });
        if (result.exitCode === NO_SUCH_OBJECT) return [];
        if (result.exitCode !== 0) {
          throw new SlapdToolError("ldapsearch", result.exitCode, result.stderr);
        }
        return parseLdif(result.stdout);
      };
      const { bind } = options;
      if (bind === "anonymous") return search([]);
      if (bind === undefined) return search(asAdmin);
      return withPasswordFile(bind.password, (file) => search(["-D", bind.dn, "-y", file]));
    },

    async ldapwhoami(dn, password, options) {
      if (password === "") return false;
      return withPasswordFile(password, async (file) => {
        const result = await runTool(
          target.tools.ldapwhoami,
          [...connect(options), "-D", dn, "-y", file],
          { env },
        );
        if (result.exitCode === 0) return true;
        if (result.exitCode === INVALID_CREDENTIALS) return false;
        throw new SlapdToolError("ldapwhoami", result.exitCode, result.stderr);
      });
    },

    ldapadd: (ldif, options) => change("ldapadd", { ldif }, options),
    ldapaddFile: (file, options) => change("ldapadd", { file: resolve(file) }, options),
    ldapmodify: (ldif, options) => change("ldapmodify", { ldif }, options),
  };
}
