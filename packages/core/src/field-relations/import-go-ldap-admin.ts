/**
 * Imports go-ldap-admin's field relations (its `field_relations` table, reference §2.7): entries
 * `{ flag: "<im>_group" | "<im>_user", attributes: { localKey: remotePath } }`.
 *
 * Local keys are go-ldap-admin's model fields; each is translated to the LDAP attribute go-ldap-admin
 * wrote it to (§2.10). Anything the importer cannot translate is an error naming the entry and the
 * key, and anything it translates differently is a note: nothing is dropped silently, because a
 * mapping lost in migration shows up months later as an empty attribute.
 */
import { ConfigError } from "../errors.ts";
import { type GoLdapAdminIm, goLdapAdminDefaultsFor, isGoLdapAdminIm } from "./defaults.ts";
import { parsePath } from "./path.ts";
import type { FieldRelations } from "./types.ts";

export interface GoLdapAdminImport {
  /** Relations per IM flag (`feishu`, not `feishu_user`), both halves filled. */
  relations: Record<string, FieldRelations>;
  /** What was translated differently or left out, and why; lines starting `warning:` need a look. */
  notes: string[];
}

/** The raw ids go-ldap-admin expected per IM; any other mapping broke its matching (§2.7). */
const DEFAULT_ID_FIELDS: Record<GoLdapAdminIm, Record<string, string>> = {
  feishu: {
    sourceDeptId: "open_department_id",
    sourceDeptParentId: "parent_department_id",
    sourceUserId: "user_id",
    sourceUnionId: "union_id",
  },
  dingtalk: {
    sourceDeptId: "id",
    sourceDeptParentId: "parentid",
    sourceUserId: "userid",
    sourceUnionId: "unionid",
  },
  wecom: {
    sourceDeptId: "id",
    sourceDeptParentId: "parentid",
    sourceUserId: "userid",
    sourceUnionId: "userid",
  },
};

/** What go-ldap-admin did with a remapped id, for the warning. */
const ID_CONSEQUENCES: Record<string, string> = {
  sourceDeptId:
    "users' department_ids were matched against it, so if the id types differ go-ldap-admin left users out of their groups",
  sourceDeptParentId:
    "groups were nested by it, so if the id types differ go-ldap-admin could not find parents",
  sourceUserId:
    "DingTalk and WeCom departures were matched on it, so they may not have been applied",
  sourceUnionId: "Feishu departures were matched on it, so they may not have been applied",
};

const GROUP_KEYS = new Set(["groupName", "remark", "sourceDeptId", "sourceDeptParentId"]);
const USER_KEYS = new Set([
  "username",
  "nickname",
  "givenName",
  "mail",
  "jobNumber",
  "mobile",
  "avatar",
  "postalAddress",
  "position",
  "introduction",
  "sourceUserId",
  "sourceUnionId",
]);

/** An expression without its braces: a path (`email`) or a pipeline (`name | pinyin`). */
interface Inner {
  text: string;
  isPath: boolean;
}

const asExpression = (inner: Inner): string => (inner.isPath ? inner.text : `{{ ${inner.text} }}`);
const withDefaultEmail = (inner: Inner): string => `{{ ${inner.text} | default: default_email }}`;

interface Entry {
  index: number;
  flag: string;
  im: string;
  half: "group" | "user";
  attributes: Record<string, unknown>;
}

/**
 * Translates go-ldap-admin's field relations. Accepts an array of entries, a single entry, a JSON
 * string of either, or go-ldap-admin's API envelope (`{ code, data: [...] }`).
 * Throws `ConfigError` for malformed input, unknown local keys and untranslatable paths.
 */
export function importGoLdapAdminFieldRelations(input: unknown): GoLdapAdminImport {
  const problems: { path: string; message: string }[] = [];
  const notes: string[] = [];
  const entries = readEntries(input, problems);

  const byIm = new Map<string, { group?: Entry; user?: Entry }>();
  for (const entry of entries) {
    const halves = byIm.get(entry.im) ?? {};
    const previous = halves[entry.half];
    if (previous !== undefined) {
      problems.push({
        path: `[${entry.index}].flag`,
        message: `entry ${entry.index}: flag "${entry.flag}" already appeared in entry ${previous.index}; keep one of them`,
      });
      continue;
    }
    halves[entry.half] = entry;
    byIm.set(entry.im, halves);
  }

  const relations: Record<string, FieldRelations> = {};
  for (const [im, halves] of byIm) {
    const base: GoLdapAdminIm = isGoLdapAdminIm(im) ? im : "feishu";
    const defaults = goLdapAdminDefaultsFor(base);
    if (!isGoLdapAdminIm(im)) {
      notes.push(
        `${im}: not an IM go-ldap-admin shipped (feishu, dingtalk, wecom); Feishu's defaults and id fields were assumed`,
      );
    }
    let group = defaults.group;
    if (halves.group === undefined) {
      notes.push(`${im}: no ${im}_group entry; group relations are ${base}'s defaults`);
    } else {
      group = translateGroup(halves.group, base, problems, notes);
    }
    let user = defaults.user;
    if (halves.user === undefined) {
      notes.push(`${im}: no ${im}_user entry; user relations are ${base}'s defaults`);
    } else {
      user = translateUser(halves.user, base, problems, notes);
    }
    relations[im] = { group, user };
  }

  if (problems.length > 0) {
    throw new ConfigError(
      problems.map((problem) => `field relations import: ${problem.message}`).join("\n"),
      problems,
    );
  }
  return { relations, notes };
}

function readEntries(input: unknown, problems: { path: string; message: string }[]): Entry[] {
  let value = input;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new ConfigError(
        `field relations import: the input is not valid JSON (${(error as Error).message}); paste go-ldap-admin's field relations export as is`,
        [{ path: "", message: "not valid JSON" }],
        { cause: error },
      );
    }
  }
  if (isRecord(value) && !("flag" in value) && Array.isArray(value.data)) value = value.data;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (!Array.isArray(value) && !isRecord(value)) {
    throw new ConfigError(
      `field relations import: expected a list of { flag, attributes } entries, got ${describe(value)}`,
      [{ path: "", message: "expected a list of entries" }],
    );
  }
  if (list.length === 0) {
    throw new ConfigError(
      "field relations import: the list is empty; export go-ldap-admin's field relations first",
      [{ path: "", message: "empty list" }],
    );
  }
  const entries: Entry[] = [];
  list.forEach((raw, index) => {
    if (!isRecord(raw)) {
      problems.push({
        path: `[${index}]`,
        message: `entry ${index}: expected { flag, attributes }, got ${describe(raw)}`,
      });
      return;
    }
    const { flag } = raw;
    const match = typeof flag === "string" ? /^(.+)_(group|user)$/.exec(flag) : null;
    if (typeof flag !== "string" || match === null) {
      problems.push({
        path: `[${index}].flag`,
        message: `entry ${index}: flag must be "<im>_group" or "<im>_user" (e.g. "feishu_user"), got ${describe(flag)}`,
      });
      return;
    }
    let attributes: unknown = raw.attributes;
    if (typeof attributes === "string") {
      try {
        attributes = JSON.parse(attributes);
      } catch {
        // Reported below as "not an object".
      }
    }
    if (!isRecord(attributes)) {
      problems.push({
        path: `[${index}].attributes`,
        message: `entry ${index} (${flag}): attributes must be an object of local key → remote field, got ${describe(raw.attributes)}`,
      });
      return;
    }
    entries.push({
      index,
      flag,
      im: match[1] as string,
      half: match[2] as "group" | "user",
      attributes,
    });
  });
  return entries;
}

/** Translates go-ldap-admin's remote side, or records why it cannot be. */
function remote(
  entry: Entry,
  key: string,
  value: unknown,
  usage: "username" | "text",
  problems: { path: string; message: string }[],
): Inner | undefined {
  const where = `entry ${entry.index} (${entry.flag}) key "${key}"`;
  const path = `[${entry.index}].attributes.${key}`;
  if (typeof value !== "string" || value.trim() === "") {
    problems.push({
      path,
      message: `${where}: the remote field must be a field name, got ${describe(value)}`,
    });
    return undefined;
  }
  switch (value) {
    case "custom_name_pinyin":
      // go-ldap-admin's computed pinyin of `name`. For usernames, the first character is read as
      // a surname (曾 → zeng, go-pinyin said ceng).
      return {
        text: usage === "username" ? 'name | pinyin: "name"' : "name | pinyin",
        isPath: false,
      };
    case "custom_nickname_email":
      return { text: "email | localpart", isPath: false };
    case "custom_nickname_enterprise_email":
      return { text: "enterprise_email | localpart", isPath: false };
  }
  const parsed = parsePath(value);
  if (!parsed.ok) {
    problems.push({
      path,
      message: `${where}: "${value}" is not a field path orgsync understands (${parsed.problem.message} at column ${parsed.problem.position}); rewrite it as a path or template after import`,
    });
    return undefined;
  }
  return { text: value, isPath: true };
}

function unknownKey(
  entry: Entry,
  key: string,
  known: ReadonlySet<string>,
  problems: { path: string; message: string }[],
): void {
  problems.push({
    path: `[${entry.index}].attributes.${key}`,
    message: `entry ${entry.index} (${entry.flag}): unknown local key "${key}"; go-ldap-admin accepts ${[...known].join(", ")}`,
  });
}

function noteIdField(
  entry: Entry,
  base: GoLdapAdminIm,
  key: string,
  value: unknown,
  kind: string,
  notes: string[],
): void {
  notes.push(
    `${entry.flag}.${key}: not needed; orgsync identifies ${kind} by the IM's immutable id (the anchor), not by a mapped field`,
  );
  const expected = DEFAULT_ID_FIELDS[base]?.[key];
  if (expected !== undefined && value !== expected) {
    notes.push(
      `warning: ${entry.flag}.${key} was mapped to ${JSON.stringify(value)}, not ${base}'s default "${expected}": ${ID_CONSEQUENCES[key] ?? ""}. orgsync uses the IM's ids and will set memberships from the org chart`,
    );
  }
}

function translateGroup(
  entry: Entry,
  base: GoLdapAdminIm,
  problems: { path: string; message: string }[],
  notes: string[],
): FieldRelations["group"] {
  const group: FieldRelations["group"] = { name: "", attributes: {} };
  for (const [key, value] of Object.entries(entry.attributes)) {
    switch (key) {
      case "groupName": {
        const inner = remote(entry, key, value, "text", problems);
        if (inner !== undefined) group.name = asExpression(inner);
        if (value === "custom_name_pinyin") {
          notes.push(
            `${entry.flag}.groupName: pinyin now reads polyphonic characters in context (银行 → yinhang; go-ldap-admin took the first reading, yinxing); preview a sync before applying it to an existing directory`,
          );
        }
        break;
      }
      case "remark": {
        const inner = remote(entry, key, value, "text", problems);
        if (inner !== undefined) group.attributes.description = asExpression(inner);
        break;
      }
      case "sourceDeptId":
      case "sourceDeptParentId":
        noteIdField(entry, base, key, value, "departments", notes);
        break;
      default:
        unknownKey(entry, key, GROUP_KEYS, problems);
    }
  }
  if (group.name === "" && !("groupName" in entry.attributes)) {
    group.name = goLdapAdminDefaultsFor(base).group.name;
    notes.push(`${entry.flag}: no groupName; the group name is ${group.name}`);
  }
  return group;
}

function translateUser(
  entry: Entry,
  base: GoLdapAdminIm,
  problems: { path: string; message: string }[],
  notes: string[],
): FieldRelations["user"] {
  const mapped = new Map<string, Inner>();
  for (const [key, value] of Object.entries(entry.attributes)) {
    if (!USER_KEYS.has(key)) {
      unknownKey(entry, key, USER_KEYS, problems);
      continue;
    }
    if (key === "sourceUserId" || key === "sourceUnionId") {
      noteIdField(entry, base, key, value, "users", notes);
      continue;
    }
    if (key === "avatar") {
      notes.push(
        `${entry.flag}.avatar: not written to LDAP (go-ldap-admin kept the avatar in its SQL database only)`,
      );
      continue;
    }
    const inner = remote(entry, key, value, key === "username" ? "username" : "text", problems);
    if (inner !== undefined) mapped.set(key, inner);
  }

  const attributes: Record<string, string> = { cn: "{{ username }}" };
  const user: FieldRelations["user"] = { username: [], attributes };
  const username = mapped.get("username");
  if (username !== undefined) {
    user.username = [asExpression(username)];
  } else if (!("username" in entry.attributes)) {
    user.username = [...goLdapAdminDefaultsFor(base).user.username];
    notes.push(
      `${entry.flag}: no username mapping (go-ldap-admin requires one); usernames are ${user.username[0]}`,
    );
  }
  if (username?.text.startsWith("name | pinyin")) {
    notes.push(
      `${entry.flag}.username: pinyin now reads the first character as a surname and polyphonic characters in context (曾小明 → zengxiaoming, go-ldap-admin said cengxiaoming); preview a sync before applying it to an existing directory`,
    );
  }

  const nickname = mapped.get("nickname");
  if (nickname !== undefined) {
    // UserService.Add wrote the nickname to both sn and displayName.
    attributes.sn = asExpression(nickname);
    attributes.displayName = asExpression(nickname);
  } else {
    // inetOrgPerson requires sn; go-ldap-admin filled an empty nickname with "佚名".
    attributes.sn = "{{ username }}";
    notes.push(
      `${entry.flag}: no nickname mapping; sn (required by inetOrgPerson) is the username`,
    );
  }
  // CommonAddUser filled an empty givenName and introduction with the nickname.
  const givenName = mapped.get("givenName") ?? nickname;
  if (givenName !== undefined) attributes.givenName = asExpression(givenName);
  const mail = mapped.get("mail");
  if (mail !== undefined) {
    attributes.mail = withDefaultEmail(mail);
  } else {
    // CommonAddUser filled an empty mail with username@default-email-suffix.
    attributes.mail = "default_email";
    notes.push(
      `${entry.flag}: no mail mapping; mail is <username>@<defaultEmailSuffix> when the suffix is configured`,
    );
  }
  const direct: [string, string][] = [
    ["mobile", "mobile"],
    ["jobNumber", "employeeNumber"],
    ["position", "departmentNumber"],
    ["postalAddress", "postalAddress"],
  ];
  for (const [key, attribute] of direct) {
    const inner = mapped.get(key);
    if (inner !== undefined) attributes[attribute] = asExpression(inner);
  }
  const introduction = mapped.get("introduction") ?? nickname;
  if (introduction !== undefined) attributes.description = asExpression(introduction);
  return user;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
