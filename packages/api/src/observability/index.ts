// Observability: Prometheus metrics (one registry per service), readiness checks, and the
// /healthz, /readyz and /metrics routes.
export * from "./metrics.ts";
export * from "./readiness.ts";
export * from "./routes.ts";
