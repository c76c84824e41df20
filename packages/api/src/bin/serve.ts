/**
 * Runs the service on an HTTP port with its settings from the environment:
 *
 *   PORT=4000 HOST=127.0.0.1 DATABASE_URL=… ORGSYNC_DATA_DIR=.data \
 *   ORGSYNC_ADMIN_USERNAME=admin ORGSYNC_ADMIN_PASSWORD=… node dist/bin/serve.js
 *
 * SIGINT/SIGTERM stop it gracefully: no new runs are claimed and in-flight ones get a moment
 * to finish; a run still going is marked interrupted by the next start.
 */
import { SERVICE_ROUTES } from "../http/service-routes.ts";
import { listen } from "../server.ts";
import { startService } from "../service.ts";

const service = await startService();
const server = await listen(service, {
  port: Number(process.env.PORT ?? 4000),
  host: process.env.HOST ?? "127.0.0.1",
  routes: SERVICE_ROUTES,
});
service.logger.info({ url: `${server.url}/graphql` }, "service: listening");

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  service.logger.info({ signal }, "service: stopping");
  await server.close();
  await service.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
