import type { Db } from "../db/connect.ts";
import type { SecretBox } from "../secrets/secret-box.ts";

/** What every repository is made from. */
export interface RepositoryContext {
  db: Db;
  /** Encrypts secrets on write; only repositories holding secrets use it. */
  secrets: SecretBox;
  /**
   * The clock for timestamps the repositories set themselves (expiry, transitions).
   * @default () => new Date()
   * @example () => new Date("2026-01-01T00:00:00Z") (tests)
   */
  now?: () => Date;
}

export const systemClock = () => new Date();
