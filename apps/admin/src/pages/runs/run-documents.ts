import { ValidationIssuesFields } from "../../graphql/fragments.ts";
import { graphql, type ResultOf } from "../../graphql/graphql.ts";

/** The GraphQL documents the sync and runs pages share. */

/** What a plan says before it runs: its counts, whether it waits for approval, its warnings. */
export const RunPlanFields = graphql(`
  fragment RunPlanFields on Run {
    counts {
      op
      outcome
      count
    }
    approval {
      required
      reason
      destructiveCount
    }
    warnings {
      code
      anchor
      message
    }
  }
`);

/** One page of a run's items, each with its attribute diff and what happened. */
const RunItemPageFields = graphql(`
  fragment RunItemPageFields on RunItemPage {
    endCursor
    nodes {
      seq
      op
      anchor
      dn
      outcome
      errorCategory
      message
      attempts
      durationMs
      changes {
        attribute
        old
        new
      }
    }
  }
`);

/** A run as its detail page and the sync page's tracker show it. */
export const RunDetailQuery = graphql(
  `
  query RunDetail($id: ID!) {
    run(id: $id) {
      id
      providerId
      provider {
        id
        name
        flag
      }
      scope
      trigger
      dryRun
      status
      error
      requestedBy
      approvedBy
      approvedAt
      cancelRequested
      createdAt
      startedAt
      finishedAt
      durationMs
      progress {
        done
        total
      }
      ...RunPlanFields
      targets {
        departmentIds
        userIds
      }
    }
  }
`,
  [RunPlanFields],
);
export type RunDetail = NonNullable<ResultOf<typeof RunDetailQuery>["run"]>;

export const RunItemsQuery = graphql(
  `
  query RunItems(
    $id: ID!
    $first: Int
    $after: String
    $op: OperationType
    $outcome: RunItemOutcome
    $search: String
  ) {
    run(id: $id) {
      id
      items(first: $first, after: $after, op: $op, outcome: $outcome, search: $search) {
        ...RunItemPageFields
      }
    }
  }
`,
  [RunItemPageFields],
);
export type RunItem = NonNullable<ResultOf<typeof RunItemsQuery>["run"]>["items"]["nodes"][number];

/** The removals of a held plan, in one round trip. */
export const RunDestructiveItemsQuery = graphql(
  `
  query RunDestructiveItems($id: ID!, $first: Int!) {
    run(id: $id) {
      id
      deleteUsers: items(op: deleteUser, first: $first) {
        ...RunItemPageFields
      }
      disableUsers: items(op: disableUser, first: $first) {
        ...RunItemPageFields
      }
      deleteGroups: items(op: deleteGroup, first: $first) {
        ...RunItemPageFields
      }
    }
  }
`,
  [RunItemPageFields],
);

export const RunProgressSubscription = graphql(`
  subscription RunProgressLive($id: ID!) {
    runProgress(id: $id) {
      runId
      status
      progress {
        done
        total
      }
      counts {
        op
        outcome
        count
      }
    }
  }
`);

/** What the live panel polls when the event stream is not available. */
export const RunProgressPollQuery = graphql(`
  query RunProgressPoll($id: ID!) {
    run(id: $id) {
      id
      status
      progress {
        done
        total
      }
      counts {
        op
        outcome
        count
      }
    }
  }
`);

export const CancelRunMutation = graphql(`
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) {
      __typename
      ... on Run {
        id
        status
        cancelRequested
      }
      ... on Error {
        message
      }
    }
  }
`);

export const ApproveRunMutation = graphql(
  `
  mutation ApproveRun($id: ID!) {
    approveRun(id: $id) {
      __typename
      ... on ApproveRunPayload {
        replanned
        run {
          id
          status
        }
      }
      ...ValidationIssuesFields
      ... on Error {
        message
      }
    }
  }
`,
  [ValidationIssuesFields],
);

/** The queries to refresh when a run changes status (its detail, items, lists). */
export const RUN_QUERIES = [
  "RunDetail",
  "RunItems",
  "RunDestructiveItems",
  "RunErrorItems",
  "RunsList",
  "SyncProvider",
] as const;
