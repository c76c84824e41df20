import { ValidationIssuesFields } from "../../graphql/fragments.ts";
import { graphql, type ResultOf } from "../../graphql/graphql.ts";
import { RunPlanFields } from "../runs/run-documents.ts";

/** The provider's active run (shown instead of the buttons) and its last applied runs. */
export const SyncProviderQuery = graphql(`
  query SyncProvider($id: ID!) {
    provider(id: $id) {
      id
      name
      enabled
      activeRun {
        id
        status
      }
    }
    runs(providerId: $id, dryRun: false, first: 5) {
      __typename
      ... on RunPage {
        nodes {
          id
          status
          scope
          trigger
          createdAt
          finishedAt
          counts {
            op
            outcome
            count
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/** Why `planSync` or `runSync` refused: both answer with the same errors. */
const SyncRefusalFields = graphql(
  `
  fragment SyncRefusalFields on Error {
    message
    ... on SafetyError {
      rule
    }
    ... on RunAlreadyActiveError {
      activeRunId
    }
    ...ValidationIssuesFields
  }
`,
  [ValidationIssuesFields],
);

export const SyncPlanMutation = graphql(
  `
  mutation SyncPlan($providerId: ID!, $scope: SyncScope!) {
    planSync(providerId: $providerId, scope: $scope) {
      __typename
      ... on Run {
        id
        status
        scope
        error
        createdAt
        ...RunPlanFields
      }
      ...SyncRefusalFields
    }
  }
`,
  [RunPlanFields, SyncRefusalFields],
);

export const SyncRunMutation = graphql(
  `
  mutation SyncRun($providerId: ID!, $scope: SyncScope!) {
    runSync(providerId: $providerId, scope: $scope) {
      __typename
      ... on Run {
        id
        status
      }
      ...SyncRefusalFields
    }
  }
`,
  [SyncRefusalFields],
);

type PlanResult = ResultOf<typeof SyncPlanMutation>["planSync"];
export type PlannedRun = Extract<PlanResult, { __typename: "Run" }>;
/** A typed refusal of `planSync` or `runSync`. */
export type SyncProblem =
  | Exclude<PlanResult, { __typename: "Run" }>
  | Exclude<ResultOf<typeof SyncRunMutation>["runSync"], { __typename: "Run" }>;
export type SyncScope = "GROUPS" | "USERS" | "ALL";
