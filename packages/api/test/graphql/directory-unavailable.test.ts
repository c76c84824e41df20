import { type Slapd, startSlapd } from "@orgsync/ldap/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Tokens } from "../../src/container/tokens.ts";
import { createTestProvider } from "../databases.ts";
import { useTestService } from "../service/test-service.ts";

/**
 * Browsing a directory that cannot be read: the three directory queries answer a typed
 * `DirectoryUnavailableError` naming the URL, what failed and where to fix it (never a
 * password), instead of the masked "Unexpected error." — the admin app shows it as is.
 */

const BIND_PASSWORD = "Bind-Secret-42";
const WRONG_PASSWORD = "Not-The-Password-7";

const UNAVAILABLE = `__typename ... on DirectoryUnavailableError { message url reason }`;
const QUERIES = {
  directoryTree: `query($id: ID!) { directoryTree(providerId: $id) {
    __typename ${UNAVAILABLE} ... on DirectoryBrowse { exists } } }`,
  directoryUsers: `query($id: ID!) { directoryUsers(providerId: $id, query: "a") {
    __typename ${UNAVAILABLE} ... on DirectoryUserSearch { totalCount } } }`,
  directoryEntry: `query($id: ID!, $dn: String!) { directoryEntry(providerId: $id, dn: $dn) {
    __typename ${UNAVAILABLE} ... on DirectoryEntry { dn } } }`,
} as const;

interface Answer {
  __typename: string;
  message?: string;
  url?: string;
  reason?: string;
}

describe("directory queries when the directory cannot be read", () => {
  const t = useTestService("pglite", { runJobs: false });
  let slapd: Slapd;
  let token: string;
  let providerId: string;

  beforeAll(async () => {
    slapd = await startSlapd({ orgsyncSchema: true, adminPassword: BIND_PASSWORD });
    token = await t.login();
    const saved = await saveDirectory(BIND_PASSWORD, true);
    expect(saved).toBe("DirectorySettingsUpdate");
    providerId = (await createTestProvider(t.service.container.resolve(Tokens.Repositories))).id;
  }, 60_000);

  afterAll(async () => {
    await slapd?.stop();
  });

  async function saveDirectory(bindPassword: string, verify: boolean): Promise<string> {
    const result = await t.gql<{ updateDirectorySettings: { __typename: string } }>(
      `mutation($input: DirectorySettingsInput!, $verify: Boolean) {
        updateDirectorySettings(input: $input, verify: $verify) { __typename }
      }`,
      {
        input: {
          connection: { url: slapd.url, bindDn: slapd.adminDn, baseDn: slapd.baseDn },
          bindPassword,
          passwordMode: "random",
        },
        verify,
      },
      token,
    );
    expect(result.errors).toBeUndefined();
    return result.data?.updateDirectorySettings.__typename ?? "none";
  }

  /** Each of the three queries' answers, by field name. */
  async function askAll(): Promise<Record<keyof typeof QUERIES, Answer>> {
    const variables = { id: providerId, dn: `ou=people,${slapd.baseDn}` };
    const entries = await Promise.all(
      Object.entries(QUERIES).map(async ([field, query]) => {
        const result = await t.gql<Record<string, Answer>>(query, variables, token);
        expect(result.errors, field).toBeUndefined();
        return [field, result.data?.[field] as Answer] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<keyof typeof QUERIES, Answer>;
  }

  it("answers normally while the directory is up", async () => {
    const answers = await askAll();
    expect(answers.directoryTree.__typename).toBe("DirectoryBrowse");
    expect(answers.directoryUsers.__typename).toBe("DirectoryUserSearch");
    // The fresh directory has no users container yet: the directory itself said so.
    expect(answers.directoryEntry.__typename).toBe("NotFoundError");
  });

  it("names a refused bind, never the password", async () => {
    expect(await saveDirectory(WRONG_PASSWORD, false)).toBe("DirectorySettingsUpdate");
    try {
      const answers = await askAll();
      for (const [field, answer] of Object.entries(answers)) {
        expect(answer, field).toMatchObject({
          __typename: "DirectoryUnavailableError",
          url: slapd.url,
          reason: "bindRefused",
        });
        expect(answer.message, field).toContain(`the directory at ${slapd.url} refused the bind`);
        expect(answer.message, field).toContain(slapd.adminDn);
        expect(answer.message, field).toContain("(49)");
        expect(answer.message, field).toContain("bind DN and password on the Settings page");
        expect(answer.message, field).not.toContain(WRONG_PASSWORD);
        expect(answer.message, field).not.toContain(BIND_PASSWORD);
      }
    } finally {
      expect(await saveDirectory(BIND_PASSWORD, true)).toBe("DirectorySettingsUpdate");
    }
  });

  it("names an unreachable directory with the socket's error", async () => {
    await slapd.stop();
    const started = Date.now();
    const answers = await askAll();
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const [field, answer] of Object.entries(answers)) {
      expect(answer, field).toMatchObject({
        __typename: "DirectoryUnavailableError",
        url: slapd.url,
        reason: "unreachable",
      });
      expect(answer.message, field).toMatch(
        new RegExp(
          `^directory: the directory at ${literal(slapd.url)} cannot be reached: .*ECONNREFUSED.*; check the connection on the Settings page$`,
        ),
      );
      expect(answer.message, field).not.toContain(BIND_PASSWORD);
    }
    expect(t.logText()).not.toContain(BIND_PASSWORD);
  });
});

/** `text` as a regular expression matching it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
