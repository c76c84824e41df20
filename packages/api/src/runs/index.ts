// Runs as background jobs: the worker that executes one run, the job runner that claims queued
// runs in each service process, the service GraphQL calls, and run events for subscriptions.
export * from "./job-runner.ts";
export * from "./run-events.ts";
export * from "./run-logger.ts";
export * from "./run-service.ts";
export * from "./run-worker.ts";
export * from "./stored-plan.ts";
export * from "./targeted-source.ts";
