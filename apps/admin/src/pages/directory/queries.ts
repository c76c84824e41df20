import { useInfiniteQuery } from "@tanstack/react-query";
import { request } from "../../graphql/client.ts";
import { ValidationIssuesFields } from "../../graphql/fragments.ts";
import { graphql, type ResultOf } from "../../graphql/graphql.ts";
import { operationName } from "../../graphql/hooks.ts";

/**
 * The directory page's operations. One level of the managed tree (a group, its child groups and
 * its members) is one `directoryTree` call; the tree and the group panel share its pages, so
 * loading more members in the panel and more child groups in the tree is the same request.
 */

/** A group as a tree row and the group panel show it. */
const DirectoryGroupRowFields = graphql(`
  fragment DirectoryGroupRowFields on DirectoryGroup {
    dn
    name
    description
    anchor
    childCount
    memberCount
  }
`);

/** A user as the member list and the search results show it. */
const DirectoryUserRowFields = graphql(`
  fragment DirectoryUserRowFields on DirectoryUser {
    dn
    username
    displayName
    mail
    disabled
    anchor
  }
`);

export const DirectoryTreeLevelQuery = graphql(
  `
  query DirectoryTreeLevel($providerId: ID!, $parentDn: String, $first: Int, $after: String) {
    directoryTree(providerId: $providerId, parentDn: $parentDn, first: $first, after: $after) {
      __typename
      ... on DirectoryBrowse {
        exists
        isRoot
        hasNextPage
        endCursor
        parent {
          ...DirectoryGroupRowFields
          parentDn
        }
        groups {
          totalCount
          hasNextPage
          nodes {
            ...DirectoryGroupRowFields
          }
        }
        users {
          totalCount
          hasNextPage
          nodes {
            ...DirectoryUserRowFields
          }
        }
      }
      ...ValidationIssuesFields
      ... on DirectoryUnavailableError {
        reason
        url
      }
      ... on Error {
        message
      }
    }
  }
`,
  [DirectoryGroupRowFields, DirectoryUserRowFields, ValidationIssuesFields],
);

export const DirectoryUserSearchQuery = graphql(
  `
  query DirectoryUserSearch($providerId: ID!, $query: String!, $first: Int) {
    directoryUsers(providerId: $providerId, query: $query, first: $first) {
      __typename
      ... on DirectoryUserSearch {
        totalCount
        nodes {
          ...DirectoryUserRowFields
        }
      }
      ...ValidationIssuesFields
      ... on DirectoryUnavailableError {
        reason
        url
      }
      ... on Error {
        message
      }
    }
  }
`,
  [DirectoryUserRowFields, ValidationIssuesFields],
);

export const DirectoryEntryDetailsQuery = graphql(
  `
  query DirectoryEntryDetails($providerId: ID!, $dn: String!) {
    directoryEntry(providerId: $providerId, dn: $dn) {
      __typename
      ... on DirectoryEntry {
        dn
        kind
        anchor
        managed
        disabled
        objectClasses
        attributes {
          attribute
          values
        }
        secretAttributes
        binaryAttributes
        uuid
        createdAt
        modifiedAt
      }
      ...ValidationIssuesFields
      ... on DirectoryUnavailableError {
        reason
        url
      }
      ... on Error {
        message
      }
    }
  }
`,
  [ValidationIssuesFields],
);

type TreeResult = ResultOf<typeof DirectoryTreeLevelQuery>["directoryTree"];
export type DirectoryLevel = Extract<TreeResult, { __typename: "DirectoryBrowse" }>;
export type DirectoryLevelProblem = Exclude<TreeResult, { __typename: "DirectoryBrowse" }>;
export type DirectoryGroupRow = DirectoryLevel["groups"]["nodes"][number];
export type DirectoryUserRow = DirectoryLevel["users"]["nodes"][number];
export type DirectoryEntryResult = ResultOf<typeof DirectoryEntryDetailsQuery>["directoryEntry"];
export type DirectoryEntryView = Extract<DirectoryEntryResult, { __typename: "DirectoryEntry" }>;
/** The directory could not be read (unreachable, bind refused…): any of the three queries. */
export type DirectoryUnavailable = Extract<TreeResult, { __typename: "DirectoryUnavailableError" }>;

/** Children and members come 100 at a time; "Load more" asks for the next 100 of both. */
export const LEVEL_PAGE_SIZE = 100;
/** Search results shown at most; the count says when there are more. */
export const SEARCH_LIMIT = 50;

/** The group root of the provider: browsing without a `parentDn`. */
export const ROOT = "";

/**
 * Every loaded page of one level, keyed like `useGraphQLQuery` keys (operation name first), so
 * a refresh invalidates it by name. `parentDn` is `ROOT` for the provider's group root.
 */
export function useDirectoryLevel(providerId: string, parentDn: string) {
  const variables = {
    providerId,
    ...(parentDn === ROOT ? {} : { parentDn }),
    first: LEVEL_PAGE_SIZE,
  };
  const query = useInfiniteQuery({
    queryKey: [operationName(DirectoryTreeLevelQuery), variables],
    queryFn: ({ pageParam, signal }) =>
      request(
        DirectoryTreeLevelQuery,
        { ...variables, ...(pageParam ? { after: pageParam } : {}) },
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => {
      const level = last.directoryTree;
      return level.__typename === "DirectoryBrowse" && level.hasNextPage
        ? (level.endCursor ?? null)
        : null;
    },
  });
  const results = query.data?.pages.map((page) => page.directoryTree) ?? [];
  const first = results[0];
  const problem = first && first.__typename !== "DirectoryBrowse" ? first : undefined;
  const levels = results.filter(
    (result): result is DirectoryLevel => result.__typename === "DirectoryBrowse",
  );
  const last = levels.at(-1);
  return {
    query,
    /** The first page (the parent and the totals), once loaded and not refused. */
    level: problem ? undefined : levels[0],
    problem,
    groups: levels.flatMap((level) => level.groups.nodes),
    users: levels.flatMap((level) => level.users.nodes),
    moreGroups: last?.groups.hasNextPage ?? false,
    moreUsers: last?.users.hasNextPage ?? false,
  };
}
