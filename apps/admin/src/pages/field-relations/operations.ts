import { ValidationIssuesFields } from "../../graphql/fragments.ts";
import { graphql, type ResultOf } from "../../graphql/graphql.ts";

/**
 * The field relations page's GraphQL documents. Fragments below are the selections several of
 * them share (stored relations, a saved version of each kind).
 */

/** One kind's relations, as stored, saved or shipped as defaults. */
const GroupRelationsFields = graphql(`
  fragment GroupRelationsFields on GroupRelations {
    name
    attributes {
      attribute
      expression
    }
  }
`);

const UserRelationsFields = graphql(`
  fragment UserRelationsFields on UserRelations {
    username
    attributes {
      attribute
      expression
    }
  }
`);

/** A saved version of one kind: what a save answers, and what the load, a reset and an import show. */
const GroupRelationsVersionFields = graphql(
  `
  fragment GroupRelationsVersionFields on GroupRelationsVersion {
    version
    updatedAt
    updatedBy
    relations {
      ...GroupRelationsFields
    }
  }
`,
  [GroupRelationsFields],
);

const UserRelationsVersionFields = graphql(
  `
  fragment UserRelationsVersionFields on UserRelationsVersion {
    version
    updatedAt
    updatedBy
    relations {
      ...UserRelationsFields
    }
  }
`,
  [UserRelationsFields],
);

/** Both kinds' stored versions (`null` until saved). */
const StoredRelationsFields = graphql(
  `
  fragment StoredRelationsFields on ProviderFieldRelations {
    group {
      ...GroupRelationsVersionFields
    }
    user {
      ...UserRelationsVersionFields
    }
  }
`,
  [GroupRelationsVersionFields, UserRelationsVersionFields],
);

/** A source field the palette offers. */
const SourceFieldFields = graphql(`
  fragment SourceFieldFields on SourceField {
    path
    label
    type
    description
    example
  }
`);

export const FieldRelationsLoadQuery = graphql(
  `
  query FieldRelationsLoad($providerId: ID!) {
    fieldRelations(providerId: $providerId) {
      __typename
      ... on ProviderFieldRelations {
        providerId
        ...StoredRelationsFields
        defaults {
          group {
            ...GroupRelationsFields
          }
          user {
            ...UserRelationsFields
          }
        }
        fields {
          group {
            ...SourceFieldFields
          }
          user {
            ...SourceFieldFields
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`,
  [StoredRelationsFields, GroupRelationsFields, UserRelationsFields, SourceFieldFields],
);

export type LoadResult = ResultOf<typeof FieldRelationsLoadQuery>["fieldRelations"];
export type ProviderFieldRelations = Extract<LoadResult, { __typename: "ProviderFieldRelations" }>;
export type SourceField = ProviderFieldRelations["fields"]["group"][number];

export const FieldRelationsPreviewQuery = graphql(
  `
  query FieldRelationsPreview($providerId: ID!, $draft: FieldRelationSetInput, $sample: Int) {
    previewFieldRelations(providerId: $providerId, draft: $draft, sample: $sample) {
      __typename
      ... on FieldRelationPreview {
        groupRelationsFrom
        userRelationsFrom
        note
        groups {
          sourceId
          sourceName
          name
          dn
          attributes {
            attribute
            values
          }
          problems
        }
        users {
          sourceId
          sourceName
          username
          dn
          attributes {
            attribute
            values
          }
          problems
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

export type PreviewResult = ResultOf<typeof FieldRelationsPreviewQuery>["previewFieldRelations"];
export type FieldRelationPreview = Extract<PreviewResult, { __typename: "FieldRelationPreview" }>;

export const FieldRelationsSaveGroupMutation = graphql(
  `
  mutation FieldRelationsSaveGroup(
    $providerId: ID!
    $relations: GroupRelationsInput!
    $expectedVersion: Int
  ) {
    setGroupRelations(
      providerId: $providerId
      relations: $relations
      expectedVersion: $expectedVersion
    ) {
      __typename
      ...GroupRelationsVersionFields
      ...ValidationIssuesFields
      ... on Error {
        message
      }
    }
  }
`,
  [GroupRelationsVersionFields, ValidationIssuesFields],
);

export const FieldRelationsSaveUserMutation = graphql(
  `
  mutation FieldRelationsSaveUser(
    $providerId: ID!
    $relations: UserRelationsInput!
    $expectedVersion: Int
  ) {
    setUserRelations(providerId: $providerId, relations: $relations, expectedVersion: $expectedVersion) {
      __typename
      ...UserRelationsVersionFields
      ...ValidationIssuesFields
      ... on Error {
        message
      }
    }
  }
`,
  [UserRelationsVersionFields, ValidationIssuesFields],
);

export const FieldRelationsResetMutation = graphql(
  `
  mutation FieldRelationsReset($providerId: ID!, $kind: FieldRelationKindOrBoth!) {
    resetFieldRelations(providerId: $providerId, kind: $kind) {
      __typename
      ...StoredRelationsFields
      ... on Error {
        message
      }
    }
  }
`,
  [StoredRelationsFields],
);

export const FieldRelationsImportMutation = graphql(
  `
  mutation FieldRelationsImport($providerId: ID!, $json: JSON!) {
    importGoLdapAdminFieldRelations(providerId: $providerId, json: $json) {
      __typename
      ... on ImportFieldRelationsPayload {
        notes
        relations {
          ...StoredRelationsFields
        }
      }
      ...ValidationIssuesFields
      ... on Error {
        message
      }
    }
  }
`,
  [StoredRelationsFields, ValidationIssuesFields],
);

/** A saved version of one kind, as every document above selects it. */
export interface SavedVersion<R> {
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  relations: R;
}

/**
 * Queries that show stored relations and must refresh after a save, a reset or an import: this
 * page's and the set-up checklist's "field relations configured" step.
 */
export const RELATIONS_QUERIES = ["FieldRelationsLoad", "SetupChecklistRelations"] as const;
