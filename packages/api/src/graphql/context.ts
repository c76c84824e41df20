import type { DependencyContainer } from "tsyringe";
import type { ClientInfo } from "../auth/auth-service.ts";
import type { AdminRecord } from "../repositories/admins.ts";
import type { SessionRecord } from "../repositories/sessions.ts";
import type { Actor } from "../services/actor.ts";

/** The logged-in admin behind a request, with the token that proved it. */
export interface RequestSession {
  admin: AdminRecord;
  session: SessionRecord;
  token: string;
}

/** What every resolver gets: the request's child container and who is asking. */
export interface GraphQLContext {
  /** A child of the service container, made for this request. */
  container: DependencyContainer;
  /** Undefined for anonymous requests; only login, setup and `me` run without one. */
  session: RequestSession | undefined;
  client: ClientInfo;
  /** Queues a `Set-Cookie` header on the response (login and logout use it). */
  setCookie(cookie: string): void;
}

/** The acting admin for audit entries; resolvers run behind the session guard. */
export function actorOf(context: GraphQLContext): Actor {
  const admin = context.session?.admin;
  return admin
    ? { adminId: admin.id, username: admin.username }
    : { adminId: null, username: "anonymous" };
}
