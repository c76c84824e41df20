import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { buildSchema, parse, validate } from "graphql";
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

function validateAgainstSchema(query: string): string[] {
  try {
    return validate(schema, parse(query)).map((error) => error.message);
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
