import { ConfigError } from "@orgsync/core";
import { Tokens } from "../../container/tokens.ts";
import { ConflictError, InvalidCredentialsError, TooManyLoginAttemptsError } from "../../errors.ts";
import type { AdminRecord } from "../../repositories/admins.ts";
import { builder } from "../builder.ts";
import type { GraphQLContext } from "../context.ts";
import { clearSessionCookie, sessionCookie } from "../session-cookie.ts";

export const AdminRef = builder.objectRef<AdminRecord>("Admin").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    username: t.exposeString("username"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    lastLoginAt: t.expose("lastLoginAt", { type: "DateTime", nullable: true }),
  }),
});

interface LoginPayload {
  token: string;
  admin: AdminRecord;
  expiresAt: Date;
}

const LoginPayloadRef = builder.objectRef<LoginPayload>("LoginPayload").implement({
  description:
    "A new session. Browsers also get it as an HttpOnly cookie; scripts send `Authorization: Bearer <token>`.",
  fields: (t) => ({
    token: t.exposeString("token"),
    admin: t.field({ type: AdminRef, resolve: (payload) => payload.admin }),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
  }),
});

const auth = (context: GraphQLContext) => context.container.resolve(Tokens.AuthService);

function started(
  context: GraphQLContext,
  result: { token: string; admin: AdminRecord; session: { expiresAt: Date } },
) {
  context.setCookie(sessionCookie(result.token, result.session.expiresAt));
  return { token: result.token, admin: result.admin, expiresAt: result.session.expiresAt };
}

builder.queryFields((t) => ({
  me: t.field({
    type: AdminRef,
    nullable: true,
    description: "The logged-in admin, or null.",
    resolve: (_root, _args, context) => context.session?.admin ?? null,
  }),
  setupRequired: t.boolean({
    description: "True until the first admin exists: show the first-run setup.",
    resolve: (_root, _args, context) => auth(context).setupRequired(),
  }),
}));

builder.mutationFields((t) => ({
  setup: t.field({
    type: LoginPayloadRef,
    description: "First-run setup: creates the first admin and logs in. Refused once one exists.",
    errors: { types: [ConfigError, ConflictError] },
    args: {
      username: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: async (_root, args, context) =>
      started(context, await auth(context).setup(args.username, args.password, context.client)),
  }),
  login: t.field({
    type: LoginPayloadRef,
    errors: { types: [InvalidCredentialsError, TooManyLoginAttemptsError] },
    args: {
      username: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: async (_root, args, context) =>
      started(context, await auth(context).login(args.username, args.password, context.client)),
  }),
  logout: t.boolean({
    description: "Ends this session (the token stops working at once).",
    resolve: async (_root, _args, context) => {
      if (context.session) await auth(context).logout(context.session.token);
      context.setCookie(clearSessionCookie());
      return true;
    },
  }),
}));
