import { ConfigError, type DepartedUserPolicy, type SafetyThresholds } from "@orgsync/core";
import { eq } from "drizzle-orm";
import {
  type DirectoryConnectionSettings,
  directorySettings,
  type PasswordPolicy,
} from "../db/schema.ts";
import { type RepositoryContext, systemClock } from "./context.ts";

/** The directory settings as clients see them: passwords are write-only. */
export interface DirectorySettingsRecord {
  connection: DirectoryConnectionSettings;
  hasBindPassword: boolean;
  layout: Record<string, unknown>;
  passwordPolicy: PasswordPolicy;
  hasInitialPassword: boolean;
  departedUserPolicy: DepartedUserPolicy;
  safetyThresholds: SafetyThresholds;
  defaultEmailSuffix: string | null;
  updatedBy: string | null;
  updatedAt: Date;
}

/** For the sync engine only: the settings with their passwords decrypted. */
export interface DirectorySettingsWithSecrets extends DirectorySettingsRecord {
  bindPassword: string | undefined;
  initialPassword: string | undefined;
}

export interface SaveDirectorySettingsInput {
  /** Required on the first save; later saves may leave it out to keep it. */
  connection?: DirectoryConnectionSettings;
  /** `undefined` keeps the stored password, `null` clears it, a string replaces it. */
  bindPassword?: string | null;
  layout?: Record<string, unknown>;
  passwordPolicy?: PasswordPolicy;
  /** The seed's `user-init-password`. `undefined` keeps, `null` clears, a string replaces. */
  initialPassword?: string | null;
  departedUserPolicy?: DepartedUserPolicy;
  safetyThresholds?: SafetyThresholds;
  /** go-ldap-admin's `default-email-suffix`. `undefined` keeps, `null` clears. */
  defaultEmailSuffix?: string | null;
  updatedBy?: string;
}

type Row = typeof directorySettings.$inferSelect;

function toRecord({
  bindPassword,
  initialPassword,
  id: _id,
  ...row
}: Row): DirectorySettingsRecord {
  return {
    ...row,
    hasBindPassword: bindPassword !== null,
    hasInitialPassword: initialPassword !== null,
  };
}

/** The single row of directory settings. */
export function directorySettingsRepository({
  db,
  secrets: box,
  now = systemClock,
}: RepositoryContext) {
  const encrypt = (value: string | null | undefined) =>
    value === undefined ? undefined : value === null ? null : box.encrypt(value);

  async function row(): Promise<Row | undefined> {
    const [found] = await db.select().from(directorySettings).where(eq(directorySettings.id, 1));
    return found;
  }

  return {
    async get(): Promise<DirectorySettingsRecord | undefined> {
      const found = await row();
      return found && toRecord(found);
    },

    async getWithSecrets(): Promise<DirectorySettingsWithSecrets | undefined> {
      const found = await row();
      if (!found) return undefined;
      return {
        ...toRecord(found),
        bindPassword:
          found.bindPassword === null
            ? undefined
            : box.decrypt(found.bindPassword, "the LDAP bind password"),
        initialPassword:
          found.initialPassword === null
            ? undefined
            : box.decrypt(found.initialPassword, "the initial user password"),
      };
    },

    async save(input: SaveDirectorySettingsInput): Promise<DirectorySettingsRecord> {
      const patch = {
        connection: input.connection,
        bindPassword: encrypt(input.bindPassword),
        layout: input.layout,
        passwordPolicy: input.passwordPolicy,
        initialPassword: encrypt(input.initialPassword),
        departedUserPolicy: input.departedUserPolicy,
        safetyThresholds: input.safetyThresholds,
        defaultEmailSuffix: input.defaultEmailSuffix,
        updatedBy: input.updatedBy ?? null,
        updatedAt: now(),
      };
      // drizzle leaves `undefined` fields out of both the insert and the update.
      const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const existing = await row();
      if (!existing) {
        if (!input.connection) {
          throw new ConfigError(
            "directory settings: the first save needs the connection (url, bindDn, baseDn)",
            [{ path: "connection", message: "required" }],
          );
        }
        const [inserted] = await db
          .insert(directorySettings)
          .values({ ...set, id: 1, connection: input.connection })
          .onConflictDoUpdate({ target: directorySettings.id, set })
          .returning();
        return toRecord(inserted as Row);
      }
      const [updated] = await db
        .update(directorySettings)
        .set(set)
        .where(eq(directorySettings.id, 1))
        .returning();
      return toRecord(updated as Row);
    },
  };
}

export type DirectorySettingsRepository = ReturnType<typeof directorySettingsRepository>;
