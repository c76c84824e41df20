import {
  type ConnectionReportData,
  ConnectionReportFields,
  ValidationIssuesFields,
} from "../../graphql/fragments.ts";
import { graphql, type ResultOf } from "../../graphql/graphql.ts";

/** The provider pages' operations. Mutations invalidate these by name (see `PROVIDER_QUERIES`). */

export const ProvidersPageQuery = graphql(`
  query ProvidersPage {
    providers {
      id
      name
      kind
      flag
      enabled
      hasSecrets
      updatedAt
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

export const ProviderKindsQuery = graphql(`
  query ProviderEditKinds {
    providerKinds {
      kind
      displayName
      configSchema
      secretFields
    }
  }
`);

export const ProviderEditQuery = graphql(`
  query ProviderEdit($id: ID!) {
    provider(id: $id) {
      id
      kind
      name
      flag
      enabled
      secretsSet
      config
      updatedAt
      webhookUrl
      syncOptions {
        updateExisting
      }
      activeRun {
        id
        status
      }
    }
  }
`);

/** The answer creating and updating a provider share: the provider and its connection test. */
const ProviderChangeFields = graphql(
  `
  fragment ProviderChangeFields on ProviderChange {
    provider {
      id
      name
    }
    connection {
      ...ConnectionReportFields
    }
  }
`,
  [ConnectionReportFields],
);

/** A create or update refused because the connection test failed: the test's report. */
const ProviderVerificationErrorFields = graphql(
  `
  fragment ProviderVerificationErrorFields on ProviderVerificationError {
    report {
      ...ConnectionReportFields
    }
  }
`,
  [ConnectionReportFields],
);

export const CreateProviderMutation = graphql(
  `
  mutation ProviderCreate($input: CreateProviderInput!) {
    createProvider(input: $input) {
      __typename
      ...ProviderChangeFields
      ...ValidationIssuesFields
      ...ProviderVerificationErrorFields
      ... on Error {
        message
      }
    }
  }
`,
  [ProviderChangeFields, ValidationIssuesFields, ProviderVerificationErrorFields],
);

export const UpdateProviderMutation = graphql(
  `
  mutation ProviderUpdate($id: ID!, $input: UpdateProviderInput!) {
    updateProvider(id: $id, input: $input) {
      __typename
      ...ProviderChangeFields
      ...ValidationIssuesFields
      ...ProviderVerificationErrorFields
      ... on Error {
        message
      }
    }
  }
`,
  [ProviderChangeFields, ValidationIssuesFields, ProviderVerificationErrorFields],
);

export const DeleteProviderMutation = graphql(`
  mutation ProviderDelete($id: ID!) {
    deleteProvider(id: $id) {
      __typename
      ... on RunAlreadyActiveError {
        activeRunId
      }
      ... on Error {
        message
      }
    }
  }
`);

export const TestProviderConnectionMutation = graphql(
  `
  mutation ProviderTestConnection($id: ID!) {
    testProviderConnection(id: $id) {
      __typename
      ...ConnectionReportFields
      ... on Error {
        message
      }
    }
  }
`,
  [ConnectionReportFields],
);

/**
 * Queries that show providers: every change to a provider refreshes them. `SetupChecklist` and
 * the connection test (which the landing page runs as a query) depend on the provider's settings.
 */
export const PROVIDER_QUERIES = [
  "ProvidersList",
  "ProvidersPage",
  "ProviderEdit",
  "SetupChecklist",
  "ProviderTestConnection",
] as const;

export type ProviderKindData = ResultOf<typeof ProviderKindsQuery>["providerKinds"][number];
export type EditedProvider = NonNullable<ResultOf<typeof ProviderEditQuery>["provider"]>;
export type { ConnectionReportData };
