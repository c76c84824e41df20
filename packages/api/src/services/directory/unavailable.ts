import { DirectoryError } from "@orgsync/core";
import { DirectoryUnavailableError, type DirectoryUnavailableReason } from "../errors.ts";

/** LDAP result codes of a refused bind: invalid credentials, inappropriate authentication. */
const BIND_REFUSED_CODES = new Set([48, 49]);

/**
 * What a failed read of the directory at `url` means for someone browsing it, or `undefined`
 * when `error` is not the directory failing (a DN refused, an entry missing, a cancel): those
 * keep their own types. The LDAP target has already classified the error (`DirectoryError`'s
 * category); this only picks the words and the fix.
 */
export function directoryUnavailable(
  error: unknown,
  url: string,
): DirectoryUnavailableError | undefined {
  if (!(error instanceof DirectoryError)) return undefined;
  const reason = reasonOf(error);
  if (!reason) return undefined;
  const said = serverAnswer(error);
  const dn = error.details.dn ?? "the entry";
  const messages: Record<DirectoryUnavailableReason, string> = {
    unreachable: `the directory at ${url} cannot be reached: ${said}; check the connection on the Settings page`,
    bindRefused: `the directory at ${url} refused the bind as ${dn}: ${said}; check the bind DN and password on the Settings page`,
    accessDenied: `the directory at ${url} does not let the bind DN read ${dn}: ${said}; give it read access (ACLs) or choose another bind DN on the Settings page`,
    failed: `the directory at ${url} could not be read: ${said}; check the connection on the Settings page`,
  };
  return new DirectoryUnavailableError(url, reason, `directory: ${messages[reason]}`, {
    cause: error,
  });
}

function reasonOf(error: DirectoryError): DirectoryUnavailableReason | undefined {
  const code = error.details.code;
  if (code !== undefined && BIND_REFUSED_CODES.has(code)) return "bindRefused";
  switch (error.category) {
    case "transient":
      return "unreachable";
    case "permission":
      return "accessDenied";
    case "unknown":
      return "failed";
    default:
      return undefined;
  }
}

/**
 * The server's or the socket's own words (`connect ECONNREFUSED 127.0.0.1:389`, `Invalid
 * Credentials (49)`): the target's message repeats the operation and DN, which ours names already.
 */
function serverAnswer(error: DirectoryError): string {
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  if (!cause) return error.message.replace(/^ldap: /, "");
  return error.details.code === undefined ? cause : `${cause} (${error.details.code})`;
}
