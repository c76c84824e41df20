import { ConfigError } from "@orgsync/core";
import { InvalidCredentialsError, TooManyLoginAttemptsError } from "../errors.ts";
import type { AdminRecord } from "../repositories/admins.ts";
import type { Repositories } from "../repositories/index.ts";
import type { SessionRecord } from "../repositories/sessions.ts";

export interface LoginLimits {
  /**
   * Failed logins per username in one window before further attempts are refused.
   * @default 5
   */
  perUsername?: number;
  /**
   * Failed logins per client address in one window (slows spraying many usernames).
   * @default 20
   */
  perAddress?: number;
  /**
   * The window, in milliseconds.
   * @default 900_000 (15 minutes)
   */
  windowMs?: number;
}

export interface AuthServiceOptions {
  repositories: Pick<Repositories, "admins" | "sessions" | "loginAttempts" | "audit">;
  limits?: LoginLimits;
  /** @default 12 hours */
  sessionTtlMs?: number;
}

/** Where a login comes from: for rate limiting and the session record. */
export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export interface LoginResult {
  /** The bearer token: shown once, stored only as a hash. */
  token: string;
  admin: AdminRecord;
  session: SessionRecord;
}

/** The shortest admin password accepted (NIST SP 800-63B's floor is 8; admins hold the keys). */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

/** Checks the first admin's credentials before anything is stored. */
function assertAcceptableCredentials(username: string, password: string): void {
  const issues: { path: string; message: string }[] = [];
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(username)) {
    issues.push({
      path: "username",
      message: 'use 1–64 letters, digits, ".", "_", "@" or "-"',
    });
  }
  if ([...password].length < MIN_ADMIN_PASSWORD_LENGTH) {
    issues.push({
      path: "password",
      message: `use at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`,
    });
  }
  if (issues.length > 0) {
    throw new ConfigError(
      `auth: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
      issues,
    );
  }
}

/**
 * Admin logins and sessions. Failed attempts are counted per username and per address in the
 * database, so the limit holds across processes and restarts.
 */
export function createAuthService({ repositories, limits = {}, sessionTtlMs }: AuthServiceOptions) {
  const perUsername = limits.perUsername ?? 5;
  const perAddress = limits.perAddress ?? 20;
  const window = limits.windowMs === undefined ? {} : { windowMs: limits.windowMs };
  const keysOf = (username: string, client: ClientInfo) => ({
    user: `user:${username.toLowerCase()}`,
    address: client.ip ? `ip:${client.ip}` : undefined,
  });

  async function openSession(admin: AdminRecord, client: ClientInfo): Promise<LoginResult> {
    const { token, session } = await repositories.sessions.create(admin.id, {
      ...(sessionTtlMs === undefined ? {} : { ttlMs: sessionTtlMs }),
      ...(client.ip ? { ip: client.ip } : {}),
      ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 512) } : {}),
    });
    return { token, admin, session };
  }

  async function refuseWhenThrottled(keys: ReturnType<typeof keysOf>): Promise<void> {
    const checks = [
      { key: keys.user, limit: perUsername },
      ...(keys.address ? [{ key: keys.address, limit: perAddress }] : []),
    ];
    for (const { key, limit } of checks) {
      const attempts = await repositories.loginAttempts.get(key, window);
      if (attempts.count >= limit) {
        const seconds = Math.max(1, Math.ceil((attempts.resetAt.getTime() - Date.now()) / 1000));
        throw new TooManyLoginAttemptsError(seconds);
      }
    }
  }

  return {
    /** True until the first admin exists: the admin app then shows the first-run setup. */
    async setupRequired(): Promise<boolean> {
      return (await repositories.admins.count()) === 0;
    },

    /** First-run setup: creates the first admin and logs them in; refused once one exists. */
    async setup(username: string, password: string, client: ClientInfo = {}): Promise<LoginResult> {
      assertAcceptableCredentials(username, password);
      const admin = await repositories.admins.createFirst({ username, password });
      await repositories.audit.append({
        adminId: admin.id,
        action: "admin.setup",
        targetType: "admin",
        targetId: admin.id,
        details: { username },
      });
      return openSession(admin, client);
    },

    /**
     * Creates the first admin from the environment (`ORGSYNC_ADMIN_USERNAME` /
     * `ORGSYNC_ADMIN_PASSWORD`) when none exists; a no-op afterwards, so restarting with the
     * variables still set never resets a password an admin changed.
     */
    async bootstrap(username: string, password: string): Promise<AdminRecord | undefined> {
      if ((await repositories.admins.count()) > 0) return undefined;
      assertAcceptableCredentials(username, password);
      const admin = await repositories.admins.createFirst({ username, password });
      await repositories.audit.append({
        adminId: admin.id,
        action: "admin.bootstrap",
        targetType: "admin",
        targetId: admin.id,
        details: { username, from: "environment" },
      });
      return admin;
    },

    async login(username: string, password: string, client: ClientInfo = {}): Promise<LoginResult> {
      const keys = keysOf(username, client);
      await refuseWhenThrottled(keys);
      const admin = await repositories.admins.verifyCredentials({ username, password });
      if (!admin) {
        await repositories.loginAttempts.recordFailure(keys.user, window);
        if (keys.address) await repositories.loginAttempts.recordFailure(keys.address, window);
        await repositories.audit.append({
          action: "admin.loginFailed",
          targetType: "admin",
          targetId: username.slice(0, 64),
          details: { ip: client.ip ?? null },
        });
        throw new InvalidCredentialsError();
      }
      await repositories.loginAttempts.clear(keys.user);
      await repositories.audit.append({
        adminId: admin.id,
        action: "admin.login",
        targetType: "admin",
        targetId: admin.id,
        details: { ip: client.ip ?? null },
      });
      return openSession(admin, client);
    },

    /** The admin behind a bearer token, or `undefined` for a missing, unknown or expired one. */
    async authenticate(token: string | undefined) {
      if (!token) return undefined;
      return repositories.sessions.verify(token);
    },

    async logout(token: string): Promise<void> {
      await repositories.sessions.revoke(token);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
