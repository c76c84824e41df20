import { createServerAdapter } from "@whatwg-node/server";
import type { OrgsyncService } from "../service.ts";

/**
 * One HTTP route of the service besides GraphQL: health checks, metrics, IM event callbacks.
 * Handlers speak the Fetch API, so tests call them without a socket.
 */
export interface HttpRoute {
  method: "GET" | "POST";
  /** An exact path, or a pattern whose named groups become `params`. */
  path: string | RegExp;
  handle(request: Request, params: Record<string, string>): Promise<Response> | Response;
}

/** Makes the routes an HTTP feature contributes, from the running service. */
export type RouteFactory = (service: OrgsyncService) => HttpRoute[];

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });

function match(route: HttpRoute, pathname: string): Record<string, string> | undefined {
  if (typeof route.path === "string") return route.path === pathname ? {} : undefined;
  const found = route.path.exec(pathname);
  return found ? { ...found.groups } : undefined;
}

/**
 * The service's HTTP front: `/graphql` (queries, mutations, SSE subscriptions) and every route
 * the factories contribute; anything else is a JSON 404 naming what exists.
 */
export function createHttpApp(service: OrgsyncService, factories: readonly RouteFactory[] = []) {
  const routes = factories.flatMap((factory) => factory(service));
  return createServerAdapter(async (request: Request, serverContext: Record<string, unknown>) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/graphql" || pathname.startsWith("/graphql/")) {
      return service.yoga.handle(request, serverContext);
    }
    // A path may have a route per method (`/events/<flag>`: POST, and GET for WeCom's URL check).
    const allowed: string[] = [];
    for (const route of routes) {
      const params = match(route, pathname);
      if (!params) continue;
      if (request.method === route.method) return route.handle(request, params);
      allowed.push(route.method);
    }
    if (allowed.length > 0) {
      return json(405, { error: `${pathname} accepts ${allowed.join(" or ")} only` });
    }
    return json(404, {
      error: `no route ${request.method} ${pathname}; the API is POST /graphql`,
    });
  });
}
