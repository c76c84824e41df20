import type { ConnectionOptions } from "node:tls";
import type { Client } from "ldapts";
import { clientTls, createClient } from "./client.ts";
import { isConnectionError, toDirectoryError } from "./ldap-errors.ts";

/** How to reach and authenticate to the directory. */
export interface ConnectionSettings {
  /**
   * `ldap://host:port` or `ldaps://host:port`.
   * @example "ldaps://ldap.example.com:636"
   */
  url: string;
  /**
   * The DN orgsync binds as; it needs write access to the managed subtrees.
   * @example "cn=admin,dc=example,dc=com"
   */
  bindDn: string;
  bindPassword: string;
  /**
   * Upgrade an `ldap://` connection with StartTLS before binding.
   * @default false
   */
  startTls?: boolean;
  /**
   * TLS settings for `ldaps://` and StartTLS: a CA bundle to trust (a path), and whether to
   * check the server's certificate (never turn that off in production).
   * @default { rejectUnauthorized: true }
   * @example { caCertPath: "/etc/ssl/certs/corp-ca.pem" }
   */
  tls?: { caCertPath?: string; rejectUnauthorized?: boolean };
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
}

/**
 * A few bound connections shared by parallel writes. A connection that fails at the socket
 * level is thrown away and the next use opens a fresh one, which is how the target recovers
 * after the server restarts.
 */
export class ConnectionPool {
  readonly #idle: Client[] = [];
  readonly #waiting: ((client: Client | null) => void)[] = [];
  #open = 0;
  #closed = false;
  readonly #tls: ConnectionOptions | undefined;

  constructor(
    private readonly settings: ConnectionSettings,
    readonly size: number,
  ) {
    this.#tls = clientTls(settings);
  }

  /** Runs `work` on a bound connection; a connection error discards that connection. */
  async use<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.#acquire();
    let healthy = true;
    try {
      return await work(client);
    } catch (error) {
      if (isConnectionError(error)) healthy = false;
      throw error;
    } finally {
      this.#release(client, healthy);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const resolve of this.#waiting.splice(0)) resolve(null);
    const idle = this.#idle.splice(0);
    this.#open -= idle.length;
    await Promise.allSettled(idle.map((client) => client.unbind()));
  }

  async #acquire(): Promise<Client> {
    if (this.#closed) throw new Error("ldap: the connection pool is closed");
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#open < this.size) {
      this.#open += 1;
      try {
        return await this.#connect();
      } catch (error) {
        this.#open -= 1;
        this.#wakeOne();
        throw error;
      }
    }
    const client = await new Promise<Client | null>((resolve) => this.#waiting.push(resolve));
    if (!client) return this.#acquire();
    return client;
  }

  #release(client: Client, healthy: boolean): void {
    if (!healthy || this.#closed) {
      this.#open -= 1;
      client.unbind().catch(() => {});
      this.#wakeOne();
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter) waiter(client);
    else this.#idle.push(client);
  }

  /** A slot freed up without a connection to hand over: let a waiter open its own. */
  #wakeOne(): void {
    this.#waiting.shift()?.(null);
  }

  async #connect(): Promise<Client> {
    const { bindDn, bindPassword } = this.settings;
    const client = createClient(this.settings, this.#tls);
    try {
      if (this.settings.startTls) await client.startTLS(this.#tls);
      await client.bind(bindDn, bindPassword);
      return client;
    } catch (error) {
      await client.unbind().catch(() => {});
      throw toDirectoryError(error, "bind as", bindDn);
    }
  }
}
