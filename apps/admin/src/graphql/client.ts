import type { TadaDocumentNode } from "gql.tada";
import { type DocumentNode, print } from "graphql";

/**
 * The app's only door to the service: POST `/graphql` with the session cookie (HttpOnly,
 * SameSite=Strict, set by `login`), and `runProgress`-style subscriptions over server-sent events.
 * Typed errors come back as data (unions); what arrives in `errors` is either "not logged in" or a
 * fault, and both become exceptions the pages show without a stack trace.
 */

export const GRAPHQL_PATH = "/graphql";

/** The session is missing or expired: the app sends the admin to the login page. */
export class UnauthenticatedError extends Error {
  override readonly name = "UnauthenticatedError";
}

/** The service answered with GraphQL errors, or not at all. `messages` are safe to show. */
export class GraphQLRequestError extends Error {
  override readonly name = "GraphQLRequestError";
  constructor(
    readonly messages: readonly string[],
    readonly status?: number,
  ) {
    super(messages.join("; "));
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

type Document<TResult, TVariables> = TadaDocumentNode<TResult, TVariables>;

const printed = new WeakMap<object, string>();
function source(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/** Listeners told when any request finds the session gone (the shell redirects to login). */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function failure<T>(status: number, body: GraphQLResponse<T> | undefined): Error {
  const errors = body?.errors ?? [];
  if (status === 401 || errors.some((error) => error.extensions?.code === "UNAUTHENTICATED")) {
    for (const listener of unauthenticatedListeners) listener();
    return new UnauthenticatedError(errors[0]?.message ?? "log in first");
  }
  if (errors.length > 0)
    return new GraphQLRequestError(
      errors.map((error) => error.message),
      status,
    );
  return new GraphQLRequestError([`the service answered HTTP ${status}`], status);
}

export async function request<TResult, TVariables>(
  document: Document<TResult, TVariables>,
  variables?: TVariables,
  options: { signal?: AbortSignal } = {},
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: source(document), variables: variables ?? {} }),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new GraphQLRequestError(["the service cannot be reached; is `orgsync serve` running?"]);
  }
  let body: GraphQLResponse<TResult> | undefined;
  try {
    body = (await response.json()) as GraphQLResponse<TResult>;
  } catch {
    body = undefined;
  }
  if (!response.ok || !body?.data || (body.errors && body.errors.length > 0)) {
    throw failure(response.status, body);
  }
  return body.data;
}

/**
 * Follows a subscription until it completes, the signal aborts or `onNext` returns true.
 * Resolves when the stream ends; rejects on a transport or GraphQL error.
 */
export async function subscribe<TResult, TVariables>(
  document: Document<TResult, TVariables>,
  variables: TVariables,
  onNext: (data: TResult) => boolean | undefined,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const response = await fetch(GRAPHQL_PATH, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ query: source(document), variables }),
    signal: options.signal ?? null,
  });
  if (!response.ok || !response.body) {
    let body: GraphQLResponse<TResult> | undefined;
    try {
      body = (await response.json()) as GraphQLResponse<TResult>;
    } catch {
      body = undefined;
    }
    throw failure(response.status, body);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(event)?.[1];
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (name === "complete") return;
        if (name !== "next" || !data) continue;
        const payload = JSON.parse(data) as GraphQLResponse<TResult>;
        if (!payload.data || payload.errors?.length) throw failure(200, payload);
        if (onNext(payload.data)) return;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
