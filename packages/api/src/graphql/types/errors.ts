import { ConfigError, SafetyError } from "@orgsync/core";
import {
  ConflictError,
  DirectoryNotConfiguredError,
  IllegalRunTransitionError,
  InvalidCredentialsError,
  NotFoundError,
  RunAlreadyActiveError,
  TooManyLoginAttemptsError,
} from "../../errors.ts";
import { builder } from "../builder.ts";

/**
 * The errors clients must handle, as GraphQL types: a mutation's result is a union of its
 * payload and these, so a client switches on `__typename` instead of parsing messages.
 * Anything else is unexpected and masked by yoga ("Unexpected error.").
 */
export const ErrorInterface = builder.interfaceRef<Error>("Error").implement({
  description: "What every typed error has: a message that says what is wrong and how to fix it.",
  fields: (t) => ({ message: t.exposeString("message") }),
});

const Issue = builder.objectRef<{ path: string; message: string }>("Issue").implement({
  description: "One invalid input field: `path` names it (`appId`, `user.attributes.mail`).",
  fields: (t) => ({ path: t.exposeString("path"), message: t.exposeString("message") }),
});

builder.objectType(ConfigError, {
  name: "ValidationError",
  description: "Input was invalid; `issues` name each field and what to enter instead.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    issues: t.field({ type: [Issue], resolve: (error) => error.issues ?? [] }),
  }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  interfaces: [ErrorInterface],
  fields: (t) => ({ entity: t.exposeString("entity"), id: t.exposeString("id") }),
});

builder.objectType(RunAlreadyActiveError, {
  name: "RunAlreadyActiveError",
  description: "The provider has a run in progress; one run per provider at a time.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    providerId: t.exposeString("providerId"),
    activeRunId: t.exposeString("activeRunId", { nullable: true }),
  }),
});

builder.objectType(ConflictError, {
  name: "ConflictError",
  description: "The change collides with existing state (a flag or username taken).",
  interfaces: [ErrorInterface],
});

builder.objectType(SafetyError, {
  name: "SafetyError",
  description:
    "A sync was refused by a safety rule: `fieldRelationsMissing`, `groupsNotSynced`, `emptySource`…",
  interfaces: [ErrorInterface],
  fields: (t) => ({ rule: t.exposeString("rule") }),
});

builder.objectType(DirectoryNotConfiguredError, {
  name: "DirectoryNotConfiguredError",
  interfaces: [ErrorInterface],
});

builder.objectType(IllegalRunTransitionError, {
  name: "RunStateError",
  description: "The run is not in a state that allows this (approving a finished run).",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    runId: t.exposeString("runId"),
    status: t.exposeString("from"),
  }),
});

builder.objectType(InvalidCredentialsError, {
  name: "InvalidCredentialsError",
  interfaces: [ErrorInterface],
});

builder.objectType(TooManyLoginAttemptsError, {
  name: "TooManyLoginAttemptsError",
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt("retryAfterSeconds") }),
});
