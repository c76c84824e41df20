import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { DependencyContainer } from "tsyringe";
import type { GraphQLLimits } from "../container/service-config.ts";
import { Tokens } from "../container/tokens.ts";
import type { ServiceLogger } from "../logging/logger.ts";
import type { GraphQLContext } from "./context.ts";
import { useRequireSession } from "./require-session.ts";
import { graphqlSchema } from "./schema.ts";
import { tokenFromRequest } from "./session-cookie.ts";

export interface GraphQLHandlerOptions {
  container: DependencyContainer;
  logger: ServiceLogger;
  limits: GraphQLLimits;
  /** @default "/graphql" */
  endpoint?: string;
}

/** What the node adapter passes along with each request. */
interface ServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

export type OrgsyncYoga = YogaServerInstance<ServerContext, GraphQLContext>;

/**
 * The GraphQL endpoint: POST/GET on `/graphql`, subscriptions over server-sent events on the
 * same path. Unexpected errors are masked (logged with their stack, answered with
 * "Unexpected error."); typed errors are part of each field's result union.
 */
export function createGraphQLHandler(options: GraphQLHandlerOptions): OrgsyncYoga {
  const { container, logger, limits } = options;
  const auth = container.resolve(Tokens.AuthService);
  const pendingCookies = new WeakMap<Request, string[]>();
  const log = logger.child({ component: "graphql" });

  return createYoga<ServerContext, GraphQLContext>({
    schema: graphqlSchema(),
    graphqlEndpoint: options.endpoint ?? "/graphql",
    landingPage: false,
    graphiql: false,
    // The largest honest request, a go-ldap-admin config.yml to import, is tens of kilobytes;
    // yoga's default (25 MB) would let anyone make the service parse a 20 MB string.
    maxRequestBodySize: 2 * 1024 * 1024,
    logging: {
      debug: (...args) => log.debug({ args }, "yoga"),
      info: (...args) => log.info({ args }, "yoga"),
      warn: (...args) => log.warn({ args }, "yoga"),
      error: (...args) => log.error({ err: args[0] }, "graphql: unexpected error"),
    },
    async context({ request, req }) {
      const token = tokenFromRequest(request.headers);
      const verified = await auth.authenticate(token);
      const cookies: string[] = [];
      pendingCookies.set(request, cookies);
      const ip = req?.socket?.remoteAddress;
      const userAgent = request.headers.get("user-agent") ?? undefined;
      const requestContainer = container.createChildContainer();
      const context: GraphQLContext = {
        container: requestContainer,
        session: verified && token ? { ...verified, token } : undefined,
        client: { ...(ip ? { ip } : {}), ...(userAgent ? { userAgent } : {}) },
        setCookie: (cookie) => cookies.push(cookie),
      };
      requestContainer.register(Tokens.RequestContext, { useValue: context });
      return context;
    },
    plugins: [
      // Depth counts fields: a fragment (a union's `... on X`, a shared selection) adds none,
      // so clients may factor their queries without hitting the limit.
      maxDepthPlugin({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true }),
      costLimitPlugin({ maxCost: limits.maxCost, ignoreIntrospection: true }),
      maxTokensPlugin({ n: limits.maxTokens }),
      maxAliasesPlugin({ n: limits.maxAliases }),
      useRequireSession(),
      {
        onResponse({ request, response }) {
          for (const cookie of pendingCookies.get(request) ?? []) {
            response.headers.append("set-cookie", cookie);
          }
        },
      },
    ],
  });
}
