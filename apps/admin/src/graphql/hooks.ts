import {
  type QueryKey,
  type UseQueryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import type { TadaDocumentNode } from "gql.tada";
import { type DocumentNode, Kind } from "graphql";
import { request } from "./client.ts";

/**
 * TanStack Query over `request()`: a query is keyed by its operation name and variables, so a
 * mutation invalidates by operation name (`invalidates: ["Providers"]`).
 */

export function operationName(document: DocumentNode): string {
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) {
      return definition.name.value;
    }
  }
  throw new Error("every document of the admin app needs an operation name");
}

export function useGraphQLQuery<TResult, TVariables>(
  document: TadaDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: Omit<UseQueryOptions<TResult, Error, TResult, QueryKey>, "queryKey" | "queryFn"> = {},
) {
  return useQuery({
    queryKey: [operationName(document), variables],
    queryFn: ({ signal }) => request(document, variables, { signal }),
    ...options,
  });
}

export function useGraphQLMutation<TResult, TVariables>(
  document: TadaDocumentNode<TResult, TVariables>,
  options: { invalidates?: readonly string[]; onSuccess?: (data: TResult) => void } = {},
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (variables: TVariables) => request(document, variables),
    onSuccess: async (data) => {
      await Promise.all(
        (options.invalidates ?? []).map((name) => client.invalidateQueries({ queryKey: [name] })),
      );
      options.onSuccess?.(data);
    },
  });
}
