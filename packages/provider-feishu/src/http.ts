import { AsyncLocalStorage } from "node:async_hooks";
import type { HttpInstance, HttpRequestOptions } from "@larksuiteoapi/node-sdk";
import type { RateLimiter } from "@orgsync/core";

/**
 * The HTTP layer under the SDK: every request the SDK makes for one provider (API calls and the
 * token requests it makes by itself) passes the rate limiter, gets the timeout, and is aborted
 * with the read that made it.
 *
 * The limiter sits here rather than around SDK methods because the SDK fetches tokens on its
 * own, inside a method call, and a retry must queue like any other request.
 */

export const TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal";

/** Per-call context, carried through the SDK's awaits into the HTTP layer. */
export interface CallContext {
  signal?: AbortSignal;
  /** Names the call in cancellation messages. */
  what: string;
}

export const callContext = new AsyncLocalStorage<CallContext>();

export interface LimitedHttpOptions {
  inner: HttpInstance;
  limiter: RateLimiter;
  timeoutMs: number;
}

/**
 * Wraps an SDK HTTP instance (which resolves to the parsed body, like `lark.defaultHttpInstance`).
 */
export function limitedHttp(options: LimitedHttpOptions): HttpInstance {
  const { inner, limiter, timeoutMs } = options;
  // The SDK has no single-flight for tokens: eight parallel first calls would make eight token
  // requests. Concurrent identical token requests share one answer here.
  const tokenRequests = new Map<string, Promise<unknown>>();

  const withDefaults = <D>(opts: HttpRequestOptions<D> | undefined): HttpRequestOptions<D> => {
    const signal = callContext.getStore()?.signal;
    // `signal` is an axios option the SDK's type leaves out.
    return { timeout: timeoutMs, ...opts, ...(signal ? { signal } : {}) } as HttpRequestOptions<D>;
  };
  const acquire = () => {
    const context = callContext.getStore();
    return limiter.acquire(context?.signal, context?.what ?? "feishu request");
  };

  const http: HttpInstance = {
    async request(opts) {
      await acquire();
      return inner.request(withDefaults(opts));
    },
    async get(url, opts) {
      await acquire();
      return inner.get(url, withDefaults(opts));
    },
    async delete(url, opts) {
      await acquire();
      return inner.delete(url, withDefaults(opts));
    },
    async head(url, opts) {
      await acquire();
      return inner.head(url, withDefaults(opts));
    },
    async options(url, opts) {
      await acquire();
      return inner.options(url, withDefaults(opts));
    },
    async post(url, data, opts) {
      if (!url.endsWith(TOKEN_PATH)) {
        await acquire();
        return inner.post(url, data, withDefaults(opts));
      }
      const key = `${url}\n${JSON.stringify(data)}`;
      let pending = tokenRequests.get(key);
      if (!pending) {
        pending = (async () => {
          // Not tied to the caller's signal: other calls may be waiting on this token.
          await limiter.acquire(undefined, "feishu token request");
          return inner.post(url, data, { timeout: timeoutMs, ...opts });
        })().finally(() => tokenRequests.delete(key));
        tokenRequests.set(key, pending);
      }
      // biome-ignore lint/suspicious/noExplicitAny: HttpInstance.post is generic in its result
      return pending as Promise<any>;
    },
    async put(url, data, opts) {
      await acquire();
      return inner.put(url, data, withDefaults(opts));
    },
    async patch(url, data, opts) {
      await acquire();
      return inner.patch(url, data, withDefaults(opts));
    },
  };
  return http;
}
