import { ValidationIssuesFields } from "../../graphql/fragments.ts";
import { graphql, type ResultOf } from "../../graphql/graphql.ts";

/** A provider's schedules with their coming fire times, and its recent fires. */
export const SettingsSchedulesQuery = graphql(`
  query SettingsSchedules($providerId: ID!) {
    provider(id: $providerId) {
      id
      name
      schedules {
        scope
        cron
        timezone
        enabled
        nextFireTimes(count: 5)
        updatedAt
        updatedBy
      }
      scheduleFires(first: 10) {
        scope
        fireAt
        outcome
        reason
        runId
        run {
          id
          status
        }
      }
    }
  }
`);

type ProviderSchedules = NonNullable<ResultOf<typeof SettingsSchedulesQuery>["provider"]>;
export type ScheduleData = ProviderSchedules["schedules"][number];
export type ScheduleFireData = ProviderSchedules["scheduleFires"][number];
export type SyncScope = ScheduleData["scope"];
export const SCOPES: readonly SyncScope[] = ["GROUPS", "USERS", "ALL"];

export const SettingsSetScheduleMutation = graphql(
  `
  mutation SettingsSetSchedule(
    $providerId: ID!
    $scope: SyncScope!
    $cron: String!
    $timezone: String
    $enabled: Boolean
  ) {
    setSchedule(
      providerId: $providerId
      scope: $scope
      cron: $cron
      timezone: $timezone
      enabled: $enabled
    ) {
      __typename
      ... on Schedule {
        scope
        cron
        timezone
        enabled
        updatedAt
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

export const SettingsDeleteScheduleMutation = graphql(`
  mutation SettingsDeleteSchedule($providerId: ID!, $scope: SyncScope!) {
    deleteSchedule(providerId: $providerId, scope: $scope) {
      __typename
      ... on MutationDeleteScheduleSuccess {
        data
      }
      ... on Error {
        message
      }
    }
  }
`);
