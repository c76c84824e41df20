import { createServer, type Server } from "node:net";

/**
 * Asks the OS for `count` distinct free TCP ports on 127.0.0.1: listen on port 0, read the port,
 * close. The ports are free when this returns, not reserved: the caller must cope with losing
 * a race for one (slapd reports EADDRINUSE; `startSlapd` then asks again).
 */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    // All listeners stay open until every port is read, so the ports differ from each other.
    for (let i = 0; i < count; i++) servers.push(await listenOnEphemeralPort());
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        throw new Error("slapd harness: a TCP listener has no port");
      }
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  }
}

async function listenOnEphemeralPort(attempts = 5): Promise<Server> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Promise<Server>((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.once("error", reject);
        server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => resolve(server));
      });
    } catch (error) {
      // Port 0 can still fail when the ephemeral range is exhausted for a moment.
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt >= attempts) {
        throw error;
      }
    }
  }
}
