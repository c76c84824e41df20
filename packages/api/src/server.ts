import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpApp, type RouteFactory } from "./http/app.ts";
import type { OrgsyncService } from "./service.ts";

export interface ListeningServer {
  server: Server;
  /** Example: `http://127.0.0.1:4000`. */
  url: string;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** @default 4000; 0 picks a free port */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Routes besides `/graphql` (health, metrics, IM event callbacks). */
  routes?: readonly RouteFactory[];
}

/** Puts the service behind an HTTP port: GraphQL (and its SSE subscriptions) on `/graphql`. */
export async function listen(
  service: OrgsyncService,
  options: ListenOptions = {},
): Promise<ListeningServer> {
  const server = createServer(createHttpApp(service, options.routes));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4000, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
