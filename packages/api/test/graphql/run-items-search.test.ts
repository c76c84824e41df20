import type { OperationType } from "@orgsync/core";
import { beforeAll, describe, expect, it } from "vitest";
import { Tokens } from "../../src/container/tokens.ts";
import type { RunItemInput } from "../../src/repositories/runs.ts";
import { createTestProvider } from "../databases.ts";
import { useTestService } from "../service/test-service.ts";

/**
 * `Run.items(search:)`: the admin app searches a large plan by DN or anchor, so the filter runs
 * in SQL and pages like the unfiltered list (a client-side filter of one page would miss most).
 */

const ITEMS = `query($id: ID!, $search: String, $op: OperationType, $first: Int, $after: String) {
  run(id: $id) {
    items(search: $search, op: $op, first: $first, after: $after) { nodes { seq dn anchor } endCursor }
  }
}`;

interface ItemsResult {
  run: {
    items: { nodes: { seq: number; dn: string; anchor: string }[]; endCursor: string | null };
  };
}

describe("Run.items(search:)", () => {
  const t = useTestService("pglite", { runJobs: false });
  let token: string;
  let runId: string;

  beforeAll(async () => {
    token = await t.login();
    const repos = t.service.container.resolve(Tokens.Repositories);
    const provider = await createTestProvider(repos);
    const run = await repos.runs.create({
      providerId: provider.id,
      scope: "ALL",
      trigger: "manual",
      dryRun: true,
    });
    runId = run.id;
    const ops: OperationType[] = ["createUser", "updateUser"];
    const items: RunItemInput[] = Array.from({ length: 300 }, (_, seq) => ({
      seq,
      op: ops[seq % 2] as OperationType,
      // Every 10th user is a "Zhang"; the anchors carry the seq.
      anchor: `${provider.flag}:ou_${seq}`,
      dn: `uid=${seq % 10 === 0 ? "ZhangWei" : "li"}${seq},ou=people,dc=example,dc=com`,
      outcome: "planned",
    }));
    // Wildcards must be taken literally.
    items.push({
      seq: 300,
      op: "createGroup",
      anchor: `${provider.flag}:od_100%`,
      dn: "cn=R_D 100%,ou=feishuroot,dc=example,dc=com",
      outcome: "planned",
    });
    await repos.runs.appendItems(runId, items);
  });

  const search = async (variables: Record<string, unknown>) => {
    const result = await t.gql<ItemsResult>(ITEMS, { id: runId, ...variables }, token);
    expect(result.errors).toBeUndefined();
    return (result.data as ItemsResult).run.items;
  };

  it("matches the DN case-insensitively and pages through every match in plan order", async () => {
    const seen: number[] = [];
    let after: string | null = null;
    do {
      const page: ItemsResult["run"]["items"] = await search({
        search: "zhangwei",
        first: 7,
        ...(after ? { after } : {}),
      });
      seen.push(...page.nodes.map((node) => node.seq));
      after = page.endCursor;
    } while (after);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i * 10));
  });

  it("matches the anchor, and combines with the op filter", async () => {
    const byAnchor = await search({ search: "OU_29", first: 100 });
    expect(byAnchor.nodes.map((node) => node.seq)).toEqual([
      29, 290, 291, 292, 293, 294, 295, 296, 297, 298, 299,
    ]);
    const updates = await search({ search: "ou_29", op: "updateUser", first: 100 });
    expect(updates.nodes.every((node) => node.seq % 2 === 1)).toBe(true);
    expect(updates.nodes).toHaveLength(6);
  });

  it("takes % and _ literally and ignores a blank search", async () => {
    const percent = await search({ search: "100%" });
    expect(percent.nodes.map((node) => node.seq)).toEqual([300]);
    const underscore = await search({ search: "R_D" });
    expect(underscore.nodes.map((node) => node.seq)).toEqual([300]);
    // As a wildcard, `i_1` would match `uid=li110`.
    expect((await search({ search: "i_1" })).nodes).toEqual([]);
    const none = await search({ search: "no such person" });
    expect(none).toEqual({ nodes: [], endCursor: null });
    const blank = await search({ search: "  ", first: 1000 });
    expect(blank.nodes).toHaveLength(301);
  });
});
