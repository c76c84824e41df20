/**
 * A small GraphQL-over-HTTP client: what the CLI (and an integrator's script, and the
 * end-to-end suites) use against a running service, with server-sent events for subscriptions.
 */
export interface GraphQLResult<T> {
  status: number;
  body: string;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export class GraphQLHttpClient {
  token: string | undefined;
  /** Every response body this client saw (tests search it for leaked secrets). */
  readonly transcript: string[] = [];

  constructor(readonly url: string) {}

  async request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResult<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.text();
    this.transcript.push(body);
    let parsed: object;
    try {
      parsed = JSON.parse(body) as object;
    } catch {
      throw new Error(
        `${this.url}/graphql answered HTTP ${response.status} without JSON: ${body.slice(0, 200)}`,
      );
    }
    return { status: response.status, body, ...parsed };
  }

  /** `request`, failing unless it answered data without errors. */
  async data<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL request failed: ${result.body}`);
    }
    return result.data;
  }

  /**
   * Runs a subscription over server-sent events and collects every `next` payload until the
   * server completes the stream (or `until` says stop).
   */
  async subscribe<T>(
    query: string,
    variables: Record<string, unknown>,
    until: (payload: T) => boolean = () => false,
  ): Promise<T[]> {
    const controller = new AbortController();
    const response = await fetch(`${this.url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    });
    if (!response.body) throw new Error(`subscription: no body (HTTP ${response.status})`);
    const payloads: T[] = [];
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      // Node's web streams are async iterable; the DOM typings do not say so.
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          const name = event.match(/^event: (.*)$/m)?.[1];
          const data = event.match(/^data: (.*)$/m)?.[1];
          if (name === "complete") return payloads;
          if (name === "next" && data) {
            this.transcript.push(data);
            const parsed = JSON.parse(data) as { data?: T; errors?: unknown };
            if (!parsed.data) throw new Error(`subscription error: ${data}`);
            payloads.push(parsed.data);
            if (until(parsed.data)) return payloads;
          }
        }
      }
      return payloads;
    } finally {
      controller.abort();
    }
  }
}
