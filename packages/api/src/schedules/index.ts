// Schedules: crons per provider and scope (validation and fire times), the service GraphQL
// calls to manage them, and the scheduler that starts runs when they fire.
export * from "./cron.ts";
export * from "./schedule-service.ts";
export * from "./scheduler.ts";
