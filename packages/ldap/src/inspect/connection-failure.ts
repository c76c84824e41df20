/**
 * Says why a connection failed, from Node's socket and TLS error codes (ldapts passes them
 * through) or, for its own timeouts, the message: the `reach` check's detail and fix.
 */
export function connectionFailure(error: unknown, url: string): { detail: string; fix: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = hostAndPort(url);
  if (code === "ECONNREFUSED") {
    return { detail: `nothing accepts connections at ${where} (ECONNREFUSED)`, fix: REACH_FIX };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return {
      detail: `the host of ${where} does not resolve (${code})`,
      fix: "check url host: the name is not in DNS (or DNS is not reachable from here)",
    };
  }
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") {
    return { detail: `no route to ${where} (${code})`, fix: REACH_FIX };
  }
  if (code === "ETIMEDOUT" || /time(d)? ?out/i.test(message)) {
    return { detail: `no answer from ${where} (timeout: ${message})`, fix: REACH_FIX };
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code)) {
    return {
      detail: `TLS with ${where} failed: ${message} (${code})`,
      fix: "trust the directory's certificate: set tls.caCertPath to its CA bundle (PEM); the certificate must also name the url's host",
    };
  }
  if (code === "ECONNRESET" || code === "EPIPE" || /closed/i.test(message)) {
    return {
      detail: `${where} closed the connection: ${message}${code ? ` (${code})` : ""}`,
      fix: "check that url names an LDAP server and the right scheme for its port (ldaps:// for 636, ldap:// for 389)",
    };
  }
  return { detail: `${where}: ${message}${code ? ` (${code})` : ""}`, fix: REACH_FIX };
}

const REACH_FIX =
  "check url host and port; is slapd running and listening there, and does no firewall drop the connection?";

/** `ldap://h:389/` → `h:389`, with the scheme's default port when the URL has none. */
export function hostAndPort(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === "ldaps:" ? "636" : "389")}`;
  } catch {
    return url;
  }
}
