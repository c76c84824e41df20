import type { Cache } from "@larksuiteoapi/node-sdk";
import { CTenantAccessToken } from "@larksuiteoapi/node-sdk";

/** The SDK keys its cache by string or symbol (typed as the `Symbol` wrapper). */
type CacheKey = Parameters<Cache["get"]>[0];

/**
 * The token cache of one provider. The SDK's default is the process-global `internalCache`,
 * keyed by app id only: two providers with one app id but different domains (a test sandbox and
 * production, Feishu and Lark) would share a token and one would send it to the wrong server.
 */
export class TokenCache implements Cache {
  readonly #spaces = new Map<string, Map<CacheKey, { value: unknown; expiresAt?: number }>>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async get(key: CacheKey, options?: { namespace?: string }): Promise<unknown> {
    const space = this.#spaces.get(options?.namespace ?? "");
    const entry = space?.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.#now()) {
      space?.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(
    key: CacheKey,
    value: unknown,
    expiresAt?: number,
    options?: { namespace?: string },
  ): Promise<boolean> {
    const name = options?.namespace ?? "";
    let space = this.#spaces.get(name);
    if (!space) {
      space = new Map();
      this.#spaces.set(name, space);
    }
    space.set(key, expiresAt === undefined ? { value } : { value, expiresAt });
    return true;
  }

  /** The tenant token the next call will use, if one is cached. */
  async tenantToken(appId: string): Promise<string | undefined> {
    const value = await this.get(CTenantAccessToken, { namespace: appId });
    return typeof value === "string" ? value : undefined;
  }

  /**
   * Forgets the tenant token, but only if it is still `refused`: when several calls in flight
   * are refused one token, the first refresh is enough, later ones must not throw away the
   * token it fetched.
   */
  invalidateTenantToken(appId: string, refused: string | undefined): void {
    const space = this.#spaces.get(appId);
    const entry = space?.get(CTenantAccessToken);
    if (entry && (refused === undefined || entry.value === refused)) {
      space?.delete(CTenantAccessToken);
    }
  }
}
