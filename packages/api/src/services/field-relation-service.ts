import {
  CancelledError,
  type CompiledFieldRelations,
  type CompileFieldRelationsOptions,
  ConfigError,
  compileFieldRelations,
  type FetchOptions,
  type FieldDescriptors,
  FieldRelationError,
  type FieldRelationIssue,
  type FieldRelations,
  importGoLdapAdminFieldRelations,
  type ProviderPlugin,
  type ProviderRegistry,
  type SourceDepartment,
  type SourceUser,
  sanitizeUsername,
  UsernameAllocator,
} from "@orgsync/core";
import {
  attributesAllowed,
  type DirectorySchema,
  type LayoutOptions,
  type ResolvedLayout,
  resolveLayout,
  unknownAttributes,
} from "@orgsync/ldap";
import type { FieldRelationKind } from "../db/schema.ts";
import { NotFoundError } from "../errors.ts";
import type { DirectorySettingsRecord } from "../repositories/directory-settings.ts";
import type { FieldRelationVersion } from "../repositories/field-relations.ts";
import type { Repositories } from "../repositories/index.ts";
import type { ProviderRecord } from "../repositories/providers.ts";
import { openProvider } from "../sync/sync-setup.ts";
import { type Actor, audit } from "./actor.ts";

/** A provider's field relations as the editor loads them. */
export interface ProviderFieldRelations {
  /** The saved group relations, or `null` before the first save (the defaults apply then). */
  group: FieldRelationVersion<"group"> | null;
  user: FieldRelationVersion<"user"> | null;
  /** The plugin's defaults, for "reset" and for a kind not saved yet. */
  defaults: FieldRelations;
  /** Source fields the editor offers. */
  fields: FieldDescriptors;
}

/** What a save of both kinds stored. */
export interface SavedFieldRelations {
  group: FieldRelationVersion<"group">;
  user: FieldRelationVersion<"user">;
}

/** What `reset` stored: the kinds it reset; the other is `null`. */
export interface ResetFieldRelations {
  group: FieldRelationVersion<"group"> | null;
  user: FieldRelationVersion<"user"> | null;
}

export interface ImportedFieldRelations extends SavedFieldRelations {
  /**
   * The importer's notes: what it translated differently or left out, and why; lines starting
   * `warning:` need a look.
   */
  notes: string[];
}

export interface SetFieldRelationsRequestOptions {
  /**
   * Save only if the stored version is still this one (0: none saved yet); a `ConflictError`
   * otherwise, so two admins editing at once do not overwrite each other.
   * @default undefined (always save)
   * @example 3
   */
  expectedVersion?: number;
}

export interface PreviewOptions {
  /**
   * Relations to render: an unsaved draft. Each kind not given comes from storage, else from the
   * plugin's defaults.
   * @default the stored relations
   */
  relations?: FieldRelations;
  /**
   * Departments and users to read from the IM (each, from the start of its listing).
   * @default 5
   * @example 20
   */
  sample?: number;
  /** Aborts the IM reads. */
  signal?: AbortSignal;
}

export interface PreviewGroup {
  sourceId: string;
  sourceName: string;
  /** The group's name (its RDN value) as the relations give it. */
  name: string;
  dn: string;
  attributes: Record<string, string[]>;
  /** What a sync would do differently or complain about for this department. */
  problems: string[];
}

export interface PreviewUser {
  sourceId: string;
  sourceName: string;
  username: string;
  dn: string;
  attributes: Record<string, string[]>;
  problems: string[];
}

export interface FieldRelationPreview {
  groups: PreviewGroup[];
  users: PreviewUser[];
  /** Where each kind's relations came from. */
  relationsFrom: Record<FieldRelationKind, "draft" | "stored" | "defaults">;
  /** Set when the DNs are only illustrative (no directory configured). */
  note?: string;
}

export interface FieldRelationServiceDependencies {
  repositories: Pick<Repositories, "providers" | "fieldRelations" | "directorySettings" | "audit">;
  registry: ProviderRegistry;
  /**
   * The directory's schema, for checking attribute names when relations are saved; `undefined`
   * when no directory is configured or it cannot be reached, and then the check is skipped (the
   * sync reports schema violations per entry instead). Called on every save of relations.
   * @default no schema check
   * @example () => directoryService.schema()
   */
  directorySchema?: () => Promise<DirectorySchema | undefined>;
}

export interface FieldRelationService {
  /** The stored relations, the defaults and the fields. Throws `NotFoundError`. */
  get(providerId: string): Promise<ProviderFieldRelations>;
  /**
   * Validates and saves one kind as a new version. Throws `FieldRelationError` (a `ConfigError`
   * whose issues name each relation: template errors, unknown fields, unknown or disallowed LDAP
   * attributes), `ConflictError` (stale `expectedVersion`) or `NotFoundError`; saves nothing then.
   */
  set<K extends FieldRelationKind>(
    providerId: string,
    kind: K,
    relations: FieldRelations[K],
    actor: Actor,
    options?: SetFieldRelationsRequestOptions,
  ): Promise<FieldRelationVersion<K>>;
  /** Saves the plugin's defaults as a new version of one kind or both. */
  reset(
    providerId: string,
    kind: FieldRelationKind | "both",
    actor: Actor,
  ): Promise<ResetFieldRelations>;
  /**
   * Imports go-ldap-admin's field relations (its `field_relations` rows as JSON, or the API
   * envelope) for this provider's kind, validates them like `set` and saves both kinds.
   * Throws `ConfigError` for input the importer cannot translate.
   */
  importGoLdapAdmin(
    providerId: string,
    json: unknown,
    actor: Actor,
  ): Promise<ImportedFieldRelations>;
  /**
   * Renders a live sample from the IM with the relations: names, usernames, DNs and attributes.
   * Reads only the first `sample` departments and users. Invalid draft relations throw the same
   * `FieldRelationError` as `set`.
   */
  preview(providerId: string, options?: PreviewOptions): Promise<FieldRelationPreview>;
}

const KINDS: readonly FieldRelationKind[] = ["group", "user"];

/** The auxiliary class the LDAP target adds to every entry it manages (`schema/orgsync.schema`). */
const MANAGED_CLASS = "orgsyncManaged";

/** Where a preview puts entries when no directory is configured. */
const EXAMPLE_BASE_DN = "dc=example,dc=com";

const MAX_SAMPLE = 100;

/** Field relations per provider: validated against the plugin's fields and the LDAP schema. */
export function createFieldRelationService({
  repositories,
  registry,
  directorySchema = async () => undefined,
}: FieldRelationServiceDependencies): FieldRelationService {
  async function providerOf(
    providerId: string,
  ): Promise<{ record: ProviderRecord; plugin: ProviderPlugin<unknown> }> {
    const record = await repositories.providers.get(providerId);
    if (!record) throw new NotFoundError("provider", providerId);
    return { record, plugin: registry.get(record.kind) };
  }

  /** The stored relations of both kinds, each falling back to the plugin's defaults. */
  async function current(providerId: string, plugin: ProviderPlugin<unknown>) {
    const [group, user] = await Promise.all([
      repositories.fieldRelations.get(providerId, "group"),
      repositories.fieldRelations.get(providerId, "user"),
    ]);
    const defaults = structuredClone(plugin.defaultFieldRelations);
    return {
      relations: {
        group: group?.relations ?? defaults.group,
        user: user?.relations ?? defaults.user,
      },
      from: {
        group: group ? "stored" : "defaults",
        user: user ? "stored" : "defaults",
      } as Record<FieldRelationKind, "stored" | "defaults">,
    };
  }

  /**
   * Compiles the pair (template syntax, filters, fields the plugin describes, reserved
   * attributes) and checks the attribute names of the `checked` kinds against the directory's
   * schema. Every problem of both checks lands in one `FieldRelationError`, so an admin fixes
   * them in one pass.
   */
  async function validate(
    plugin: ProviderPlugin<unknown>,
    relations: FieldRelations,
    checked: readonly FieldRelationKind[],
    settings: DirectorySettingsRecord | undefined,
  ): Promise<CompiledFieldRelations> {
    let compiled: CompiledFieldRelations | undefined;
    const issues: FieldRelationIssue[] = [];
    try {
      compiled = compileFieldRelations(relations, relationOptions(plugin, settings));
    } catch (error) {
      if (!(error instanceof FieldRelationError)) throw error;
      issues.push(...error.issues);
    }
    // Only for a configured directory: without one there is no layout to take object classes
    // from (and `directorySchema()` has nothing to read).
    const schema = settings ? await directorySchema() : undefined;
    if (schema && settings) {
      const layout = resolveLayout(settings.connection.baseDn, settings.layout as LayoutOptions);
      const reported = new Set(issues.map((issue) => issue.relation));
      for (const kind of checked) {
        const attributes = relations[kind]?.attributes;
        if (typeof attributes !== "object" || attributes === null) continue; // reported above
        const names = Object.keys(attributes).filter(
          (name) => !reported.has(`${kind}.attributes.${name}`),
        );
        issues.push(...schemaIssues(schema, kind, objectClassesOf(layout, kind), names));
      }
    }
    if (issues.length > 0 || compiled === undefined) throw new FieldRelationError(issues);
    return compiled;
  }

  return {
    async get(providerId) {
      const { plugin } = await providerOf(providerId);
      const [group, user] = await Promise.all([
        repositories.fieldRelations.get(providerId, "group"),
        repositories.fieldRelations.get(providerId, "user"),
      ]);
      return {
        group: group ?? null,
        user: user ?? null,
        defaults: structuredClone(plugin.defaultFieldRelations),
        fields: plugin.describeFields(),
      };
    },

    async set(providerId, kind, relations, actor, options = {}) {
      const { plugin } = await providerOf(providerId);
      const stored = await current(providerId, plugin);
      // The other kind matters too: the pair is what a run compiles.
      const pair = { ...stored.relations, [kind]: relations } as FieldRelations;
      await validate(plugin, pair, [kind], await repositories.directorySettings.get());
      const saved = await repositories.fieldRelations.set(providerId, kind, relations, {
        updatedBy: actor.username,
        ...(options.expectedVersion === undefined
          ? {}
          : { expectedVersion: options.expectedVersion }),
      });
      await audit(
        repositories,
        actor,
        "fieldRelations.set",
        { type: "provider", id: providerId },
        { kind, version: saved.version, relations },
      );
      return saved;
    },

    async reset(providerId, kind, actor) {
      const { plugin } = await providerOf(providerId);
      const defaults = structuredClone(plugin.defaultFieldRelations);
      // Not validated: the defaults are the plugin's own, and a reset must work even when the
      // other kind's stored relations have become invalid.
      const result: ResetFieldRelations = { group: null, user: null };
      if (kind === "group" || kind === "both") {
        result.group = await repositories.fieldRelations.set(providerId, "group", defaults.group, {
          updatedBy: actor.username,
        });
      }
      if (kind === "user" || kind === "both") {
        result.user = await repositories.fieldRelations.set(providerId, "user", defaults.user, {
          updatedBy: actor.username,
        });
      }
      await audit(
        repositories,
        actor,
        "fieldRelations.reset",
        { type: "provider", id: providerId },
        {
          kind,
          ...(result.group ? { groupVersion: result.group.version } : {}),
          ...(result.user ? { userVersion: result.user.version } : {}),
        },
      );
      return result;
    },

    async importGoLdapAdmin(providerId, json, actor) {
      const { record, plugin } = await providerOf(providerId);
      const imported = importGoLdapAdminFieldRelations(json);
      const relations = imported.relations[plugin.kind];
      if (relations === undefined) {
        const found = Object.keys(imported.relations);
        throw new ConfigError(
          `field relations import: no ${plugin.kind}_group or ${plugin.kind}_user entry for ${plugin.kind} provider "${record.flag}" (the input has ${found.length > 0 ? found.join(", ") : "no entries"})`,
          [{ path: "(input)", message: `needs ${plugin.kind}_group and/or ${plugin.kind}_user` }],
        );
      }
      await validate(plugin, relations, KINDS, await repositories.directorySettings.get());
      // Two saves, not one transaction: the repository versions each kind on its own. A failure
      // in between leaves the group saved; importing again saves both.
      const group = await repositories.fieldRelations.set(providerId, "group", relations.group, {
        updatedBy: actor.username,
      });
      const user = await repositories.fieldRelations.set(providerId, "user", relations.user, {
        updatedBy: actor.username,
      });
      await audit(
        repositories,
        actor,
        "fieldRelations.import",
        { type: "provider", id: providerId },
        {
          source: "go-ldap-admin",
          groupVersion: group.version,
          userVersion: user.version,
          notes: imported.notes,
        },
      );
      return { group, user, notes: imported.notes };
    },

    async preview(providerId, options = {}) {
      const sample = options.sample ?? 5;
      if (!Number.isInteger(sample) || sample < 1 || sample > MAX_SAMPLE) {
        throw new ConfigError(
          `field relations preview: sample must be a whole number from 1 to ${MAX_SAMPLE}, got ${sample}`,
          [{ path: "sample", message: `must be a whole number from 1 to ${MAX_SAMPLE}` }],
        );
      }
      const record = await repositories.providers.getWithSecrets(providerId);
      const { plugin, provider } = openProvider(registry, record);
      const settings = await repositories.directorySettings.get();

      const stored = await current(providerId, plugin);
      let relations = stored.relations;
      let relationsFrom: FieldRelationPreview["relationsFrom"] = stored.from;
      let compiled: CompiledFieldRelations;
      if (options.relations !== undefined) {
        relations = options.relations;
        relationsFrom = { group: "draft", user: "draft" };
        compiled = await validate(plugin, relations, KINDS, settings);
      } else {
        // Saved relations passed `set`'s checks already; only compile them.
        compiled = compileFieldRelations(relations, relationOptions(plugin, settings));
      }

      const layout = resolveLayout(
        settings?.connection.baseDn ?? EXAMPLE_BASE_DN,
        (settings?.layout ?? {}) as LayoutOptions,
      );
      // One read failing stops the other.
      const failed = new AbortController();
      const signal = options.signal
        ? AbortSignal.any([options.signal, failed.signal])
        : failed.signal;
      const [departments, people] = await Promise.all([
        firstDistinct((read) => provider.fetchDepartments(read), sample, signal),
        firstDistinct((read) => provider.fetchUsers(read), sample, signal),
      ]).catch((error: unknown) => {
        failed.abort();
        throw error;
      });

      return {
        groups: previewGroups(departments, compiled, layout, record.flag),
        users: previewUsers(people, compiled, layout),
        relationsFrom,
        ...(settings
          ? {}
          : {
              note: `no LDAP directory is configured: the DNs use the example base DN ${EXAMPLE_BASE_DN} and the default layout`,
            }),
      };
    },
  };
}

/**
 * The object classes the LDAP target gives entries of `kind` (see `@orgsync/ldap`'s apply):
 * groups the layout's group class, users `inetOrgPerson` (plus `posixAccount` with POSIX
 * attributes); both `orgsyncManaged`.
 */
function objectClassesOf(layout: ResolvedLayout, kind: FieldRelationKind): string[] {
  if (kind === "group") return [layout.groupClass, MANAGED_CLASS];
  return ["inetOrgPerson", ...(layout.posix ? ["posixAccount"] : []), MANAGED_CLASS];
}

/** What compiling needs besides the relations: the fields to check paths against, the suffix. */
function relationOptions(
  plugin: ProviderPlugin<unknown>,
  settings: DirectorySettingsRecord | undefined,
): CompileFieldRelationsOptions {
  return {
    fields: plugin.describeFields(),
    ...(settings?.defaultEmailSuffix ? { defaultEmailSuffix: settings.defaultEmailSuffix } : {}),
  };
}

/** Unknown attributes (with the closest known name), then known ones the classes do not allow. */
function schemaIssues(
  schema: DirectorySchema,
  kind: FieldRelationKind,
  objectClasses: readonly string[],
  names: readonly string[],
): FieldRelationIssue[] {
  const issue = (name: string, message: string): FieldRelationIssue => {
    const relation = `${kind}.attributes.${name}`;
    return { relation, path: relation, position: null, message };
  };
  const unknown = unknownAttributes(schema, names);
  const issues = unknown.map(({ name, suggestion }) =>
    issue(
      name,
      suggestion
        ? `unknown LDAP attribute "${name}" — did you mean "${suggestion}"?`
        : `unknown LDAP attribute "${name}": the directory's schema does not define it`,
    ),
  );
  const unknownNames = new Set(unknown.map(({ name }) => name));
  const allowed = attributesAllowed(schema, objectClasses);
  const classes = objectClasses.join(", ");
  for (const name of names) {
    if (unknownNames.has(name) || allowed.has(name.toLowerCase())) continue;
    issues.push(
      issue(
        name,
        `LDAP attribute "${name}" is not allowed on ${kind} entries: their object classes (${classes}) do not list it; map another attribute, or change the directory layout`,
      ),
    );
  }
  return issues;
}

/**
 * The first `count` distinct items (by `id`) of a listing, then the read is stopped: the abort
 * ends requests in flight, so a preview of a large org costs a few calls, not a full read.
 */
async function firstDistinct<T extends { id: string }>(
  read: (options: FetchOptions) => AsyncIterable<T>,
  count: number,
  signal: AbortSignal | undefined,
): Promise<T[]> {
  const controller = new AbortController();
  const stop = () => controller.abort(signal?.reason);
  if (signal?.aborted) stop();
  signal?.addEventListener("abort", stop, { once: true });
  const found = new Map<string, T>();
  try {
    for await (const item of read({ signal: controller.signal })) {
      // A person may be listed once per department: keep the first.
      if (!found.has(item.id)) found.set(item.id, item);
      if (found.size >= count) {
        controller.abort();
        break;
      }
    }
  } catch (error) {
    // Our own abort after the sample was complete; a caller's abort or a failure propagates.
    if (!(error instanceof CancelledError && found.size >= count && !signal?.aborted)) throw error;
  } finally {
    signal?.removeEventListener("abort", stop);
    controller.abort();
  }
  return [...found.values()];
}

function previewGroups(
  departments: readonly SourceDepartment[],
  compiled: CompiledFieldRelations,
  layout: ResolvedLayout,
  flag: string,
): PreviewGroup[] {
  const byId = new Map(departments.map((department) => [department.id, department]));
  const names = new Map<string, string>();
  const problems = new Map<string, string[]>();
  for (const department of departments) {
    let name = compiled.groupName(department).trim();
    const own: string[] = [];
    if (name === "") {
      // What the planner does (with a warning) rather than leave the department out.
      name = department.name.trim() || department.id;
      own.push(`the group name relation gave an empty name; a sync would use "${name}"`);
    }
    names.set(department.id, name);
    problems.set(department.id, own);
  }
  // A group sits under its parent's group. The sample is only the start of the listing, so a
  // parent outside it is unknown here: such a group is shown directly under the group root, as
  // a top-level department's group is, although a sync would put it deeper.
  const dns = new Map<string, string>();
  const dnOf = (department: SourceDepartment, path: Set<string>): string => {
    const known = dns.get(department.id);
    if (known !== undefined) return known;
    path.add(department.id);
    const parent = byId.get(department.parentId);
    // `path` guards against a cycle in a broken source: the planner reports those.
    const parentDn = parent && !path.has(parent.id) ? dnOf(parent, path) : layout.groupRootDn(flag);
    const dn = layout.groupDn(names.get(department.id) ?? department.id, parentDn);
    dns.set(department.id, dn);
    return dn;
  };
  return departments.map((department) => ({
    sourceId: department.id,
    sourceName: department.name,
    name: names.get(department.id) ?? "",
    dn: dnOf(department, new Set()),
    attributes: compiled.groupAttributes(department),
    problems: problems.get(department.id) ?? [],
  }));
}

function previewUsers(
  people: readonly SourceUser[],
  compiled: CompiledFieldRelations,
  layout: ResolvedLayout,
): PreviewUser[] {
  // Usernames are allocated within the sample only: the directory's taken names are not read,
  // so a sync may number a name (zhangwei2) that is free here.
  const allocator = new UsernameAllocator([]);
  const required = layout.requiredAttributes?.user ?? [];
  return people.map((person) => {
    const problems: string[] = [];
    const candidates = compiled.usernameCandidates(person);
    if (candidates.every((candidate) => sanitizeUsername(candidate) === "")) {
      problems.push(
        `no username candidate gave a usable value; a sync would derive the username from the user id "${person.id}"`,
      );
    }
    const username = allocator.allocate(candidates, person.id);
    const attributes = compiled.userAttributes(person, { username });
    const present = new Set(Object.keys(attributes).map((name) => name.toLowerCase()));
    for (const name of required) {
      if (!present.has(name.toLowerCase())) {
        problems.push(
          `the required attribute "${name}" has no value: the directory would refuse this entry`,
        );
      }
    }
    return {
      sourceId: person.id,
      sourceName: person.name,
      username,
      dn: layout.userDn(username),
      attributes,
      problems,
    };
  });
}
