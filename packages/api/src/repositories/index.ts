import { type AdminRepositoryOptions, adminRepository } from "./admins.ts";
import { auditRepository } from "./audit.ts";
import type { RepositoryContext } from "./context.ts";
import { directorySettingsRepository } from "./directory-settings.ts";
import { fieldRelationRepository } from "./field-relations.ts";
import { loginAttemptRepository } from "./login-attempts.ts";
import { providerRepository } from "./providers.ts";
import { runRepository } from "./runs.ts";
import { scheduleRepository } from "./schedules.ts";
import { sessionRepository } from "./sessions.ts";

export interface RepositoriesOptions extends RepositoryContext {
  /** See `AdminRepositoryOptions.scrypt`. */
  scrypt?: AdminRepositoryOptions["scrypt"];
}

/** Every repository over one database and secret box (the container will register these). */
export function createRepositories(options: RepositoriesOptions) {
  return {
    providers: providerRepository(options),
    fieldRelations: fieldRelationRepository(options),
    directorySettings: directorySettingsRepository(options),
    runs: runRepository(options),
    schedules: scheduleRepository(options),
    admins: adminRepository(options),
    sessions: sessionRepository(options),
    loginAttempts: loginAttemptRepository(options),
    audit: auditRepository(options),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
