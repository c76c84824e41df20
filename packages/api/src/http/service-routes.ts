import { eventRoutes } from "../events/event-routes.ts";
import { observabilityRoutes } from "../observability/routes.ts";
import type { RouteFactory } from "./app.ts";

/** Every route a running service serves besides `/graphql`: IM event callbacks, health, metrics. */
export const SERVICE_ROUTES: readonly RouteFactory[] = [eventRoutes, observabilityRoutes];
