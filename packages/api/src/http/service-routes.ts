import { createAdminAppRoutes } from "../admin-app/admin-app-routes.ts";
import { eventRoutes } from "../events/event-routes.ts";
import { observabilityRoutes } from "../observability/routes.ts";
import type { RouteFactory } from "./app.ts";

/**
 * Every route a running service serves besides `/graphql`: IM event callbacks, health, metrics,
 * and last the admin app (it answers every other GET with its page).
 */
export const SERVICE_ROUTES: readonly RouteFactory[] = [
  eventRoutes,
  observabilityRoutes,
  (service) => createAdminAppRoutes(service.config.adminAppDir)(service),
];
