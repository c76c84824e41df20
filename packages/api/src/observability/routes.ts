import { Tokens } from "../container/tokens.ts";
import type { HttpRoute, RouteFactory } from "../http/app.ts";
import { errorDetails } from "../runs/run-logger.ts";
import { checkReadiness } from "./readiness.ts";

export interface ObservabilityRoutesOptions {
  /**
   * Longest wait for each database query of `/readyz`.
   * @default 2000
   * @example 500
   */
  readinessTimeoutMs?: number;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });

/**
 * The probes and the scrape endpoint, unauthenticated as their callers (kubelet, Prometheus)
 * expect — nothing they answer is secret, but keep them on an internal network:
 *
 * - `GET /healthz`: 200 `{"status":"ok"}` while the process serves HTTP (liveness).
 * - `GET /readyz`: 200 when the database answers, its migrations are applied and the job runner
 *   runs; otherwise 503 with `{"status":"not ready","notReady":[…],"checks":{…}}`.
 * - `GET /metrics`: the service's registry (`Tokens.Metrics`) in Prometheus' text format.
 */
export function createObservabilityRoutes(options: ObservabilityRoutesOptions = {}): RouteFactory {
  return (service) => {
    const { container } = service;
    const log = service.logger.child({ component: "observability" });
    // Probes come every few seconds: say when readiness (or what is not ready) changes only.
    let lastState: string | undefined;

    const healthz: HttpRoute = {
      method: "GET",
      path: "/healthz",
      handle: () => json(200, { status: "ok" }),
    };

    const readyz: HttpRoute = {
      method: "GET",
      path: "/readyz",
      async handle() {
        const report = await checkReadiness({
          database: container.resolve(Tokens.Database),
          runner: container.resolve(Tokens.JobRunner),
          ...(options.readinessTimeoutMs === undefined
            ? {}
            : { timeoutMs: options.readinessTimeoutMs }),
        });
        const state = report.notReady.join(",");
        if (state !== lastState) {
          if (report.ready) log.info({}, "service: ready");
          else {
            const causes = Object.fromEntries(
              Object.entries(report.causes).map(([name, cause]) => [name, errorDetails(cause).err]),
            );
            log.warn(
              { notReady: report.notReady, checks: report.checks, causes },
              "service: not ready",
            );
          }
          lastState = state;
        }
        return report.ready
          ? json(200, { status: "ready", checks: report.checks })
          : json(503, { status: "not ready", notReady: report.notReady, checks: report.checks });
      },
    };

    const metrics: HttpRoute = {
      method: "GET",
      path: "/metrics",
      async handle() {
        const { contentType, body } = await container.resolve(Tokens.Metrics).scrape();
        return new Response(body, {
          status: 200,
          headers: { "content-type": contentType, "cache-control": "no-store" },
        });
      },
    };

    return [healthz, readyz, metrics];
  };
}

/** `/healthz`, `/readyz` and `/metrics` with the default options; see `createObservabilityRoutes`. */
export const observabilityRoutes: RouteFactory = createObservabilityRoutes();
