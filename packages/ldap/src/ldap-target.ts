import {
  ConfigError,
  type DirectorySnapshot,
  type DirectoryTarget,
  type Operation,
  type ReadOptions,
} from "@orgsync/core";
import { OperationApplier } from "./apply.ts";
import { ConnectionPool, type ConnectionSettings } from "./connection-pool.ts";
import { type LayoutOptions, type ResolvedLayout, resolveLayout } from "./layout.ts";
import type { PasswordOptions } from "./passwords.ts";
import { readSnapshot } from "./read.ts";
import { type RawDirectoryEntry, readEntry } from "./read-entry.ts";

export interface LdapTargetOptions extends ConnectionSettings {
  /**
   * The directory's suffix; managed entries live below it.
   * @example "dc=example,dc=com"
   */
  baseDn: string;
  /**
   * Connections kept open for parallel writes (also the executor's parallelism).
   * @default 4
   */
  poolSize?: number;
  /** Where entries live and which object classes they get (default: go-ldap-admin's layout). */
  layout?: LayoutOptions;
  /** How new and re-enabled accounts get their password. */
  passwords?: PasswordOptions;
  /**
   * The member every group keeps so it is never empty (`groupOfUniqueNames` requires one);
   * go-ldap-admin used the admin DN.
   * @default bindDn
   */
  placeholderMember?: string;
}

export interface LdapTarget extends DirectoryTarget {
  readonly layout: ResolvedLayout;
  /**
   * One entry with all its text attributes (passwords included: the caller decides what to
   * show), or `undefined` when the DN names no entry. For inspecting, not for syncing.
   */
  readEntry(dn: string): Promise<RawDirectoryEntry | undefined>;
}

/**
 * The OpenLDAP directory target. Entries it manages carry the `orgsyncManaged` auxiliary class
 * with their anchor (`schema/orgsync.schema`); the directory must have that schema loaded.
 */
export function ldapTarget(options: LdapTargetOptions): LdapTarget {
  validateTargetOptions(options);
  const poolSize = options.poolSize ?? 4;
  const pool = new ConnectionPool(options, poolSize);
  const layout = resolveLayout(options.baseDn, options.layout);
  const placeholderMember = options.placeholderMember ?? options.bindDn;
  const applier = new OperationApplier({
    pool,
    layout,
    passwords: {
      initial: options.passwords?.initial ?? "random",
      scheme: options.passwords?.scheme ?? "ssha",
    },
    placeholderMember,
  });
  return {
    name: options.url,
    layout,
    capabilities: {
      move: true,
      disable: true,
      memberships: layout.memberAttribute !== null,
      maxParallelism: poolSize,
    },
    read(flag: string, readOptions?: ReadOptions): Promise<DirectorySnapshot> {
      return pool.use((client) =>
        readSnapshot(client, layout, flag, placeholderMember, readOptions?.attributes),
      );
    },
    readEntry(dn: string): Promise<RawDirectoryEntry | undefined> {
      return pool.use((client) => readEntry(client, dn));
    },
    apply(operation: Operation): Promise<void> {
      return applier.apply(operation);
    },
    close(): Promise<void> {
      return pool.close();
    },
  };
}

/** Throws one `ConfigError` listing every invalid setting (the connection test reads its issues). */
export function validateTargetOptions(options: LdapTargetOptions): void {
  const issues: { path: string; message: string }[] = [];
  if (!/^ldaps?:\/\/[^/]+\/?$/.test(options.url ?? "")) {
    issues.push({
      path: "url",
      message: `"${options.url}" is not an LDAP URL; use ldap://host:389 or ldaps://host:636`,
    });
  }
  if (options.url?.startsWith("ldaps://") && options.startTls) {
    issues.push({
      path: "startTls",
      message: "ldaps:// is already encrypted; StartTLS is for ldap:// URLs",
    });
  }
  if (!options.baseDn?.trim())
    issues.push({ path: "baseDn", message: "is required, e.g. dc=example,dc=com" });
  if (!options.bindDn?.trim())
    issues.push({ path: "bindDn", message: "is required, e.g. cn=admin,dc=example,dc=com" });
  if (
    options.poolSize !== undefined &&
    (!Number.isInteger(options.poolSize) || options.poolSize < 1 || options.poolSize > 64)
  ) {
    issues.push({
      path: "poolSize",
      message: `must be a whole number from 1 to 64, got ${options.poolSize}`,
    });
  }
  if (
    options.passwords?.initial !== undefined &&
    options.passwords.initial !== "random" &&
    options.passwords.initial.length === 0
  ) {
    issues.push({ path: "passwords.initial", message: 'is empty; give a password or "random"' });
  }
  if (issues.length > 0) {
    throw new ConfigError(
      `ldap: invalid settings — ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
}
