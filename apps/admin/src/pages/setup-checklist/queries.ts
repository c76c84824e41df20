import { request } from "../../graphql/client.ts";
import { graphql, type ResultOf } from "../../graphql/graphql.ts";
import type { SyncedRun } from "./checklist.ts";

/**
 * The landing page's operations; "Check again" refreshes every `SetupChecklist*` query and the
 * connection test (`ProviderTestConnection`, shared with the provider page).
 */

export const SetupChecklistQuery = graphql(`
  query SetupChecklist {
    directorySettings {
      updatedAt
      connection {
        url
        baseDn
      }
    }
    providers {
      id
      name
      kind
      flag
      enabled
      config
      webhookUrl
      activeRun {
        id
        status
        scope
      }
    }
    providerKinds {
      kind
      displayName
    }
  }
`);

export const RelationsQuery = graphql(`
  query SetupChecklistRelations($providerId: ID!) {
    fieldRelations(providerId: $providerId) {
      __typename
      ... on ProviderFieldRelations {
        group {
          version
          updatedAt
        }
        user {
          version
          updatedAt
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const SyncedRunsQuery = graphql(`
  query SetupChecklistRuns($providerId: ID!, $after: String) {
    runs(providerId: $providerId, status: [succeeded], dryRun: false, first: 100, after: $after) {
      __typename
      ... on RunPage {
        endCursor
        nodes {
          id
          scope
          finishedAt
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/** Pages read at most: event-driven runs can be many, but a full sync is rarely that far back. */
const MAX_PAGES = 5;

/**
 * The newest succeeded runs until both a groups and a users sync are found (the service cannot
 * filter runs by scope).
 */
export async function syncedRuns(providerId: string, signal: AbortSignal): Promise<SyncedRun[]> {
  const runs: SyncedRun[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data: ResultOf<typeof SyncedRunsQuery> = await request(
      SyncedRunsQuery,
      { providerId, after },
      { signal },
    );
    if (data.runs.__typename !== "RunPage") throw new Error(data.runs.message);
    runs.push(...data.runs.nodes);
    const groups = runs.some((run) => run.scope !== "USERS");
    const users = runs.some((run) => run.scope !== "GROUPS");
    if ((groups && users) || !data.runs.endCursor) break;
    after = data.runs.endCursor;
  }
  return runs;
}

export type ChecklistProvider = ResultOf<typeof SetupChecklistQuery>["providers"][number];
export type DirectoryStatus = ResultOf<typeof SetupChecklistQuery>["directorySettings"];
