import { graphql, type ResultOf } from "../../graphql/graphql.ts";

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

export const SyncPlanMutation = graphql(`
  mutation SyncPlan($providerId: ID!, $scope: SyncScope!) {
    planSync(providerId: $providerId, scope: $scope) {
      __typename
      ... on Run {
        id
        status
        scope
        error
        createdAt
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
      ... on SafetyError {
        rule
      }
      ... on RunAlreadyActiveError {
        activeRunId
      }
      ... on ValidationError {
        issues {
          path
          message
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const SyncRunMutation = graphql(`
  mutation SyncRun($providerId: ID!, $scope: SyncScope!) {
    runSync(providerId: $providerId, scope: $scope) {
      __typename
      ... on Run {
        id
        status
      }
      ... on SafetyError {
        rule
      }
      ... on RunAlreadyActiveError {
        activeRunId
      }
      ... on ValidationError {
        issues {
          path
          message
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

type PlanResult = ResultOf<typeof SyncPlanMutation>["planSync"];
export type PlannedRun = Extract<PlanResult, { __typename: "Run" }>;
/** A typed refusal of `planSync` or `runSync`. */
export type SyncProblem =
  | Exclude<PlanResult, { __typename: "Run" }>
  | Exclude<ResultOf<typeof SyncRunMutation>["runSync"], { __typename: "Run" }>;
export type SyncScope = "GROUPS" | "USERS" | "ALL";
