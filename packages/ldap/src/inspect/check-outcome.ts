import type { ConnectionCheck } from "@orgsync/core";

/** What one check found; the runner adds its id and label. */
export type CheckOutcome = Pick<ConnectionCheck, "status" | "detail" | "fix">;
