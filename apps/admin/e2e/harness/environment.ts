import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createLogger,
  listen,
  type OrgsyncService,
  SERVICE_ROUTES,
  serviceConfigFromEnvironment,
  startService,
} from "@orgsync/api";
import type { SourceSnapshot } from "@orgsync/core";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import {
  type FeishuScope,
  type RunningFeishuSandbox,
  startFeishuSandbox,
} from "@orgsync/provider-feishu/sandbox";

/**
 * What the admin app's e2e runs against — all real: a slapd of its own, the Feishu sandbox
 * speaking the wire protocol to the real SDK, and the service on embedded PGlite serving the
 * freshly built app on a free port.
 */

export const ADMIN = { username: "admin", password: "e2e-admin-password-1" };

export interface AdminEnvironment {
  url: string;
  service: OrgsyncService;
  slapd: Slapd;
  sandbox: RunningFeishuSandbox;
  stop(): Promise<void>;
}

export async function startAdminEnvironment(options: {
  adminAppDir: string;
  org: SourceSnapshot;
  scopes: FeishuScope[];
}): Promise<AdminEnvironment> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const close of stops.reverse()) await close().catch(() => {});
  };
  try {
    const dataDir = await mkdtemp(join(tmpdir(), "orgsync-admin-e2e-data-"));
    stops.push(() => rm(dataDir, { recursive: true, force: true }));
    const slapd = await startSlapd({ orgsyncSchema: true });
    stops.push(() => slapd.stop());
    const sandbox = await startFeishuSandbox({
      org: options.org,
      app: { appId: "cli_e2e0123456789", appSecret: "e2e-app-secret", scopes: options.scopes },
    });
    stops.push(() => sandbox.close());
    const env = {
      ORGSYNC_DATA_DIR: dataDir,
      ORGSYNC_ADMIN_USERNAME: ADMIN.username,
      ORGSYNC_ADMIN_PASSWORD: ADMIN.password,
      ORGSYNC_ADMIN_DIR: options.adminAppDir,
      ORGSYNC_LOG_LEVEL: "warn",
    };
    const service = await startService({
      config: serviceConfigFromEnvironment(env),
      env,
      logger: createLogger({ level: "warn" }),
    });
    stops.push(() => service.close());
    const server = await listen(service, { port: 0, host: "127.0.0.1", routes: SERVICE_ROUTES });
    stops.push(() => server.close());
    return { url: server.url, service, slapd, sandbox, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
