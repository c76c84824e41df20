import type {
  DepartedUserPolicy,
  FieldRelationOptions,
  FieldRelations,
  Provider,
  ProviderPlugin,
  ProviderRegistry,
  SafetyThresholds,
} from "@orgsync/core";
import { type LdapTarget, ldapTarget } from "@orgsync/ldap";
import type { Repositories } from "../repositories/index.ts";
import type { ProviderWithSecrets } from "../repositories/providers.ts";
import { directoryTargetOptions } from "./directory-options.ts";

/**
 * Everything one sync of one provider needs, made from what is stored: the provider (config
 * and secrets decrypted), the directory target, the field relations and the directory-wide
 * policies. Made per run and closed after it, so a settings change applies to the next run.
 */
export interface SyncSetup {
  record: ProviderWithSecrets;
  plugin: ProviderPlugin<unknown>;
  provider: Provider;
  target: LdapTarget;
  /** Both kinds' relations, or `null` when either is not saved yet (the planner refuses then). */
  relations: FieldRelations | null;
  relationOptions: FieldRelationOptions;
  departedUsers: DepartedUserPolicy;
  /** The provider's `syncOptions.updateExisting` (go-ldap-admin's `is-update-syncd`); default true. */
  updateExisting: boolean;
  safety: SafetyThresholds;
  /** Releases the target's connections. */
  close(): Promise<void>;
}

export interface SyncSetupDependencies {
  repositories: Pick<Repositories, "providers" | "fieldRelations" | "directorySettings">;
  registry: ProviderRegistry;
}

/** Makes a provider from its stored record; configuration errors name the field. */
export function openProvider(
  registry: ProviderRegistry,
  record: ProviderWithSecrets,
): { plugin: ProviderPlugin<unknown>; provider: Provider } {
  const plugin = registry.get(record.kind);
  const config = registry.parseConfig(record.kind, { ...record.config, flag: record.flag });
  return { plugin, provider: plugin.create(config) };
}

/** Opens the LDAP target the directory settings describe. */
export async function openDirectory({
  repositories,
}: Pick<SyncSetupDependencies, "repositories">): Promise<LdapTarget> {
  return ldapTarget(directoryTargetOptions(await repositories.directorySettings.getWithSecrets()));
}

/** Reads the stored relations of both kinds; `null` unless both are saved. */
export async function storedRelations(
  repositories: SyncSetupDependencies["repositories"],
  providerId: string,
): Promise<FieldRelations | null> {
  const [group, user] = await Promise.all([
    repositories.fieldRelations.get(providerId, "group"),
    repositories.fieldRelations.get(providerId, "user"),
  ]);
  return group && user ? { group: group.relations, user: user.relations } : null;
}

export async function openSyncSetup(
  dependencies: SyncSetupDependencies,
  providerId: string,
): Promise<SyncSetup> {
  const { repositories, registry } = dependencies;
  const record = await repositories.providers.getWithSecrets(providerId);
  const { plugin, provider } = openProvider(registry, record);
  const settings = await repositories.directorySettings.getWithSecrets();
  const target = ldapTarget(directoryTargetOptions(settings));
  const relations = await storedRelations(repositories, providerId);
  return {
    record,
    plugin,
    provider,
    target,
    relations,
    relationOptions:
      settings?.defaultEmailSuffix != null
        ? { defaultEmailSuffix: settings.defaultEmailSuffix }
        : {},
    departedUsers: settings?.departedUserPolicy ?? "disable",
    updateExisting: record.syncOptions.updateExisting ?? true,
    safety: settings?.safetyThresholds ?? {},
    close: async () => {
      await target.close?.();
    },
  };
}
