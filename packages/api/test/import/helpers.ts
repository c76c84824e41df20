import { readFileSync } from "node:fs";

/** go-ldap-admin's shipped config.yml (see fixtures/README.md). */
export const SHIPPED_CONFIG = readFileSync(
  new URL("./fixtures/config.yml", import.meta.url),
  "utf8",
);

/** go-ldap-admin's base entries, with its `{{ LDAP_BASE_DN }}` placeholder (see fixtures/README.md). */
export const INIT_LDIF = readFileSync(new URL("./fixtures/init.ldif", import.meta.url), "utf8");

/** The 1-based number of the first line containing `needle`, from the line containing `after`. */
export function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split("\n");
  const start = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, i) => i >= start && line.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

/** The import mutation with every field of its report. */
export const IMPORT = `mutation($yaml: String!, $dryRun: Boolean, $verify: Boolean, $timezone: String) {
  importGoLdapAdminConfig(yaml: $yaml, dryRun: $dryRun, verify: $verify, timezone: $timezone) {
    __typename
    ... on ImportReport {
      dryRun
      directory {
        action url baseDn bindDn usersOu bindPasswordSet initialPasswordSet passwordMode
        passwordScheme defaultEmailSuffix verified report { ok }
      }
      providers {
        flag kind action reason id name enabled config secretsSet updateExisting fieldRelations
        configIssues { path message }
      }
      schedules { flag scope cron timezone enabled path action reason }
      unsupported { path line category reason }
    }
    ... on ValidationError { message issues { path message } }
    ... on DirectoryConnectionError { message report { checks { id status } } }
  }
}`;

export interface ImportResult {
  __typename: string;
  message?: string;
  issues?: { path: string; message: string }[];
  dryRun: boolean;
  directory: Record<string, unknown> | null;
  providers: {
    flag: string;
    kind: string;
    action: string;
    reason: string | null;
    id: string | null;
    name: string;
    enabled: boolean;
    config: Record<string, unknown>;
    secretsSet: string[];
    updateExisting: boolean;
    fieldRelations: string | null;
    configIssues: { path: string; message: string }[];
  }[];
  schedules: {
    flag: string;
    scope: string;
    cron: string;
    timezone: string;
    enabled: boolean;
    path: string;
    action: string;
    reason: string | null;
  }[];
  unsupported: { path: string; line: number; category: string; reason: string }[];
}
