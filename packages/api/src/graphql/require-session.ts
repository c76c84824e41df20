import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  getOperationAST,
  Kind,
  type SelectionSetNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import type { GraphQLContext } from "./context.ts";

/** Root fields anyone may call: everything else needs a session. */
export const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set([
  "login",
  "setup",
  "setupRequired",
  "me",
  "logout",
  "__typename",
]);

/** The root field names an operation selects, through fragments. */
function rootFields(document: DocumentNode, operationName: string | null | undefined): string[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const names: string[] = [];
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return names;
}

export const notAuthenticated = () =>
  new GraphQLError("auth: not logged in, or the session expired; log in again", {
    extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
  });

/**
 * Deny by default: an anonymous operation that selects anything but the public root fields is
 * refused before a resolver runs — introspection included. A new field is protected without
 * anyone remembering to protect it.
 */
export function useRequireSession(): Plugin<GraphQLContext> {
  const guard = (args: {
    document: DocumentNode;
    operationName?: string | null;
    contextValue: GraphQLContext;
  }) =>
    args.contextValue.session === undefined &&
    rootFields(args.document, args.operationName).some((name) => !PUBLIC_ROOT_FIELDS.has(name));

  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (guard(args)) setResultAndStopExecution({ errors: [notAuthenticated()] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      if (guard(args)) setResultAndStopExecution({ errors: [notAuthenticated()] });
    },
  };
}
