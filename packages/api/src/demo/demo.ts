import { mkdir } from "node:fs/promises";
import { generateOrg } from "@orgsync/core/fixtures";
import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { type RunningFeishuSandbox, startFeishuSandbox } from "@orgsync/provider-feishu/sandbox";
import { serviceConfigFromEnvironment } from "../container/service-config.ts";
import { Tokens } from "../container/tokens.ts";
import type { RouteFactory } from "../http/app.ts";
import { listen } from "../server.ts";
import { type OrgsyncService, startService } from "../service.ts";
import type { Actor } from "../services/actor.ts";

/**
 * The README's run command: the whole product on embedded defaults, with stand-ins for what is
 * not configured yet — a local slapd when no LDAP directory is, and the Feishu sandbox serving a
 * generated company when no Feishu app is — followed by the seed guide's sync (groups, then
 * users). Configure a real directory or provider (GraphQL, `orgsync import-config`) and the
 * stand-in for it is no longer started.
 */

/** Who the demo's own changes are recorded as; settings it saved are recognised by it. */
export const DEMO_ACTOR: Actor = { adminId: null, username: "demo" };
/** The stand-in provider's flag. */
export const DEMO_FLAG = "feishu";
const DEMO_PROVIDER_NAME = "Feishu (demo sandbox)";

export interface DemoOptions {
  env?: Record<string, string | undefined>;
  /** Where progress goes. Default: stdout. */
  print?: (line: string) => void;
  /** Routes besides /graphql (health, metrics, events). */
  routes?: readonly RouteFactory[];
  /** People in the generated company. @default 300 */
  users?: number;
}

export interface RunningDemo {
  service: OrgsyncService;
  url: string;
  slapd: Slapd | undefined;
  sandbox: RunningFeishuSandbox | undefined;
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const env: Record<string, string | undefined> = {
    ORGSYNC_ADMIN_USERNAME: "admin",
    ORGSYNC_ADMIN_PASSWORD: "orgsync-demo-password",
    // The demo talks to a person: its own lines, not the service's JSON logs.
    ORGSYNC_LOG_LEVEL: "warn",
    ...(options.env ?? process.env),
  };
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const config = serviceConfigFromEnvironment(env);
  await mkdir(config.dataDir, { recursive: true });
  const service = await startService({ config, env });
  const stops: (() => Promise<void>)[] = [() => service.close()];
  const stop = async () => {
    for (const close of stops.reverse()) await close().catch(() => {});
  };
  try {
    const server = await listen(service, {
      port: Number(env.PORT ?? 4000),
      host: env.HOST ?? "127.0.0.1",
      ...(options.routes ? { routes: options.routes } : {}),
    });
    stops.push(() => server.close());
    const defaultPassword = env.ORGSYNC_ADMIN_PASSWORD === "orgsync-demo-password";
    print(
      `orgsync: the admin app at ${server.url}/ and GraphQL at ${server.url}/graphql — log in as ${config.bootstrapAdmin?.username}${defaultPassword ? ' / "orgsync-demo-password" (set ORGSYNC_ADMIN_PASSWORD for real use)' : ""}`,
    );

    const c = service.container;
    const directory = c.resolve(Tokens.DirectoryService);
    const providers = c.resolve(Tokens.ProviderService);
    const stored = await directory.getSettings();
    let slapd: Slapd | undefined;
    if (!stored || stored.updatedBy === DEMO_ACTOR.username) {
      slapd = await startSlapd({ orgsyncSchema: true, adminPassword: "demo-directory-password" });
      stops.push(() => slapd?.stop() ?? Promise.resolve());
      await directory.updateSettings(
        {
          connection: { url: slapd.url, bindDn: slapd.adminDn, baseDn: slapd.baseDn },
          bindPassword: slapd.adminPassword,
          initialPassword: "Welcome-2026!",
          defaultEmailSuffix: "example.com",
        },
        DEMO_ACTOR,
        { verify: true, force: true },
      );
      print(
        `orgsync: no LDAP directory configured — started a local slapd at ${slapd.url} (${slapd.baseDn}, a fresh one each start)`,
      );
      print(
        `  look inside: ldapsearch -x -H ${slapd.url} -D ${slapd.adminDn} -w ${slapd.adminPassword} -b ou=people,${slapd.baseDn} uid mail`,
      );
    }

    const existing = await providers.list();
    const demoProvider = existing.find((provider) => provider.name === DEMO_PROVIDER_NAME);
    let sandbox: RunningFeishuSandbox | undefined;
    if (existing.length === 0 || (demoProvider && existing.length === 1)) {
      const org = generateOrg({ users: options.users ?? 300, departments: 30, seed: 2026 });
      sandbox = await startFeishuSandbox({ org });
      stops.push(() => sandbox?.close() ?? Promise.resolve());
      const config = {
        appId: sandbox.app.appId,
        appSecret: sandbox.app.appSecret,
        domain: sandbox.url,
      };
      const change = demoProvider
        ? await providers.update(demoProvider.id, { config }, DEMO_ACTOR)
        : await providers.create(
            { kind: "feishu", name: DEMO_PROVIDER_NAME, flag: DEMO_FLAG, config },
            DEMO_ACTOR,
          );
      print(
        `orgsync: no Feishu app configured — the Feishu sandbox at ${sandbox.url} plays a ${org.users.length}-person company`,
      );
      await syncDemo(service, change.provider.id, print);
    }
    print("orgsync: running; Ctrl-C stops it");
    return { service, url: server.url, slapd, sandbox, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The seed guide's order: field relations, groups, then users; each run followed to its end. */
async function syncDemo(
  service: OrgsyncService,
  providerId: string,
  print: (line: string) => void,
) {
  const c = service.container;
  const relations = await c.resolve(Tokens.FieldRelationService).get(providerId);
  if (!relations.group || !relations.user) {
    await c.resolve(Tokens.FieldRelationService).reset(providerId, "both", DEMO_ACTOR);
  }
  const runs = c.resolve(Tokens.RunService);
  for (const scope of ["GROUPS", "USERS"] as const) {
    const queued = await runs.run({
      providerId,
      scope,
      trigger: "manual",
      requestedBy: DEMO_ACTOR.username,
    });
    let last = queued;
    for await (const event of runs.watch(queued.id)) {
      if (event.status === "needs_approval") break;
    }
    last = (await runs.get(queued.id)) ?? last;
    const applied = Object.entries(last.counts)
      .map(([op, outcomes]) => `${outcomes?.succeeded ?? 0} ${op}`)
      .join(", ");
    print(`orgsync: ${scope} sync ${last.status}: ${applied || "nothing to do"}`);
    if (last.status !== "succeeded") {
      print(`orgsync: ${last.error ?? "see the run's items"}`);
      return;
    }
  }
  print(
    "orgsync: demo sync finished — query it with GraphQL (`runs`, `directoryTree`) or ldapsearch",
  );
}
