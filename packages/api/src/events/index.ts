// IM change events: the HTTP route the IM pushes to, and the ingest turning deliveries into
// coalesced targeted runs.
export * from "./event-ingest.ts";
export * from "./event-routes.ts";
