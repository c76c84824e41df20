/**
 * A provider plugin's configuration form, derived from its JSON Schema (`ProviderKind.configSchema`,
 * made by `z.toJSONSchema(…, { io: "input" })`). Pure: the schema becomes a list of fields, stored
 * settings become form values, and form values become the `config` the service expects. Rendering
 * lives in `config-fields.tsx`.
 */

/** The subset of JSON Schema the form understands; anything else is shown as JSON. */
export interface JsonSchemaNode {
  type?: string | readonly string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchemaNode>;
  required?: readonly string[];
  items?: JsonSchemaNode;
  anyOf?: readonly JsonSchemaNode[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  writeOnly?: boolean;
}

export type ControlKind =
  | "text"
  | "secret"
  | "number"
  | "integer"
  | "boolean"
  | "enum"
  | "lines"
  | "json";

export interface ConfigField {
  /** Dotted path in the config, as the service's validation issues name it: `retry.maxAttempts`. */
  path: string;
  key: string;
  label: string;
  description?: string;
  control: ControlKind;
  required: boolean;
  /** The schema's default: what an empty input means. */
  defaultValue?: unknown;
  options?: readonly string[];
  minimum?: number;
  maximum?: number;
}

/** A nested object (`retry`): its fields under one heading. */
export interface ConfigGroup {
  path: string;
  label: string;
  description?: string;
  fields: ConfigField[];
}

export type ConfigItem = ConfigField | ConfigGroup;

export function isGroup(item: ConfigItem): item is ConfigGroup {
  return "fields" in item;
}

export interface ConfigForm {
  /** What every admin fills in: required fields and optional ones without a default. */
  main: ConfigField[];
  /** Defaults and nested objects: tuning most admins never touch, behind "Advanced". */
  advanced: ConfigItem[];
  /** Every field, nested ones included, in schema order. */
  fields: ConfigField[];
}

/** Values as the inputs hold them: text for text-like inputs, booleans for checkboxes. */
export type FormValues = Record<string, string | boolean>;

const ACRONYMS: Record<string, string> = {
  id: "ID",
  ids: "IDs",
  url: "URL",
  uri: "URI",
  api: "API",
  dn: "DN",
  ldap: "LDAP",
  ip: "IP",
  http: "HTTP",
  https: "HTTPS",
  tls: "TLS",
  json: "JSON",
};

const UNITS: Record<string, string> = { ms: "ms", sec: "s", seconds: "s" };

/** `appId` → "App ID", `timeoutMs` → "Timeout (ms)", `user_id_type` → "User ID type". */
export function humanise(key: string): string {
  const words = key
    .replace(/[_\-.]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .trim()
    .split(/\s+/)
    .map((word) => word.toLowerCase());
  let unit: string | undefined;
  const last = words.at(-1);
  if (words.length > 1 && last !== undefined && UNITS[last]) {
    unit = UNITS[last];
    words.pop();
  }
  const text = words
    .map((word, index) => {
      const acronym = ACRONYMS[word];
      if (acronym) return acronym;
      return index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word;
    })
    .join(" ");
  return unit ? `${text} (${unit})` : text;
}

function typeOf(node: JsonSchemaNode): string | undefined {
  if (Array.isArray(node.type)) return node.type.find((type) => type !== "null");
  if (typeof node.type === "string") return node.type;
  // A string-or-number (an id YAML may type either way, DingTalk's `dept-list` entries): text.
  if (node.anyOf?.some((variant) => typeOf(variant) === "string")) return "string";
  return undefined;
}

function controlOf(node: JsonSchemaNode): ControlKind {
  if (node.writeOnly) return "secret";
  if (Array.isArray(node.enum) && node.enum.every((value) => typeof value === "string")) {
    return "enum";
  }
  switch (typeOf(node)) {
    case "boolean":
      return "boolean";
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "array":
      return node.items && typeOf(node.items) === "string" ? "lines" : "json";
    case "object":
      return "json";
    default:
      // Strings, and what the schema could not describe (`unrepresentable: "any"` gives `{}`):
      // the service validates either way.
      return "text";
  }
}

function fieldOf(key: string, path: string, node: JsonSchemaNode, required: boolean): ConfigField {
  const field: ConfigField = {
    path,
    key,
    label: node.title?.trim() || humanise(key),
    control: controlOf(node),
    required,
  };
  if (node.description) field.description = node.description;
  if (node.default !== undefined) field.defaultValue = node.default;
  if (field.control === "enum") field.options = (node.enum ?? []) as string[];
  if (typeof node.minimum === "number") field.minimum = node.minimum;
  if (typeof node.maximum === "number" && Number.isSafeInteger(node.maximum)) {
    field.maximum = node.maximum;
  }
  return field;
}

function isObjectNode(node: JsonSchemaNode): boolean {
  return typeOf(node) === "object" && node.properties !== undefined;
}

/** The form for a plugin's config schema. */
export function configForm(schema: unknown): ConfigForm {
  const root = (schema ?? {}) as JsonSchemaNode;
  const required = new Set(root.required ?? []);
  const form: ConfigForm = { main: [], advanced: [], fields: [] };
  for (const [key, node] of Object.entries(root.properties ?? {})) {
    if (isObjectNode(node)) {
      const nestedRequired = new Set(node.required ?? []);
      const fields = Object.entries(node.properties ?? {}).map(([childKey, child]) =>
        fieldOf(childKey, `${key}.${childKey}`, child, nestedRequired.has(childKey)),
      );
      const group: ConfigGroup = {
        path: key,
        label: node.title?.trim() || humanise(key),
        fields,
      };
      if (node.description) group.description = node.description;
      form.fields.push(...fields);
      // A nested object is tuning unless it holds something the admin must enter.
      const mustEnter =
        required.has(key) &&
        fields.some((field) => field.required && field.defaultValue === undefined);
      if (mustEnter) form.main.push(...fields);
      else form.advanced.push(group);
      continue;
    }
    const field = fieldOf(key, key, node, required.has(key));
    form.fields.push(field);
    if (field.defaultValue !== undefined && !field.required) form.advanced.push(field);
    else form.main.push(field);
  }
  return form;
}

function readPath(config: Record<string, unknown> | undefined, path: string): unknown {
  let value: unknown = config;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function writePath(config: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let target = config;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (next === null || typeof next !== "object" || Array.isArray(next)) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts.at(-1) as string] = value;
}

function deletePath(config: Record<string, unknown>, path: string): void {
  const parts = path.split(".");
  const parent = readPath(config, parts.slice(0, -1).join("."));
  const owner = parts.length === 1 ? config : parent;
  if (owner !== null && typeof owner === "object") {
    delete (owner as Record<string, unknown>)[parts.at(-1) as string];
  }
}

/** The inputs' first values: the stored settings, secrets always empty (they are write-only). */
export function initialValues(form: ConfigForm, config?: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    const value = readPath(config, field.path);
    switch (field.control) {
      case "secret":
        values[field.path] = "";
        break;
      case "boolean":
        values[field.path] = typeof value === "boolean" ? value : field.defaultValue === true;
        break;
      case "lines":
        values[field.path] = Array.isArray(value) ? value.map(String).join("\n") : "";
        break;
      case "json":
        values[field.path] = value === undefined ? "" : JSON.stringify(value, null, 2);
        break;
      default:
        values[field.path] = value === undefined || value === null ? "" : String(value);
    }
  }
  return values;
}

export interface SecretChoice {
  /** Remove the stored value (editing only; sent as `null`). */
  clear: boolean;
}

export interface BuildResult {
  config: Record<string, unknown>;
  /** Inputs the form itself cannot turn into a value. */
  problems: { path: string; problem: "number" | "integer" | "json" }[];
  /** True when a secret is given or cleared: the config differs even if the rest does not. */
  secretsChanged: boolean;
}

/**
 * The `config` to send. Starts from what is stored (so keys the form does not know survive an
 * edit), then each field: an empty input leaves the key out, which means "use the default" (the
 * service applies defaults on every use, so a better default in a later version reaches this
 * provider). A secret left blank is left out — on an edit that keeps the stored value — and a
 * cleared one is sent as `null`.
 */
export function buildConfig(
  form: ConfigForm,
  values: FormValues,
  options: { stored?: Record<string, unknown>; clear?: Record<string, boolean> } = {},
): BuildResult {
  const config = structuredClone(options.stored ?? {}) as Record<string, unknown>;
  const problems: BuildResult["problems"] = [];
  let secretsChanged = false;
  for (const field of form.fields) {
    const raw = values[field.path];
    const stored = readPath(options.stored, field.path);
    deletePath(config, field.path);
    if (field.control === "boolean") {
      const checked = raw === true;
      const fallback = field.defaultValue === undefined ? undefined : field.defaultValue === true;
      if (stored !== undefined || fallback === undefined || checked !== fallback) {
        writePath(config, field.path, checked);
      }
      continue;
    }
    const text = typeof raw === "string" ? raw : "";
    if (field.control === "secret") {
      if (options.clear?.[field.path]) {
        writePath(config, field.path, null);
        secretsChanged = true;
      } else if (text !== "") {
        writePath(config, field.path, text);
        secretsChanged = true;
      }
      continue;
    }
    const trimmed = text.trim();
    if (field.control === "lines") {
      const lines = trimmed
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "");
      // An emptied list that was stored stays an explicit empty list.
      if (lines.length > 0 || stored !== undefined) writePath(config, field.path, lines);
      continue;
    }
    if (trimmed === "") continue;
    if (field.control === "number" || field.control === "integer") {
      const number = Number(trimmed);
      if (!Number.isFinite(number)) problems.push({ path: field.path, problem: "number" });
      else if (field.control === "integer" && !Number.isInteger(number)) {
        problems.push({ path: field.path, problem: "integer" });
      } else writePath(config, field.path, number);
      continue;
    }
    if (field.control === "json") {
      try {
        writePath(config, field.path, JSON.parse(trimmed));
      } catch {
        problems.push({ path: field.path, problem: "json" });
      }
      continue;
    }
    writePath(config, field.path, trimmed);
  }
  // A nested object the form emptied is left out as a whole: its own default applies.
  for (const field of form.fields) {
    const parent = field.path.split(".").slice(0, -1).join(".");
    if (!parent) continue;
    const value = readPath(config, parent);
    if (value && typeof value === "object" && Object.keys(value).length === 0) {
      deletePath(config, parent);
    }
  }
  return { config, problems, secretsChanged };
}

/**
 * Which form field a validation issue is about. The service names config fields by their path
 * (`appId`, `retry.maxAttempts`, `deptList.2`), sometimes under `config.`; the form's own fields
 * are `name`, `flag`, `syncOptions.updateExisting`. Undefined: show it above the form.
 */
export function issueTarget(issuePath: string, fieldPaths: readonly string[]): string | undefined {
  const path = issuePath.replace(/^config\./, "");
  if (fieldPaths.includes(path)) return path;
  let best: string | undefined;
  for (const candidate of fieldPaths) {
    if (path.startsWith(`${candidate}.`) && (!best || candidate.length > best.length)) {
      best = candidate;
    }
  }
  return best;
}

/** Compares two JSON values by content, key order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
