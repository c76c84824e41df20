import { graphql, type ResultOf } from "../../graphql/graphql.ts";

/**
 * The field relations page's GraphQL documents. Selections are spelled out in each document
 * (no named fragments: gql.tada would mask them), so each result type reads directly.
 */

export const FieldRelationsLoadQuery = graphql(`
  query FieldRelationsLoad($providerId: ID!) {
    fieldRelations(providerId: $providerId) {
      __typename
      ... on ProviderFieldRelations {
        providerId
        group {
          version
          updatedAt
          updatedBy
          relations {
            name
            attributes {
              attribute
              expression
            }
          }
        }
        user {
          version
          updatedAt
          updatedBy
          relations {
            username
            attributes {
              attribute
              expression
            }
          }
        }
        defaults {
          group {
            name
            attributes {
              attribute
              expression
            }
          }
          user {
            username
            attributes {
              attribute
              expression
            }
          }
        }
        fields {
          group {
            path
            label
            type
            description
            example
          }
          user {
            path
            label
            type
            description
            example
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export type LoadResult = ResultOf<typeof FieldRelationsLoadQuery>["fieldRelations"];
export type ProviderFieldRelations = Extract<LoadResult, { __typename: "ProviderFieldRelations" }>;
export type SourceField = ProviderFieldRelations["fields"]["group"][number];

export const FieldRelationsPreviewQuery = graphql(`
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

export type PreviewResult = ResultOf<typeof FieldRelationsPreviewQuery>["previewFieldRelations"];
export type FieldRelationPreview = Extract<PreviewResult, { __typename: "FieldRelationPreview" }>;

export const FieldRelationsSaveGroupMutation = graphql(`
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
      ... on GroupRelationsVersion {
        version
        updatedAt
        updatedBy
        relations {
          name
          attributes {
            attribute
            expression
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

export const FieldRelationsSaveUserMutation = graphql(`
  mutation FieldRelationsSaveUser(
    $providerId: ID!
    $relations: UserRelationsInput!
    $expectedVersion: Int
  ) {
    setUserRelations(providerId: $providerId, relations: $relations, expectedVersion: $expectedVersion) {
      __typename
      ... on UserRelationsVersion {
        version
        updatedAt
        updatedBy
        relations {
          username
          attributes {
            attribute
            expression
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

export const FieldRelationsResetMutation = graphql(`
  mutation FieldRelationsReset($providerId: ID!, $kind: FieldRelationKindOrBoth!) {
    resetFieldRelations(providerId: $providerId, kind: $kind) {
      __typename
      ... on ProviderFieldRelations {
        group {
          version
          updatedAt
          updatedBy
          relations {
            name
            attributes {
              attribute
              expression
            }
          }
        }
        user {
          version
          updatedAt
          updatedBy
          relations {
            username
            attributes {
              attribute
              expression
            }
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const FieldRelationsImportMutation = graphql(`
  mutation FieldRelationsImport($providerId: ID!, $json: JSON!) {
    importGoLdapAdminFieldRelations(providerId: $providerId, json: $json) {
      __typename
      ... on ImportFieldRelationsPayload {
        notes
        relations {
          group {
            version
            updatedAt
            updatedBy
            relations {
              name
              attributes {
                attribute
                expression
              }
            }
          }
          user {
            version
            updatedAt
            updatedBy
            relations {
              username
              attributes {
                attribute
                expression
              }
            }
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
