import { expect, it } from "vitest";
import { ConflictError } from "../../src/errors.ts";
import type { TestContext } from "../databases.ts";
import { createTestProvider } from "../databases.ts";

export function fieldRelationsSuite(t: TestContext): void {
  const v1 = { name: "{{ name | pinyin }}", attributes: { description: "name" } };
  const v2 = { name: "name", attributes: { description: "{{ name }} dept" } };

  it("versions every save and keeps the history per kind", async () => {
    const { id } = await createTestProvider(t.repos);
    expect(await t.repos.fieldRelations.get(id, "group")).toBeUndefined();

    const first = await t.repos.fieldRelations.set(id, "group", v1, { updatedBy: "alice" });
    expect(first).toMatchObject({ version: 1, relations: v1, updatedBy: "alice" });
    const second = await t.repos.fieldRelations.set(id, "group", v2, { updatedBy: "bob" });
    expect(second.version).toBe(2);
    await t.repos.fieldRelations.set(id, "user", {
      username: ["{{ name | pinyin }}"],
      attributes: {},
    });

    expect(await t.repos.fieldRelations.get(id, "group")).toMatchObject({
      version: 2,
      relations: v2,
    });
    const history = await t.repos.fieldRelations.history(id, "group");
    expect(history.map((h) => [h.version, h.updatedBy, h.relations])).toEqual([
      [2, "bob", v2],
      [1, "alice", v1],
    ]);
    expect(await t.repos.fieldRelations.history(id, "user")).toHaveLength(1);
  });

  it("refuses a save based on a stale version and keeps concurrent saves distinct", async () => {
    const { id } = await createTestProvider(t.repos);
    await t.repos.fieldRelations.set(id, "group", v1, { expectedVersion: 0 });
    await expect(
      t.repos.fieldRelations.set(id, "group", v2, { expectedVersion: 0 }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await t.repos.fieldRelations.get(id, "group"))?.version).toBe(1);

    await Promise.all([1, 2, 3].map(() => t.repos.fieldRelations.set(id, "group", v2)));
    const versions = (await t.repos.fieldRelations.history(id, "group")).map((h) => h.version);
    expect(versions).toEqual([4, 3, 2, 1]);
  });
}
