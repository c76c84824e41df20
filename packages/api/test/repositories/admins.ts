import { expect, it } from "vitest";
import { admins, sessions } from "../../src/db/schema.ts";
import { AdminExistsError } from "../../src/errors.ts";
import type { TestContext } from "../databases.ts";

export function adminsSuite(t: TestContext): void {
  it("creates the first admin once and checks passwords", async () => {
    // First-run setup needs an empty table; other suites may have made admins in this database.
    await t.db.delete(admins);
    const first = await t.repos.admins.createFirst({ username: "Root", password: "correct horse" });
    expect(first).toMatchObject({ username: "Root", lastLoginAt: null });
    expect(first).not.toHaveProperty("passwordHash");
    await expect(
      t.repos.admins.createFirst({ username: "other", password: "x" }),
    ).rejects.toBeInstanceOf(AdminExistsError);
    await expect(t.repos.admins.create({ username: "root", password: "x" })).rejects.toThrow(
      /an admin named "root" exists already/,
    );
    const [raw] = await t.db.select().from(admins);
    expect(raw?.passwordHash).toMatch(/^scrypt\$/);
    expect(raw?.passwordHash).not.toContain("correct horse");

    expect(
      await t.repos.admins.verifyCredentials({ username: "root", password: "wrong" }),
    ).toBeUndefined();
    expect(
      await t.repos.admins.verifyCredentials({ username: "nobody", password: "correct horse" }),
    ).toBeUndefined();
    const ok = await t.repos.admins.verifyCredentials({
      username: "root",
      password: "correct horse",
    });
    expect(ok).toMatchObject({ id: first.id, lastLoginAt: t.clock.now() });

    await t.repos.admins.changePassword(first.id, "new battery");
    expect(
      await t.repos.admins.verifyCredentials({ username: "Root", password: "new battery" }),
    ).toBeDefined();
    expect(await t.repos.admins.count()).toBe(1);
  });

  it("stores only token hashes and expires sessions", async () => {
    const admin = await t.repos.admins.create({ username: "sess", password: "pw" });
    const { token, session } = await t.repos.sessions.create(admin.id, {
      ttlMs: 60_000,
      userAgent: "vitest",
      ip: "::1",
    });
    expect(session.id).not.toContain(token);
    const stored = await t.db.select().from(sessions);
    expect(JSON.stringify(stored)).not.toContain(token);

    t.clock.advance(30_000);
    const seen = await t.repos.sessions.verify(token);
    expect(seen?.admin).toMatchObject({ id: admin.id, username: "sess" });
    expect(seen?.admin).not.toHaveProperty("passwordHash");
    expect(seen?.session.lastSeenAt).toEqual(t.clock.now());
    expect(await t.repos.sessions.verify(`${token}x`)).toBeUndefined();

    t.clock.advance(30_000);
    expect(await t.repos.sessions.verify(token)).toBeUndefined();

    const other = await t.repos.sessions.create(admin.id);
    await t.repos.sessions.revoke(other.token);
    expect(await t.repos.sessions.verify(other.token)).toBeUndefined();

    const a = await t.repos.sessions.create(admin.id);
    await t.repos.sessions.revokeAll(admin.id);
    expect(await t.repos.sessions.verify(a.token)).toBeUndefined();

    await t.repos.sessions.create(admin.id, { ttlMs: 1000 });
    t.clock.advance(1000);
    expect(await t.repos.sessions.deleteExpired()).toBe(1);
  });

  it("counts failed logins per key in a window", async () => {
    const key = "user:root";
    const windowMs = 60_000;
    expect((await t.repos.loginAttempts.get(key, { windowMs })).count).toBe(0);
    const start = t.clock.now();
    for (let i = 1; i <= 3; i++) {
      expect(await t.repos.loginAttempts.recordFailure(key, { windowMs })).toMatchObject({
        count: i,
        windowStart: start,
        resetAt: new Date(start.getTime() + windowMs),
      });
      t.clock.advance(1000);
    }
    await Promise.all([1, 2].map(() => t.repos.loginAttempts.recordFailure(key, { windowMs })));
    expect((await t.repos.loginAttempts.get(key, { windowMs })).count).toBe(5);
    expect((await t.repos.loginAttempts.get("ip:10.0.0.1", { windowMs })).count).toBe(0);

    t.clock.advance(windowMs);
    expect((await t.repos.loginAttempts.get(key, { windowMs })).count).toBe(0);
    expect((await t.repos.loginAttempts.recordFailure(key, { windowMs })).count).toBe(1);
    await t.repos.loginAttempts.clear(key);
    expect((await t.repos.loginAttempts.get(key, { windowMs })).count).toBe(0);
  });
}
