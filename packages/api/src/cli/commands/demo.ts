import { startDemo } from "../../demo/demo.ts";
import { SERVICE_ROUTES } from "../../http/service-routes.ts";
import type { ExitCode } from "../exit-codes.ts";
import type { CliIo } from "../io.ts";

export const DEMO_USAGE = `orgsync demo

  Runs the service on embedded defaults and, for what is not configured yet, stand-ins: a local
  slapd for the LDAP directory and the Feishu sandbox for the Feishu app; then syncs groups and
  users. Ctrl-C stops everything.`;

export async function demoCommand(_argv: string[], io: CliIo): Promise<ExitCode> {
  const demo = await startDemo({
    env: io.env,
    print: (line) => io.stdout.write(`${line}\n`),
    routes: SERVICE_ROUTES,
  });
  return new Promise<ExitCode>((resolve) => {
    const stop = () => {
      void demo.stop().then(() => resolve(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
