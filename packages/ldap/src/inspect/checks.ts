import { CancelledError, ConfigError, DirectoryError, normalizeDn, raceAbort } from "@orgsync/core";
import {
  type Client,
  ConfidentialityRequiredError,
  InvalidCredentialsError,
  InvalidDNSyntaxError,
  NoSuchObjectError,
  ResultCodeError,
  StrongAuthRequiredError,
} from "ldapts";
import { clientTls, createClient } from "../client.ts";
import { resolveLayout } from "../layout.ts";
import { MISSING_SCHEMA_HINT, toDirectoryError } from "../ldap-errors.ts";
import type { LdapTargetOptions } from "../ldap-target.ts";
import type { CheckOutcome } from "./check-outcome.ts";
import { connectionFailure, hostAndPort } from "./connection-failure.ts";
import type { DirectorySchema } from "./directory-schema.ts";
import { values } from "./entry-values.ts";
import { layoutObjectClasses, missingLayoutClasses } from "./layout-classes.ts";
import { fetchSchema } from "./read-schema.ts";
import { writeProbe } from "./write-probe.ts";

/** What the checks share: the settings, the one connection, what earlier checks found. */
export interface CheckContext {
  readonly options: LdapTargetOptions;
  readonly signal: AbortSignal | undefined;
  /** Settings the target would refuse, by the check they break. */
  readonly issues: ReadonlyMap<string, readonly string[]>;
  client?: Client;
  schema?: { dn: string; schema: DirectorySchema };
}

/**
 * A check answers an admin waiting at a form: a directory that needs more than this for a base
 * search has a problem worth reporting, not waiting out (the target's own default is 30 s).
 */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * TCP (and TLS) to the url. Without a bind there is no harmless LDAP request everyone allows, so
 * it reads the root DSE anonymously: any LDAP answer, a refusal included, proves a directory
 * is listening. With StartTLS the upgrade itself is that answer.
 */
export async function reach(context: CheckContext): Promise<CheckOutcome> {
  const { options, signal } = context;
  const issues = context.issues.get("reach");
  if (issues)
    return { status: "failed", detail: issues.join("; "), fix: "correct url and startTls" };
  let tls: ReturnType<typeof clientTls>;
  try {
    tls = clientTls(options);
  } catch (error) {
    return {
      status: "failed",
      detail: `cannot read tls.caCertPath ${options.tls?.caCertPath}: ${(error as Error).message}`,
      fix: "set tls.caCertPath to a readable PEM file holding the directory's CA",
    };
  }
  const client = createClient(options, tls, {
    timeoutMs: Math.min(options.timeoutMs ?? CHECK_TIMEOUT_MS, CHECK_TIMEOUT_MS),
  });
  context.client = client;
  const started = Date.now();
  try {
    if (options.startTls) {
      await raceAbort(client.startTLS(tls), signal, "ldap: connection test");
    } else {
      await raceAbort(
        client.search("", { scope: "base", filter: "(objectClass=*)", attributes: ["1.1"] }),
        signal,
        "ldap: connection test",
      );
    }
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    if (!(error instanceof ResultCodeError)) {
      return { status: "failed", ...connectionFailure(error, options.url) };
    }
    if (options.startTls) {
      return {
        status: "failed",
        detail: `the server refused StartTLS: ${error.message} (${error.code})`,
        fix: "enable TLS on the server (olcTLSCertificateFile, olcTLSCertificateKeyFile) or turn startTls off",
      };
    }
    // The root DSE refused to an anonymous reader: still an LDAP server answering.
  }
  const secure = options.startTls ? " with StartTLS" : tls ? " over TLS" : "";
  return {
    status: "ok",
    detail: `connected to ${hostAndPort(options.url)}${secure} in ${Date.now() - started} ms`,
  };
}

/** Simple bind as bindDn; WhoAmI then says who the server thinks we are. */
export async function bind(context: CheckContext): Promise<CheckOutcome> {
  const { options, signal } = context;
  const client = context.client as Client;
  const issues = context.issues.get("bind");
  if (issues) return { status: "failed", detail: issues.join("; "), fix: "correct bindDn" };
  if (!options.bindPassword) {
    return {
      status: "failed",
      detail: "the bind password is empty, and LDAP treats a bind without one as anonymous",
      fix: `set the bind password of ${options.bindDn}`,
    };
  }
  try {
    await raceAbort(
      client.bind(options.bindDn, options.bindPassword),
      signal,
      "ldap: connection test",
    );
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return { status: "failed", ...bindFailure(error, options) };
  }
  return { status: "ok", detail: `bound as ${(await whoAmI(client)) ?? options.bindDn}` };
}

function bindFailure(error: unknown, options: LdapTargetOptions): { detail: string; fix: string } {
  const { bindDn } = options;
  if (!(error instanceof ResultCodeError)) return connectionFailure(error, options.url);
  if (error instanceof InvalidCredentialsError) {
    return {
      detail: `the server refused ${bindDn} with this password: invalid credentials (49)`,
      fix: "check bindDn and the bind password (a DN that does not exist and a locked account get 49 too)",
    };
  }
  if (error instanceof InvalidDNSyntaxError) {
    return {
      detail: `bindDn "${bindDn}" is not a valid DN (34)`,
      fix: "check bindDn, e.g. cn=admin,dc=example,dc=com",
    };
  }
  if (error instanceof ConfidentialityRequiredError || error instanceof StrongAuthRequiredError) {
    return {
      detail: `the server wants an encrypted connection to bind: ${error.message} (${error.code})`,
      fix: "use an ldaps:// url or turn startTls on",
    };
  }
  return {
    detail: toDirectoryError(error, "bind as", bindDn).message,
    fix: "check bindDn and the bind password",
  };
}

/** The "Who am I?" extended operation (RFC 4532): `dn:cn=admin,…` → `cn=admin,…`. */
async function whoAmI(client: Client): Promise<string | undefined> {
  try {
    const { value } = await client.exop("1.3.6.1.4.1.4203.1.11.3");
    return value ? value.replace(/^dn:/, "") : undefined;
  } catch {
    // Optional: not every server implements it, and the bind already succeeded.
    return undefined;
  }
}

/** A base search on baseDn; when it is missing, says which suffixes the directory does hold. */
export async function baseDn(context: CheckContext): Promise<CheckOutcome> {
  const { options, signal } = context;
  const client = context.client as Client;
  const issues = context.issues.get("baseDn");
  if (issues) return { status: "failed", detail: issues.join("; "), fix: "correct baseDn" };
  try {
    const { searchEntries } = await raceAbort(
      client.search(options.baseDn, {
        scope: "base",
        filter: "(objectClass=*)",
        attributes: ["objectClass"],
      }),
      signal,
      "ldap: connection test",
    );
    const classes = values(searchEntries[0], "objectClass").filter((name) => name !== "top");
    return {
      status: "ok",
      detail: `found ${options.baseDn}${classes.length ? ` (${classes.join(", ")})` : ""}`,
    };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    if (!(error instanceof ResultCodeError)) {
      return { status: "failed", ...connectionFailure(error, options.url) };
    }
    if (error instanceof InvalidDNSyntaxError) {
      return {
        status: "failed",
        detail: `baseDn "${options.baseDn}" is not a valid DN (34)`,
        fix: "correct baseDn, e.g. dc=example,dc=com",
      };
    }
    if (error instanceof NoSuchObjectError) {
      return {
        status: "failed",
        // OpenLDAP answers 32 too when ACLs hide an entry from the bind DN.
        detail: `${options.baseDn} does not exist (or ${options.bindDn} may not see it)`,
        fix: missingBaseFix(options.baseDn, await namingContexts(client)),
      };
    }
    return {
      status: "failed",
      detail: toDirectoryError(error, "read", options.baseDn).message,
      fix: "correct baseDn, or let the bind DN read it",
    };
  }
}

function missingBaseFix(base: string, suffixes: string[]): string {
  const key = safeNormalize(base);
  const under = suffixes.find((suffix) => {
    const suffixKey = safeNormalize(suffix);
    return key === suffixKey || key.endsWith(`,${suffixKey}`);
  });
  if (under) return `create ${base} below the directory's suffix ${under}, or correct baseDn`;
  if (suffixes.length > 0) return `correct baseDn: this directory holds ${suffixes.join(", ")}`;
  return "correct baseDn, or create that entry";
}

/** The root DSE's namingContexts (the suffixes the server holds), or [] when it will not say. */
async function namingContexts(client: Client): Promise<string[]> {
  try {
    const { searchEntries } = await client.search("", {
      scope: "base",
      filter: "(objectClass=*)",
      attributes: ["namingContexts"],
    });
    return values(searchEntries[0], "namingContexts");
  } catch {
    return [];
  }
}

function safeNormalize(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.toLowerCase();
  }
}

/** orgsync's own schema (`schema/orgsync.schema`): the class and both its attributes. */
const ORGSYNC_CLASS = "orgsyncManaged";
const ORGSYNC_ATTRIBUTES = ["orgsyncAnchor", "orgsyncDisabled"];

/** Reads the subschema entry (kept for the layout check) and looks for orgsync's schema in it. */
export async function schema(context: CheckContext): Promise<CheckOutcome> {
  const { options, signal } = context;
  const client = context.client as Client;
  try {
    context.schema = await raceAbort(fetchSchema(client), signal, "ldap: connection test");
  } catch (error) {
    // Cancellation and programmer errors go up; a refused or unparsable schema is a finding.
    if (!(error instanceof DirectoryError)) throw error;
    return {
      status: "failed",
      detail: error.message,
      fix: `let ${options.bindDn} read the subschema entry (cn=Subschema on OpenLDAP; olcAccess)`,
    };
  }
  const { dn, schema: found } = context.schema;
  const missing = [
    ...(found.objectClasses.has(ORGSYNC_CLASS) ? [] : [ORGSYNC_CLASS]),
    ...ORGSYNC_ATTRIBUTES.filter((name) => !found.attributeTypes.has(name)),
  ];
  if (missing.length > 0) {
    return {
      status: "failed",
      detail: `the schema (${dn}) lacks ${missing.join(", ")}`,
      fix: MISSING_SCHEMA_HINT,
    };
  }
  return {
    status: "ok",
    detail: `the schema (${dn}) has ${ORGSYNC_CLASS} with ${ORGSYNC_ATTRIBUTES.join(" and ")}`,
  };
}

/** The object classes the configured layout writes exist in the schema the `schema` check read. */
export function layout(context: CheckContext): CheckOutcome {
  const { options } = context;
  if (!context.schema) {
    return { status: "skipped", detail: "not checked: the schema could not be read" };
  }
  let resolved: ReturnType<typeof resolveLayout>;
  try {
    resolved = resolveLayout(options.baseDn, options.layout);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      status: "failed",
      detail: error.message,
      fix: error.issues.map((issue) => `${issue.path} ${issue.message}`).join("; "),
    };
  }
  const missing = missingLayoutClasses(context.schema.schema, resolved);
  if (missing.length === 0) {
    return {
      status: "ok",
      detail: `the schema has ${layoutObjectClasses(resolved)
        .map((needed) => needed.name)
        .join(", ")}`,
    };
  }
  const files = new Map<string, string[]>();
  for (const { name, schemaFile } of missing) {
    files.set(schemaFile, [...(files.get(schemaFile) ?? []), name]);
  }
  const loads = [...files].map(
    ([file, names]) =>
      `load ${file} for ${names.join(", ")} (slapd.conf: include /etc/ldap/schema/${file}; cn=config: ldapadd -Y EXTERNAL -H ldapi:/// -f /etc/ldap/schema/${file.replace(/\.schema$/, ".ldif")})`,
  );
  return {
    status: "failed",
    detail: `the schema lacks ${missing.map((m) => `${m.name}, used for ${m.usedFor}`).join("; ")}`,
    fix: `${loads.join("; ")}; or change the layout`,
  };
}

/** Add and delete a temporary entry under baseDn: see `writeProbe` for why this way. */
export function write(context: CheckContext): Promise<CheckOutcome> {
  const { options } = context;
  return writeProbe(context.client as Client, options.baseDn, options.bindDn, options.url);
}
