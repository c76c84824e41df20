import {
  type ConnectionReportData,
  ConnectionReportFields,
  ValidationIssuesFields,
} from "../../graphql/fragments.ts";
import { graphql, type ResultOf, type VariablesOf } from "../../graphql/graphql.ts";

/**
 * The directory settings' operations. Passwords never come back: the query says only whether
 * one is set (`hasBindPassword`, `hasInitialPassword`).
 */

/** The stored directory settings, as the settings form shows them and a save returns them. */
const DirectorySettingsFields = graphql(`
  fragment DirectorySettingsFields on DirectorySettings {
    connection {
      url
      bindDn
      baseDn
      options
    }
    hasBindPassword
    layout
    defaultEmailSuffix
    passwordMode
    passwordScheme
    hasInitialPassword
    departedUserPolicy
    maxDestructive
    maxDestructivePercent
    updatedAt
    updatedBy
  }
`);

export const SettingsDirectoryQuery = graphql(
  `
  query SettingsDirectory {
    directorySettings {
      ...DirectorySettingsFields
    }
  }
`,
  [DirectorySettingsFields],
);

export type DirectorySettingsData = NonNullable<
  ResultOf<typeof SettingsDirectoryQuery>["directorySettings"]
>;

export const SettingsUpdateDirectoryMutation = graphql(
  `
  mutation SettingsUpdateDirectory(
    $input: DirectorySettingsInput!
    $verify: Boolean
    $force: Boolean
  ) {
    updateDirectorySettings(input: $input, verify: $verify, force: $force) {
      __typename
      ... on DirectorySettingsUpdate {
        settings {
          ...DirectorySettingsFields
        }
        report {
          ...ConnectionReportFields
        }
      }
      ... on DirectoryConnectionError {
        # Aliased: GraphQL forbids one response key with two types (ConnectionReport vs ConnectionReport!).
        refusedReport: report {
          ...ConnectionReportFields
        }
      }
      ...ValidationIssuesFields
      ... on Error {
        message
      }
    }
  }
`,
  [DirectorySettingsFields, ConnectionReportFields, ValidationIssuesFields],
);

export type DirectorySettingsInput = VariablesOf<typeof SettingsUpdateDirectoryMutation>["input"];

export const SettingsTestDirectoryMutation = graphql(
  `
  mutation SettingsTestDirectory($draft: DirectorySettingsInput) {
    testDirectoryConnection(draft: $draft) {
      __typename
      ...ConnectionReportFields
      ... on ValidationError {
        message
        ...ValidationIssuesFields
      }
    }
  }
`,
  [ConnectionReportFields, ValidationIssuesFields],
);

export type { ConnectionReportData };
