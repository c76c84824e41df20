import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAdminAppRoutes } from "../../src/admin-app/admin-app-routes.ts";
import { locateAdminApp } from "../../src/admin-app/locate-admin-app.ts";
import type { OrgsyncService } from "../../src/service.ts";
import { useTestService } from "../service/test-service.ts";

/** A built admin app in a temporary folder: what `vite build` leaves in `apps/admin/dist`. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), "orgsync-admin-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>orgsync</title>");
  writeFileSync(join(dir, "assets", "index-abc123.js"), "console.log('app')");
  writeFileSync(join(dir, "favicon.svg"), "<svg/>");
  return dir;
}

function routeOf(dir: string | undefined) {
  const [route] = createAdminAppRoutes(dir)({} as OrgsyncService);
  if (!route) throw new Error("no route");
  return (path: string) => route.handle(new Request(`http://localhost${path}`), {});
}

describe("the admin app's static route", () => {
  const dir = fakeBuild();
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("serves index.html with a content security policy and no caching", async () => {
    const response = await routeOf(dir)("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(await response.text()).toContain("<title>orgsync</title>");
  });

  it("answers client-side routes with the app's page", async () => {
    for (const path of ["/runs/42", "/providers/new", "/settings"]) {
      const response = await routeOf(dir)(path);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain("<title>orgsync</title>");
    }
  });

  it("caches hashed assets for good and types them", async () => {
    const response = await routeOf(dir)("/assets/index-abc123.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe("console.log('app')");
  });

  it("answers a missing file with 404, not with the page", async () => {
    const response = await routeOf(dir)("/assets/gone-123.js");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: "no file /assets/gone-123.js in the admin app",
    });
  });

  it("never serves a file outside the build", async () => {
    const secret = join(dir, "..", `${dir.split("/").pop()}-secret.txt`);
    await writeFile(secret, "THE-SECRET-CONTENT");
    try {
      for (const path of [
        `/..%2f${secret.split("/").pop()}`,
        "/%2e%2e/%2e%2e/etc/passwd",
        "/assets/..%2f..%2f..%2fetc%2fpasswd",
        "/%E0%A4%A",
      ]) {
        const response = await routeOf(dir)(path);
        expect(await response.text(), path).not.toContain("THE-SECRET-CONTENT");
        expect([404, 200], path).toContain(response.status);
        if (response.status === 200) expect(response.headers.get("content-type")).toContain("html");
      }
    } finally {
      await rm(secret, { force: true });
    }
  });

  it("says how to build the app when it is not built", async () => {
    const missing = join(dir, "nowhere");
    const response = await routeOf(missing)("/");
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("pnpm --filter @orgsync/admin build");
    const unknown = await routeOf(undefined)("/sync");
    expect(unknown.status).toBe(503);
  });
});

describe("locating the admin app", () => {
  it("prefers ORGSYNC_ADMIN_DIR", () => {
    expect(locateAdminApp({ ORGSYNC_ADMIN_DIR: "/srv/admin" })).toBe("/srv/admin");
  });

  it("finds apps/admin/dist of the workspace from this package", () => {
    expect(locateAdminApp({})).toMatch(/apps\/admin\/dist$/);
  });

  it("gives up outside a workspace", () => {
    expect(locateAdminApp({}, tmpdir())).toBeUndefined();
  });
});

describe("the service's port serves the app beside its API", () => {
  const dir = fakeBuild();
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const t = useTestService("pglite", { runJobs: false, env: { ORGSYNC_ADMIN_DIR: dir } });

  it("keeps /graphql, /healthz and the event routes ahead of the app", async () => {
    const server = await t.listen();
    const page = await fetch(`${server.url}/directory`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>orgsync</title>");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const graphql = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ setupRequired }" }),
    });
    expect(await graphql.json()).toEqual({ data: { setupRequired: false } });
    const events = await fetch(`${server.url}/events/nosuch`, { method: "POST", body: "{}" });
    expect(events.headers.get("content-type")).toContain("application/json");
    expect((await fetch(`${server.url}/nothing-here`, { method: "POST" })).status).toBe(405);
    const wrongApiPath = await fetch(`${server.url}/events/nosuch/extra`);
    expect(wrongApiPath.status).toBe(404);
    expect(await wrongApiPath.json()).toMatchObject({ error: expect.stringContaining("no route") });
  });
});
