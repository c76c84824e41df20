import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { OrgsyncService } from "./service.ts";

export interface ListeningServer {
  server: Server;
  /** Example: `http://127.0.0.1:4000`. */
  url: string;
  close(): Promise<void>;
}

/** Puts the service behind an HTTP port: GraphQL (and its SSE subscriptions) on `/graphql`. */
export async function listen(
  service: OrgsyncService,
  options: { port?: number; host?: string } = {},
): Promise<ListeningServer> {
  const server = createServer(service.yoga);
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
