import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import {
  buildSchema,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  parse,
  type SelectionSetNode,
  validate,
} from "graphql";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import schemaText from "../../../../packages/api/schema.graphql?raw";
import { type Locale, LocaleProvider } from "../i18n/locale.tsx";
import { CurrentProviderProvider } from "../shell/current-provider.tsx";

/**
 * Component tests render a page with the app's providers and answer its GraphQL operations from
 * a table keyed by operation name. The real service is exercised by the e2e suite; here only the
 * page's own behaviour is under test.
 */

/** The service's printed schema: every document a test sends is validated against it. */
const schema = buildSchema(schemaText);

/** Documents the schema refused during the current test; setup.ts fails the test on any. */
export const invalidDocuments: string[] = [];

/** The service's depth limit (`DEFAULT_GRAPHQL_LIMITS.maxDepth` in packages/api), in fields. */
const SERVICE_MAX_DEPTH = 10;

/** Nesting of fields, fragments flattened, as the service's depth limit counts it. */
function fieldDepth(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const depthOf = (selectionSet: SelectionSetNode | undefined): number => {
    let deepest = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet));
      } else {
        deepest = Math.max(deepest, depthOf(fragments.get(selection.name.value)?.selectionSet));
      }
    }
    return deepest;
  };
  return Math.max(
    0,
    ...document.definitions.map((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION ? depthOf(definition.selectionSet) : 0,
    ),
  );
}

function validateAgainstSchema(query: string): string[] {
  try {
    const document = parse(query);
    const errors = validate(schema, document).map((error) => error.message);
    const depth = fieldDepth(document);
    if (depth > SERVICE_MAX_DEPTH) {
      errors.push(
        `nested ${depth} fields deep; the service refuses more than ${SERVICE_MAX_DEPTH}`,
      );
    }
    return errors;
  } catch (error) {
    return [(error as Error).message];
  }
}

export type Responder = (variables: Record<string, unknown>) => unknown;

export interface GraphQLCall {
  operationName: string;
  variables: Record<string, unknown>;
}

export const DEFAULT_PROVIDER = {
  id: "1",
  name: "Acme Feishu",
  kind: "feishu",
  flag: "feishu",
  enabled: true,
};

/** Installs a fetch that answers `/graphql` from `responders`; returns the calls it saw. */
export function answerGraphQL(responders: Record<string, unknown | Responder>): GraphQLCall[] {
  const calls: GraphQLCall[] = [];
  const table: Record<string, unknown | Responder> = {
    ProvidersList: { providers: [DEFAULT_PROVIDER] },
    ...responders,
  };
  vi.stubGlobal(
    "fetch",
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as {
        query: string;
        variables: Record<string, unknown>;
      };
      const operationName = /(?:query|mutation|subscription)\s+(\w+)/.exec(body.query)?.[1] ?? "";
      calls.push({ operationName, variables: body.variables });
      // Answer an invalid document as the service would, and fail the test (setup.ts): stubbed
      // answers must never hide a query the real schema refuses.
      const errors = validateAgainstSchema(body.query);
      if (errors.length > 0) {
        invalidDocuments.push(`${operationName}: ${errors.join("; ")}`);
        return Response.json({ errors: errors.map((message) => ({ message })) }, { status: 400 });
      }
      const responder = table[operationName];
      if (responder === undefined) {
        return Response.json(
          { errors: [{ message: `test: no answer for ${operationName}` }] },
          { status: 200 },
        );
      }
      const data =
        typeof responder === "function"
          ? await (responder as Responder)(body.variables)
          : responder;
      return Response.json({ data });
    }),
  );
  return calls;
}

export function renderPage(
  ui: ReactElement,
  { locale = "en", route = "/" }: { locale?: Locale; route?: string } = {},
) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return render(
    <LocaleProvider initial={locale}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[route]}>
          <CurrentProviderProvider>{ui}</CurrentProviderProvider>
        </MemoryRouter>
      </QueryClientProvider>
    </LocaleProvider>,
  );
}
