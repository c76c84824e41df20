import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import { Client } from "ldapts";
import type { ConnectionSettings } from "./connection-pool.ts";

/**
 * TLS settings for `ldaps://` and StartTLS, or `undefined` for plain `ldap://`. Reads the CA
 * bundle now (throws when `tls.caCertPath` cannot be read), so a connection never waits on disk.
 */
export function clientTls(settings: ConnectionSettings): ConnectionOptions | undefined {
  if (!settings.url.startsWith("ldaps://") && !settings.startTls) return undefined;
  const { tls } = settings;
  return {
    rejectUnauthorized: tls?.rejectUnauthorized ?? true,
    ...(tls?.caCertPath ? { ca: [readFileSync(tls.caCertPath)] } : {}),
  };
}

/**
 * An unconnected ldapts client configured as every orgsync connection is: the settings'
 * timeouts, lenient DN parsing (the server is the judge of a DN), TLS for `ldaps://`.
 * `timeoutMs` overrides the operation timeout (the connection test answers quicker).
 */
export function createClient(
  settings: ConnectionSettings,
  tls: ConnectionOptions | undefined,
  overrides: { timeoutMs?: number } = {},
): Client {
  const { url } = settings;
  return new Client({
    url,
    timeout: overrides.timeoutMs ?? settings.timeoutMs ?? 30_000,
    connectTimeout: settings.connectTimeoutMs ?? 5_000,
    strictDN: false,
    ...(url.startsWith("ldaps://") && tls ? { tlsOptions: tls } : {}),
  });
}
