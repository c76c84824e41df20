import { describe } from "vitest";
import { DATABASE_KINDS, useTestDatabase } from "./databases.ts";
import { adminsSuite } from "./repositories/admins.ts";
import { auditSuite } from "./repositories/audit.ts";
import { directorySettingsSuite } from "./repositories/directory-settings.ts";
import { fieldRelationsSuite } from "./repositories/field-relations.ts";
import { providersSuite } from "./repositories/providers.ts";
import { runsSuite } from "./repositories/runs.ts";

/**
 * Every repository suite on both drivers, one database each: a fresh PGlite costs seconds of
 * initdb, so the suites share it and keep to their own rows (unique flags, their own admins).
 */
describe.each(DATABASE_KINDS)("repositories on %s", (kind) => {
  const t = useTestDatabase(kind);
  describe("providers", () => providersSuite(t));
  describe("field relations", () => fieldRelationsSuite(t));
  describe("directory settings", () => directorySettingsSuite(t));
  describe("runs", () => runsSuite(t));
  describe("admins, sessions, login attempts", () => adminsSuite(t));
  describe("audit log", () => auditSuite(t));
});
