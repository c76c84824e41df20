import { graphql, type ResultOf, type VariablesOf } from "../../graphql/graphql.ts";

/**
 * The directory settings' operations. Passwords never come back: the query says only whether
 * one is set (`hasBindPassword`, `hasInitialPassword`).
 */

export const SettingsDirectoryQuery = graphql(`
  query SettingsDirectory {
    directorySettings {
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
  }
`);

export type DirectorySettingsData = NonNullable<
  ResultOf<typeof SettingsDirectoryQuery>["directorySettings"]
>;

export const SettingsUpdateDirectoryMutation = graphql(`
  mutation SettingsUpdateDirectory(
    $input: DirectorySettingsInput!
    $verify: Boolean
    $force: Boolean
  ) {
    updateDirectorySettings(input: $input, verify: $verify, force: $force) {
      __typename
      ... on DirectorySettingsUpdate {
        settings {
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
        report {
          ok
          checks {
            id
            label
            status
            detail
            fix
          }
        }
      }
      ... on DirectoryConnectionError {
        # Aliased: GraphQL forbids one response key with two types (ConnectionReport vs ConnectionReport!).
        refusedReport: report {
          ok
          checks {
            id
            label
            status
            detail
            fix
          }
        }
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

export type DirectorySettingsInput = VariablesOf<typeof SettingsUpdateDirectoryMutation>["input"];

export const SettingsTestDirectoryMutation = graphql(`
  mutation SettingsTestDirectory($draft: DirectorySettingsInput) {
    testDirectoryConnection(draft: $draft) {
      __typename
      ... on ConnectionReport {
        ok
        checks {
          id
          label
          status
          detail
          fix
        }
      }
      ... on ValidationError {
        message
        issues {
          path
          message
        }
      }
    }
  }
`);

export type ConnectionReportData = {
  ok: boolean;
  checks: readonly {
    id: string;
    label: string;
    status: "ok" | "warning" | "failed" | "missing" | "skipped";
    detail: string | null;
    fix: string | null;
  }[];
};
