import {
  type GroupDraft,
  type GroupRelations,
  groupDraftOf,
  type Issue,
  type LocalProblem,
  NO_ISSUES,
  type PlacedIssues,
  type Target,
  type UserDraft,
  type UserRelations,
  userDraftOf,
  withoutTargets,
} from "./draft.ts";
import type { FieldRelationsText } from "./messages.ts";
import type { SavedVersion } from "./operations.ts";

/** What the last action on a kind said: shown at the top of its editor. */
export type Feedback =
  | { type: "saved"; version: number }
  | { type: "reset"; version: number }
  | { type: "reloaded" }
  | { type: "local"; count: number }
  | { type: "invalid"; general: Issue[] }
  | { type: "conflict" }
  | { type: "failed"; message: string };

/** One kind's editor: the stored version, what it started from, and what the admin typed. */
export interface KindState<D, R> {
  /** The stored version; `null` before the first save. */
  saved: SavedVersion<R> | null;
  /** What "unsaved changes" compares with: the stored relations, else the defaults. */
  baseline: R;
  draft: D;
  /** The service's issues from the last save, by row. */
  issues: PlacedIssues;
  /** Inputs the admin has left: their local problems show from then on. */
  touched: ReadonlySet<Target>;
  /** After a save attempt every local problem shows, touched or not. */
  showAll: boolean;
  feedback: Feedback | null;
}

export type GroupState = KindState<GroupDraft, GroupRelations>;
export type UserState = KindState<UserDraft, UserRelations>;

function fresh<D, R>(
  saved: SavedVersion<R> | null,
  baseline: R,
  draft: D,
  feedback: Feedback | null = null,
): KindState<D, R> {
  return {
    saved,
    baseline,
    draft,
    issues: NO_ISSUES,
    touched: new Set(),
    showAll: false,
    feedback,
  };
}

export function groupState(
  saved: SavedVersion<GroupRelations> | null,
  defaults: GroupRelations,
  feedback: Feedback | null = null,
): GroupState {
  const baseline = saved?.relations ?? defaults;
  return fresh(saved, baseline, groupDraftOf(baseline), feedback);
}

export function userState(
  saved: SavedVersion<UserRelations> | null,
  defaults: UserRelations,
  feedback: Feedback | null = null,
): UserState {
  const baseline = saved?.relations ?? defaults;
  return fresh(saved, baseline, userDraftOf(baseline), feedback);
}

/** Feedback about a finished action goes stale with the next edit; warnings stay. */
const LASTS_PAST_EDITS: ReadonlySet<Feedback["type"]> = new Set(["conflict", "invalid", "failed"]);

/** The state after an edit of the draft that touched `changed`. */
export function edited<D, R>(
  state: KindState<D, R>,
  draft: D,
  changed: readonly Target[],
): KindState<D, R> {
  return {
    ...state,
    draft,
    issues: withoutTargets(state.issues, changed),
    feedback: state.feedback && LASTS_PAST_EDITS.has(state.feedback.type) ? state.feedback : null,
  };
}

export function touched<D, R>(state: KindState<D, R>, target: Target): KindState<D, R> {
  if (state.touched.has(target)) return state;
  return { ...state, touched: new Set([...state.touched, target]) };
}

/** A local problem in the admin's language. */
export function localProblemText(t: FieldRelationsText, problem: LocalProblem): string {
  const name = problem.attribute ?? "";
  switch (problem.code) {
    case "attributeInvalid":
      return t.attributeInvalid(name);
    case "attributeDuplicate":
      return t.attributeDuplicate(name);
    case "attributeReserved":
      switch (name.toLowerCase()) {
        case "uid":
          return t.reservedUid;
        case "objectclass":
          return t.reservedObjectClass;
        case "userpassword":
          return t.reservedPassword;
        default:
          return t.reservedMember(name);
      }
    default:
      return t[problem.code];
  }
}

/**
 * The problems to show at `target`: local ones once the input was left (or a save was tried;
 * an empty candidate list at once), then the service's from the last save and the preview.
 */
export function problemsAt(
  state: KindState<unknown, unknown>,
  local: readonly LocalProblem[],
  previewIssues: PlacedIssues,
  t: FieldRelationsText,
  target: Target,
): string[] {
  const messages = local
    .filter(
      (problem) =>
        problem.target === target &&
        (state.showAll || state.touched.has(target) || problem.code === "usernameEmpty"),
    )
    .map((problem) => localProblemText(t, problem));
  messages.push(
    ...(state.issues.byTarget[target] ?? []),
    ...(previewIssues.byTarget[target] ?? []),
  );
  return [...new Set(messages)];
}
