import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { printedSchema } from "../../src/graphql/schema.ts";
import { useTestService } from "../service/test-service.ts";

describe("the checked-in schema", () => {
  it("is what the code builds (run `pnpm --filter @orgsync/api schema:print` after changing types)", async () => {
    const checkedIn = await readFile(new URL("../../schema.graphql", import.meta.url), "utf8");
    expect(printedSchema()).toBe(checkedIn);
  });
});

describe("query limits", () => {
  const t = useTestService("pglite", { runJobs: false });

  it("refuses a deeply nested query before running it", async () => {
    const token = await t.login();
    let selection = "id";
    for (let level = 0; level < 12; level++) selection = `activeRun { provider { ${selection} } }`;
    const result = await t.gql(`{ providers { ${selection} } }`, {}, token);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });

  it("counts fields, not fragments: a factored query passes, a bomb through fragments does not", async () => {
    const token = await t.login();
    // Eight levels of fields, each reached through a union's inline fragment and a named one.
    const factored = await t.gql(
      `query { providers { ...P } }
       fragment P on Provider { activeRun { ...R } }
       fragment R on Run { provider { activeRun { provider { activeRun { provider { ... on Provider { id } } } } } } }`,
      {},
      token,
    );
    expect(factored.errors).toBeUndefined();
    let selection = "id";
    for (let level = 0; level < 12; level++) selection = `activeRun { provider { ${selection} } }`;
    const bomb = await t.gql(
      `query { providers { ...Deep } } fragment Deep on Provider { ${selection} }`,
      {},
      token,
    );
    expect(bomb.data ?? null).toBeNull();
    expect(bomb.errors?.[0]?.message).toMatch(/depth/i);
  });

  it("refuses a query with too many aliases or tokens", async () => {
    const token = await t.login();
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: providers { id }`).join(" ");
    const many = await t.gql(`{ ${aliases} }`, {}, token);
    expect(many.data ?? null).toBeNull();
    expect(many.errors?.[0]?.message).toMatch(/alias/i);
    const long = Array.from({ length: 5000 }, () => "id").join(" ");
    const huge = await t.gql(`{ providers { ${long} } }`, {}, token);
    expect(huge.data ?? null).toBeNull();
    expect(huge.errors?.[0]?.message).toMatch(/token/i);
  });

  it("masks unexpected errors and keeps typed ones", async () => {
    const token = await t.login();
    const missing = await t.gql<{ fieldRelations: { __typename: string } }>(
      `{ fieldRelations(providerId: "00000000-0000-0000-0000-000000000000") { __typename ... on NotFoundError { entity } } }`,
      {},
      token,
    );
    expect(missing.data?.fieldRelations.__typename).toBe("NotFoundError");
    // Not a UUID: the database refuses it; the client must not see the SQL error.
    const broken = await t.gql(
      `{ fieldRelations(providerId: "not-a-uuid") { __typename } }`,
      {},
      token,
    );
    expect(broken.errors?.[0]?.message).toBe("Unexpected error.");
    expect(JSON.stringify(broken)).not.toMatch(/select|uuid|syntax/i);
  });
});
