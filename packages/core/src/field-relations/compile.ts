/**
 * Validates a provider's field relations and compiles them into evaluators.
 *
 * Validation runs when relations are saved and before every run: it collects every problem in
 * one `FieldRelationError`, so an admin fixes them in one pass instead of one per save.
 */
import { ConfigError } from "../errors.ts";
import type { Attributes } from "../model/directory.ts";
import type { SourceDepartment, SourceUser } from "../model/source.ts";
import type { FieldDescriptor, FieldDescriptors } from "../provider/provider.ts";
import { compileTemplate, type TextEvaluator } from "./evaluate.ts";
import { FILTERS, type FilterEnvironment } from "./filters.ts";
import { parsePath } from "./path.ts";
import { createPinyinConverter } from "./pinyin.ts";
import { type Scope, type ScopeReader, scopeReader, textReader } from "./scope.ts";
import { closestMatch } from "./suggest.ts";
import { type HeadNode, isTemplate, parseTemplate, TemplateSyntaxError } from "./template.ts";
import type { FieldRelationOptions, FieldRelations } from "./types.ts";
import { isBlank, toAttributeValues } from "./value.ts";

/** One problem in a relation set. */
export interface FieldRelationIssue {
  /** Which relation: `group.name`, `user.username[1]`, `user.attributes.mail`, `options.defaultEmailSuffix`. */
  relation: string;
  /** 0-based column in the expression, or `null` when the problem is not at one place. */
  position: number | null;
  /** What is wrong and how to fix it. */
  message: string;
  /** Same as `relation`: lets `ConfigError` consumers show issues without knowing this class. */
  path: string;
}

/** Field relations are invalid; `issues` lists every problem found. */
export class FieldRelationError extends ConfigError {
  override name = "FieldRelationError";
  declare readonly issues: readonly FieldRelationIssue[];

  constructor(issues: readonly FieldRelationIssue[], options?: ErrorOptions) {
    super(
      issues.map((issue) => `field relations: ${formatIssue(issue)}`).join("\n"),
      issues,
      options,
    );
  }
}

/** `user.attributes.mail at column 9: unknown filter "lowr"; …` */
export function formatIssue(
  issue: Pick<FieldRelationIssue, "relation" | "position" | "message">,
): string {
  const where =
    issue.position === null ? issue.relation : `${issue.relation} at column ${issue.position}`;
  return `${where}: ${issue.message}`;
}

export interface CompileFieldRelationsOptions extends FieldRelationOptions {
  /**
   * The provider's described fields (`plugin.describeFields()`). When given, every path must start
   * with a described field or a built-in, which catches typos (`emial`) when relations are saved.
   * Default: not checked (any field name is accepted and resolves to nothing if absent).
   * Example: `{ fields: feishuPlugin.describeFields() }`.
   */
  fields?: FieldDescriptors;
}

export interface CompiledFieldRelations {
  /** The group's name (its RDN value); `""` when the expression yields nothing for this department. */
  groupName(department: SourceDepartment): string;
  /** The group's mapped attributes; an attribute without a value has no key. */
  groupAttributes(department: SourceDepartment): Attributes;
  /** The username candidates in order, blank ones left out; `username`/`default_email` are not set yet. */
  usernameCandidates(user: SourceUser): string[];
  /** The user's mapped attributes, with `username` and `default_email` available. */
  userAttributes(user: SourceUser, identity: { username: string }): Attributes;
}

/**
 * The fields every relation may use besides the provider's raw record. They override raw keys of
 * the same name, so `name` and `id` mean the same thing for every IM.
 */
export const BUILTIN_FIELDS: FieldDescriptors = {
  group: [
    {
      path: "id",
      label: "Department id",
      type: "string",
      description: "The IM's immutable department id.",
    },
    {
      path: "name",
      label: "Name",
      type: "string",
      description: "The department's name.",
      example: "研发中心",
    },
    {
      path: "parent_id",
      label: "Parent id",
      type: "string",
      description: "The parent department's id; the IM's root id at top level.",
    },
    { path: "order", label: "Order", type: "number", description: "Sort order among siblings." },
  ],
  user: [
    { path: "id", label: "User id", type: "string", description: "The IM's immutable user id." },
    {
      path: "name",
      label: "Name",
      type: "string",
      description: "The person's display name.",
      example: "张伟",
    },
    {
      path: "username",
      label: "Username",
      type: "string",
      description: "The allocated username (attributes only; not in username candidates).",
      example: "zhangwei",
    },
    {
      path: "default_email",
      label: "Default email",
      type: "string",
      description:
        "<username>@<defaultEmailSuffix>, when the suffix is configured (attributes only).",
      example: "zhangwei@example.com",
    },
    {
      path: "status",
      label: "Status",
      type: "string",
      description: "active, frozen, resigned or notJoined. Shadows the IM's own `status` record.",
    },
    {
      path: "department_ids",
      label: "Department ids",
      type: "string[]",
      description: "Every department the person belongs to.",
    },
  ],
};

/** Built-ins that only exist once a username is allocated, so username candidates cannot use them. */
const USERNAME_DEPENDENT = new Set(["username", "default_email"]);

/** Attributes other parts of orgsync own; mapping them would fight the target on every run. */
const RESERVED_ATTRIBUTES: Record<"group" | "user", Record<string, string>> = {
  group: {
    objectclass: "objectClass is set by the directory layout profile",
    uniquemember: "memberships come from the org chart, not from field relations",
    member: "memberships come from the org chart, not from field relations",
  },
  user: {
    uid: "uid is the username (the entry's RDN, uid=<username>); set the username candidates in user.username instead",
    objectclass: "objectClass is set by the directory layout profile",
    userpassword: "passwords are set by the password policy, not by field relations",
  },
};

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

type Kind = "group" | "user";

/** A compiled expression: its value as text (names, usernames) and as attribute values. */
interface CompiledExpression {
  text: TextEvaluator;
  values: (scope: Scope) => string[];
}

interface Context {
  issues: FieldRelationIssue[];
  /** Per kind, because each kind has its own built-ins. */
  readers: Record<Kind, ScopeReader>;
  envs: Record<Kind, FilterEnvironment>;
  /** Field heads a path may start with, per kind; absent when fields are not checked. */
  knownHeads: Record<Kind, string[]> | undefined;
}

/**
 * Validates `relations` and compiles them. Throws `FieldRelationError` listing every problem.
 *
 * @example
 * const compiled = compileFieldRelations(plugin.defaultFieldRelations, {
 *   defaultEmailSuffix: "example.com",
 *   fields: plugin.describeFields(),
 * });
 * compiled.usernameCandidates(user); // ["zhangwei"]
 */
export function compileFieldRelations(
  relations: FieldRelations,
  options: CompileFieldRelationsOptions = {},
): CompiledFieldRelations {
  const issues: FieldRelationIssue[] = [];
  const overrides = checkOverrides(options.pinyinOverrides, issues);
  const suffix = checkSuffix(options.defaultEmailSuffix, issues);
  const pinyin = createPinyinConverter(overrides);
  const readers: Record<Kind, ScopeReader> = {
    group: scopeReader(BUILTIN_FIELDS.group.map((field) => field.path)),
    user: scopeReader(BUILTIN_FIELDS.user.map((field) => field.path)),
  };
  const context: Context = {
    issues,
    readers,
    envs: {
      group: { pinyin, readPath: textReader(readers.group) },
      user: { pinyin, readPath: textReader(readers.user) },
    },
    knownHeads: options.fields === undefined ? undefined : knownHeads(options.fields),
  };

  const group = isRecord(relations) && isRecord(relations.group) ? relations.group : undefined;
  const user = isRecord(relations) && isRecord(relations.user) ? relations.user : undefined;
  if (group === undefined)
    issue(issues, "group", null, "group relations are missing: give at least { name, attributes }");
  if (user === undefined)
    issue(
      issues,
      "user",
      null,
      "user relations are missing: give at least { username, attributes }",
    );

  let groupName: CompiledExpression | undefined;
  if (group !== undefined) {
    if (typeof group.name !== "string" || group.name.trim() === "") {
      issue(
        issues,
        "group.name",
        null,
        'the group name is required (it is the group\'s RDN), e.g. "{{ name | pinyin }}"',
      );
    } else {
      groupName = compileExpressionString(context, "group", "group.name", group.name);
    }
  }
  const groupAttributes =
    group === undefined ? [] : compileAttributes(context, "group", group.attributes);

  const candidates: CompiledExpression[] = [];
  if (user !== undefined) {
    const username: unknown = user.username;
    if (!Array.isArray(username) || username.length === 0) {
      issue(
        issues,
        "user.username",
        null,
        'at least one username candidate is required, e.g. ["{{ name | pinyin: \\"name\\" }}"]',
      );
    } else {
      username.forEach((expression: unknown, index) => {
        const relation = `user.username[${index}]`;
        const compiled = compileExpressionString(
          context,
          "user",
          relation,
          expression,
          USERNAME_DEPENDENT,
        );
        if (compiled !== undefined) candidates.push(compiled);
      });
    }
  }
  const userAttributes =
    user === undefined ? [] : compileAttributes(context, "user", user.attributes);

  // No issues means the group name compiled; the second test only narrows the type.
  if (issues.length > 0 || groupName === undefined) throw new FieldRelationError(issues);

  const nameText = groupName.text;
  return {
    groupName(department) {
      const name = nameText(groupScope(department));
      return name === undefined || isBlank(name) ? "" : name;
    },
    groupAttributes(department) {
      return evaluateAttributes(groupAttributes, groupScope(department));
    },
    usernameCandidates(person) {
      const scope = userScope(person, undefined, undefined);
      const out: string[] = [];
      for (const candidate of candidates) {
        const value = candidate.text(scope);
        if (!isBlank(value)) out.push(value);
      }
      return out;
    },
    userAttributes(person, identity) {
      return evaluateAttributes(userAttributes, userScope(person, identity.username, suffix));
    },
  };
}

/** Built-ins must match BUILTIN_FIELDS: the readers route those names here, the rest to `raw`. */
function groupScope(department: SourceDepartment): Scope {
  return {
    builtins: {
      id: department.id,
      name: department.name,
      parent_id: department.parentId,
      order: department.order,
    },
    raw: department.raw,
  };
}

function userScope(
  person: SourceUser,
  username: string | undefined,
  suffix: string | undefined,
): Scope {
  return {
    builtins: {
      id: person.id,
      name: person.name,
      // Present even when undefined: a raw key of the same name must not stand in for them.
      username,
      default_email:
        username !== undefined && suffix !== undefined ? `${username}@${suffix}` : undefined,
      status: person.status,
      department_ids: person.departmentIds,
    },
    raw: person.raw,
  };
}

function evaluateAttributes(
  attributes: readonly [string, CompiledExpression][],
  scope: Scope,
): Attributes {
  const out: Attributes = {};
  for (const [name, expression] of attributes) {
    const values = expression.values(scope);
    if (values.length > 0) out[name] = values;
  }
  return out;
}

function compileAttributes(
  context: Context,
  kind: Kind,
  attributes: unknown,
): [string, CompiledExpression][] {
  const compiled: [string, CompiledExpression][] = [];
  if (!isRecord(attributes)) {
    issue(
      context.issues,
      `${kind}.attributes`,
      null,
      'attributes must be an object of attribute name → expression, e.g. { description: "name" }',
    );
    return compiled;
  }
  const seen = new Map<string, string>();
  for (const [name, expression] of Object.entries(attributes)) {
    const relation = `${kind}.attributes.${name}`;
    if (!ATTRIBUTE_NAME.test(name)) {
      issue(
        context.issues,
        relation,
        null,
        `"${name}" is not an LDAP attribute name; use letters, digits and "-", starting with a letter (e.g. employeeNumber)`,
      );
      continue;
    }
    const lower = name.toLowerCase();
    const reserved = RESERVED_ATTRIBUTES[kind][lower];
    if (reserved !== undefined) {
      issue(context.issues, relation, null, `"${name}" cannot be mapped: ${reserved}`);
      continue;
    }
    const first = seen.get(lower);
    if (first !== undefined) {
      issue(
        context.issues,
        relation,
        null,
        `"${name}" duplicates "${first}" (LDAP attribute names are case-insensitive); keep one of them`,
      );
      continue;
    }
    seen.set(lower, name);
    const result = compileExpressionString(context, kind, relation, expression);
    if (result !== undefined) compiled.push([name, result]);
  }
  return compiled;
}

/** Compiles one expression, recording its problems; `undefined` when it has any. */
function compileExpressionString(
  context: Context,
  kind: Kind,
  relation: string,
  expression: unknown,
  forbidden: ReadonlySet<string> = new Set(),
): CompiledExpression | undefined {
  const { issues } = context;
  if (typeof expression !== "string") {
    issue(
      issues,
      relation,
      null,
      `the expression must be text (a field path or a template), got ${describeType(expression)}`,
    );
    return undefined;
  }
  if (expression.trim() === "") {
    issue(
      issues,
      relation,
      null,
      'the expression is empty; write a field path (e.g. email) or a template (e.g. "{{ name | pinyin }}")',
    );
    return undefined;
  }
  const before = issues.length;
  if (isTemplate(expression)) {
    let ast: ReturnType<typeof parseTemplate>;
    try {
      ast = parseTemplate(expression, FILTERS);
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      issue(issues, relation, error.position, error.detail);
      return undefined;
    }
    for (const head of templatePaths(ast))
      checkHead(context, kind, relation, head.path, head.position, forbidden);
    if (issues.length > before) return undefined;
    const text = compileTemplate(ast, context.envs[kind], FILTERS);
    return {
      text,
      values: (scope) => {
        const value = text(scope);
        return isBlank(value) ? [] : [value];
      },
    };
  }
  const parsed = parsePath(expression);
  if (!parsed.ok) {
    issue(issues, relation, parsed.problem.position, parsed.problem.message);
    return undefined;
  }
  checkHead(context, kind, relation, parsed.path.path, 0, forbidden);
  if (issues.length > before) return undefined;
  const read = context.readers[kind](parsed.path.segments);
  return {
    text: context.envs[kind].readPath(parsed.path.segments),
    values: (scope) => toAttributeValues(read(scope)),
  };
}

/** Every path in a template: heads and path arguments of filters. */
function* templatePaths(
  ast: ReturnType<typeof parseTemplate>,
): Generator<{ path: string; position: number }> {
  for (const part of ast.parts) {
    if (part.kind !== "expression") continue;
    const head: HeadNode = part.expression.head;
    if (head.kind === "path") yield head;
    for (const call of part.expression.filters) {
      for (const arg of call.args) if (arg.kind === "path") yield arg;
    }
  }
}

function checkHead(
  context: Context,
  kind: Kind,
  relation: string,
  path: string,
  position: number,
  forbidden: ReadonlySet<string>,
): void {
  const head = path.split(".", 1)[0] ?? path;
  if (forbidden.has(head)) {
    issue(
      context.issues,
      relation,
      position,
      `"${head}" is not available in username candidates: it is derived from the username they produce; use source fields such as name or email`,
    );
    return;
  }
  const known = context.knownHeads?.[kind];
  if (known === undefined || known.includes(head)) return;
  const suggestion = closestMatch(head, known);
  issue(
    context.issues,
    relation,
    position,
    `unknown ${kind} field "${head}"; ${suggestion === undefined ? "" : `did you mean "${suggestion}"? `}Known fields: ${known.join(", ")}`,
  );
}

function knownHeads(fields: FieldDescriptors): Record<Kind, string[]> {
  const heads = (
    described: readonly FieldDescriptor[] | undefined,
    builtins: readonly FieldDescriptor[],
  ) => {
    const set = new Set<string>();
    // Built-ins first: on a tie, "did you mean" prefers them.
    for (const field of [...builtins, ...(described ?? [])])
      set.add(field.path.split(".", 1)[0] ?? field.path);
    return [...set];
  };
  return {
    group: heads(fields.group, BUILTIN_FIELDS.group),
    user: heads(fields.user, BUILTIN_FIELDS.user),
  };
}

function checkOverrides(overrides: unknown, issues: FieldRelationIssue[]): Record<string, string> {
  if (overrides === undefined) return {};
  if (!isRecord(overrides)) {
    issue(
      issues,
      "options.pinyinOverrides",
      null,
      'pinyin overrides must be an object of word → reading, e.g. { "单于": "chanyu" }',
    );
    return {};
  }
  const valid: Record<string, string> = {};
  for (const [word, reading] of Object.entries(overrides)) {
    const relation = `options.pinyinOverrides.${word}`;
    if (word === "") {
      issue(
        issues,
        "options.pinyinOverrides",
        null,
        "a pinyin override has an empty word; remove it",
      );
    } else if (typeof reading !== "string" || reading.trim() === "") {
      issue(
        issues,
        relation,
        null,
        `the reading of "${word}" must be non-empty text, e.g. "chanyu"`,
      );
    } else {
      valid[word] = reading;
    }
  }
  return valid;
}

function checkSuffix(suffix: unknown, issues: FieldRelationIssue[]): string | undefined {
  if (suffix === undefined) return undefined;
  const relation = "options.defaultEmailSuffix";
  if (typeof suffix !== "string" || suffix.trim() === "") {
    issue(
      issues,
      relation,
      null,
      'the default email suffix must be a domain, e.g. "example.com"; leave it unset for no default email',
    );
    return undefined;
  }
  if (suffix.startsWith("@")) {
    issue(issues, relation, 0, `write the domain without "@": "${suffix.slice(1)}"`);
    return undefined;
  }
  if (/[\s@]/.test(suffix)) {
    issue(
      issues,
      relation,
      suffix.search(/[\s@]/),
      `"${suffix}" is not a domain: it contains "@" or whitespace`,
    );
    return undefined;
  }
  return suffix;
}

function issue(
  issues: FieldRelationIssue[],
  relation: string,
  position: number | null,
  message: string,
): void {
  issues.push({ relation, position, message, path: relation });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
