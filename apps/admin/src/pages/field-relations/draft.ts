/**
 * The editor's model of one provider's field relations: what the admin is typing (rows with
 * stable keys, so React keeps focus while rows move), how it becomes the API's input, what is
 * obviously wrong before anything is sent, and where the service's issues belong.
 */

export type Kind = "group" | "user";

export interface AttributeRelation {
  attribute: string;
  expression: string;
}

/** The API's shapes (`GroupRelationsInput`, `UserRelationsInput`, and what queries return). */
export interface GroupRelations {
  name: string;
  attributes: AttributeRelation[];
}
export interface UserRelations {
  username: string[];
  attributes: AttributeRelation[];
}
/** A draft of both kinds, as `previewFieldRelations(draft:)` takes it. */
export interface RelationSet {
  group: GroupRelations;
  user: UserRelations;
}

export interface AttributeRow extends AttributeRelation {
  key: string;
}
export interface CandidateRow {
  key: string;
  expression: string;
}
export interface GroupDraft {
  name: string;
  attributes: AttributeRow[];
}
export interface UserDraft {
  username: CandidateRow[];
  attributes: AttributeRow[];
}

let lastKey = 0;
export function newKey(): string {
  lastKey += 1;
  return `row-${lastKey}`;
}

export const emptyAttributeRow = (): AttributeRow => ({
  key: newKey(),
  attribute: "",
  expression: "",
});
export const emptyCandidate = (): CandidateRow => ({ key: newKey(), expression: "" });

const rowsOf = (attributes: readonly AttributeRelation[]): AttributeRow[] =>
  attributes.map(({ attribute, expression }) => ({ key: newKey(), attribute, expression }));

export function groupDraftOf(relations: GroupRelations): GroupDraft {
  return { name: relations.name, attributes: rowsOf(relations.attributes) };
}

export function userDraftOf(relations: UserRelations): UserDraft {
  return {
    username: relations.username.map((expression) => ({ key: newKey(), expression })),
    attributes: rowsOf(relations.attributes),
  };
}

/** Attribute names are trimmed (the service does the same); expressions are sent as typed. */
const inputRows = (rows: readonly AttributeRow[]): AttributeRelation[] =>
  rows.map(({ attribute, expression }) => ({ attribute: attribute.trim(), expression }));

export function groupInputOf(draft: GroupDraft): GroupRelations {
  return { name: draft.name, attributes: inputRows(draft.attributes) };
}

export function userInputOf(draft: UserDraft): UserRelations {
  return {
    username: draft.username.map((candidate) => candidate.expression),
    attributes: inputRows(draft.attributes),
  };
}

/** Whether the draft differs from what is stored (or, before the first save, from the defaults). */
export function groupChanged(draft: GroupDraft, baseline: GroupRelations): boolean {
  return JSON.stringify(groupInputOf(draft)) !== JSON.stringify(normalised(baseline));
}

export function userChanged(draft: UserDraft, baseline: UserRelations): boolean {
  return JSON.stringify(userInputOf(draft)) !== JSON.stringify(normalisedUser(baseline));
}

const normalised = (relations: GroupRelations): GroupRelations => ({
  name: relations.name,
  attributes: relations.attributes.map(({ attribute, expression }) => ({
    attribute: attribute.trim(),
    expression,
  })),
});

const normalisedUser = (relations: UserRelations): UserRelations => ({
  username: [...relations.username],
  attributes: relations.attributes.map(({ attribute, expression }) => ({
    attribute: attribute.trim(),
    expression,
  })),
});

/**
 * Where a problem is shown. `name` and `username` are the group name and the candidate list;
 * `candidate:<key>`, `attribute:<key>` and `expression:<key>` one input; `row:<key>` a whole
 * attribute row (the service's issues name a relation, not one of its two inputs).
 */
export type Target = string;
export const targets = {
  name: "name",
  username: "username",
  candidate: (key: string) => `candidate:${key}`,
  attribute: (key: string) => `attribute:${key}`,
  expression: (key: string) => `expression:${key}`,
  row: (key: string) => `row:${key}`,
};

/** What the page finds wrong by itself; the page words each code in the admin's language. */
export type LocalProblemCode =
  | "nameRequired"
  | "usernameEmpty"
  | "candidateRequired"
  | "attributeRequired"
  | "attributeInvalid"
  | "attributeDuplicate"
  | "attributeReserved"
  | "expressionRequired";

export interface LocalProblem {
  target: Target;
  code: LocalProblemCode;
  /** The attribute concerned (duplicates, reserved names). */
  attribute?: string;
}

/** LDAP attribute names: a letter, then letters, digits and hyphens (RFC 4512 `keystring`). */
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

/**
 * Attributes other parts of orgsync write, by lower-cased name. Mapping one is refused by the
 * service too; catching it here saves a round trip and explains it before the admin saves.
 */
export const RESERVED_ATTRIBUTES: Record<Kind, ReadonlySet<string>> = {
  group: new Set(["objectclass", "uniquemember", "member"]),
  user: new Set(["uid", "objectclass", "userpassword"]),
};

function attributeProblems(kind: Kind, rows: readonly AttributeRow[]): LocalProblem[] {
  const problems: LocalProblem[] = [];
  const seen = new Map<string, string>();
  for (const row of rows) {
    const name = row.attribute.trim();
    const attribute = targets.attribute(row.key);
    if (name === "") {
      problems.push({ target: attribute, code: "attributeRequired" });
    } else if (!ATTRIBUTE_NAME.test(name)) {
      problems.push({ target: attribute, code: "attributeInvalid", attribute: name });
    } else if (RESERVED_ATTRIBUTES[kind].has(name.toLowerCase())) {
      problems.push({ target: attribute, code: "attributeReserved", attribute: name });
    } else {
      // LDAP attribute names are case-insensitive: `mail` and `Mail` are one attribute.
      const first = seen.get(name.toLowerCase());
      if (first !== undefined) {
        problems.push({ target: attribute, code: "attributeDuplicate", attribute: first });
      } else {
        seen.set(name.toLowerCase(), name);
      }
    }
    if (row.expression.trim() === "") {
      problems.push({ target: targets.expression(row.key), code: "expressionRequired" });
    }
  }
  return problems;
}

export function groupProblems(draft: GroupDraft): LocalProblem[] {
  const problems: LocalProblem[] = [];
  if (draft.name.trim() === "") problems.push({ target: targets.name, code: "nameRequired" });
  problems.push(...attributeProblems("group", draft.attributes));
  return problems;
}

export function userProblems(draft: UserDraft): LocalProblem[] {
  const problems: LocalProblem[] = [];
  if (draft.username.length === 0) {
    problems.push({ target: targets.username, code: "usernameEmpty" });
  }
  for (const candidate of draft.username) {
    if (candidate.expression.trim() === "") {
      problems.push({ target: targets.candidate(candidate.key), code: "candidateRequired" });
    }
  }
  problems.push(...attributeProblems("user", draft.attributes));
  return problems;
}

export interface Issue {
  path: string;
  message: string;
}

/** The service's issues sorted by where they go: next to a row, or above the editor. */
export interface PlacedIssues {
  byTarget: Record<Target, string[]>;
  /** Issues of this kind that name no row (`user.attributes`, a row that is gone). */
  general: Issue[];
}

export const NO_ISSUES: PlacedIssues = { byTarget: {}, general: [] };

/**
 * The row an issue's `path` names: `group.name`, `user.username[1]`, `user.attributes.mail`, or
 * `user.attributes.2` (the service names a duplicate by its position in the list sent).
 */
export function targetOfIssue(
  kind: Kind,
  path: string,
  draft: GroupDraft | UserDraft,
): Target | undefined {
  const prefix = `${kind}.`;
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length);
  if (kind === "group" && rest === "name") return targets.name;
  if ("username" in draft) {
    if (rest === "username") return targets.username;
    const candidate = /^username\[(\d+)\]$/.exec(rest);
    if (candidate) {
      const row = draft.username[Number(candidate[1])];
      return row ? targets.candidate(row.key) : targets.username;
    }
  }
  const attribute = /^attributes\.(.+)$/.exec(rest)?.[1];
  if (attribute === undefined) return undefined;
  const rows = draft.attributes;
  const row = /^\d+$/.test(attribute)
    ? rows[Number(attribute)]
    : (rows.find((candidate) => candidate.attribute.trim() === attribute) ??
      rows.find(
        (candidate) => candidate.attribute.trim().toLowerCase() === attribute.toLowerCase(),
      ));
  return row ? targets.row(row.key) : undefined;
}

/** Places the issues of `kind`; issues of the other kind are left out (the caller places them). */
export function placeIssues(
  kind: Kind,
  issues: readonly Issue[],
  draft: GroupDraft | UserDraft,
): PlacedIssues {
  const byTarget: Record<Target, string[]> = {};
  const general: Issue[] = [];
  for (const issue of issues) {
    if (issue.path !== kind && !issue.path.startsWith(`${kind}.`)) continue;
    const target = targetOfIssue(kind, issue.path, draft);
    if (target === undefined) {
      general.push(issue);
    } else {
      const list = byTarget[target] ?? [];
      if (!list.includes(issue.message)) list.push(issue.message);
      byTarget[target] = list;
    }
  }
  return { byTarget, general };
}

/** Issues that belong to neither kind (`sample`, `options.defaultEmailSuffix`, `(input)`). */
export function otherIssues(issues: readonly Issue[]): Issue[] {
  const ofKind = (issue: Issue, kind: Kind) =>
    issue.path === kind || issue.path.startsWith(`${kind}.`);
  return issues.filter((issue) => !ofKind(issue, "group") && !ofKind(issue, "user"));
}

/** Drops the issues shown at `changed` once the admin edits it: they described the old text. */
export function withoutTargets(placed: PlacedIssues, changed: readonly Target[]): PlacedIssues {
  if (!changed.some((target) => target in placed.byTarget)) return placed;
  const byTarget = { ...placed.byTarget };
  for (const target of changed) delete byTarget[target];
  return { byTarget, general: placed.general };
}

/** Whether a template (as opposed to a plain source path). */
export const isTemplate = (expression: string): boolean =>
  expression.includes("{{") || expression.includes("}}");

/**
 * `value` with a source field put in: an empty expression or a plain path becomes the field's
 * path (choosing another field replaces the one there); a template gets a `{{ path }}`
 * interpolation at the selection.
 */
export function insertField(
  value: string,
  path: string,
  selection: { start: number; end: number } = { start: value.length, end: value.length },
): { value: string; cursor: number } {
  if (!isTemplate(value)) return { value: path, cursor: path.length };
  const token = `{{ ${path} }}`;
  return {
    value: value.slice(0, selection.start) + token + value.slice(selection.end),
    cursor: selection.start + token.length,
  };
}
