import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateOrg } from "@orgsync/core/testing";
import { ALL_SCOPES } from "@orgsync/provider-feishu/sandbox";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./harness/browser.ts";
import { buildAdminApp } from "./harness/build-admin-app.ts";
import { ADMIN, type AdminEnvironment, startAdminEnvironment } from "./harness/environment.ts";
import { ldapDns } from "./harness/ldap.ts";
import { screenshot, VIEWPORT } from "./harness/screenshots.ts";

/**
 * The seed guide's whole procedure, done by an admin in a real browser: log in, connect the
 * directory, add the Feishu app, fix the permission the checklist finds missing, save field
 * relations, preview and sync groups then users while watching progress, open a failed
 * object's error, and approve a held mass departure. Every page is photographed on the way
 * (1440×900) into docs/screenshots/ for the README.
 */

/** The permission the sandbox's app starts without: the checklist must catch it. */
const WITHHELD_SCOPE = "contact:user.email:readonly";
const USERS = 120;
/** 20 of 120 leave at once: over the default 10 % threshold, so the run waits for approval. */
const LEAVERS = 20;

const org = generateOrg({ users: USERS, departments: 12, seed: 2027, multiDepartmentShare: 0.1 });
const active = org.users.filter((user) => user.status === "active");
/** Someone whose mobile number no telephone-number syntax accepts: slapd refuses the entry. */
const unwritable = active[3];
if (!unwritable) throw new Error("e2e: the generated org has too few active people");
unwritable.raw = { ...unwritable.raw, mobile: "☎ call reception" };

describe("the admin app in Chromium", () => {
  let appDir: string;
  let env: AdminEnvironment;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    appDir = await buildAdminApp();
    env = await startAdminEnvironment({
      adminAppDir: appDir,
      org,
      scopes: ALL_SCOPES.filter((scope) => scope !== WITHHELD_SCOPE),
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: VIEWPORT, locale: "en-US" });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  // A failing step leaves a picture of what the browser showed, for CI logs.
  afterEach(async (context) => {
    if (context.task.result?.state !== "fail" || !page) return;
    const path = join(tmpdir(), `orgsync-e2e-${context.task.name.replace(/\W+/g, "-")}.png`);
    await page.screenshot({ path }).catch(() => {});
    console.error(`admin e2e: the page at the failure is in ${path}`);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    if (appDir) await rm(appDir, { recursive: true, force: true });
  });

  it("logs in", async () => {
    await page.goto(env.url);
    await page.getByLabel("Username").fill(ADMIN.username);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expectVisible(page.getByText("Wrong username or password."));
    await screenshot(page, "01-login");
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expectVisible(page.getByRole("navigation", { name: "Main" }));
  });

  it("connects the LDAP directory", async () => {
    await openPage(page, "Settings");
    await page.getByLabel("Server URL").fill(env.slapd.url);
    await page.getByLabel("Bind DN").fill(env.slapd.adminDn);
    await page.getByLabel("Bind password").fill(env.slapd.adminPassword);
    await page.getByLabel("Base DN").fill(env.slapd.baseDn);
    await page.getByLabel("Initial password", { exact: true }).fill("Welcome-2026!");
    await page.getByRole("button", { name: "Test connection" }).first().click();
    await expectVisible(page.getByText("The directory works with these settings."));
    await page.getByRole("button", { name: "Save directory settings" }).click();
    await expectVisible(page.getByText(/^Saved(\.|, but some checks need attention)/));
  });

  it("creates the Feishu provider", async () => {
    await openPage(page, "Providers");
    await page.getByRole("link", { name: "Add provider" }).first().click();
    await page.getByLabel("Name", { exact: true }).fill("Acme (Feishu)");
    await page.getByLabel("App ID").fill(env.sandbox.app.appId);
    await page.getByLabel("App Secret").fill(env.sandbox.app.appSecret);
    await page.getByLabel(/^Domain/).fill(env.sandbox.url);
    await screenshot(page, "04-provider-edit");
    await page.getByRole("button", { name: "Create provider" }).click();
    await expectVisible(page.getByRole("button", { name: "Test connection" }));
  });

  it("shows the missing permission on the checklist, and turns it green once granted", async () => {
    await openPage(page, "Set-up");
    const check = page.locator(`[data-check="permission:${WITHHELD_SCOPE}"]`);
    await expect.poll(() => check.getAttribute("class")).toMatch(/check-(missing|failed|warning)/);
    await screenshot(page, "02-setup-checklist");

    env.sandbox.setApp({ scopes: [...ALL_SCOPES] });
    await page.getByRole("button", { name: "Check again" }).first().click();
    await expect.poll(() => check.getAttribute("class")).toMatch(/check-ok/);
  });

  it("saves the field relations", async () => {
    await openPage(page, "Field relations");
    // Nothing saved yet: both editors hold the provider's defaults; saving them is the step.
    await page.getByRole("button", { name: "Save group relations" }).click();
    await expectVisible(page.getByText("Saved as version 1."));
    await page.getByRole("tab", { name: "Users" }).click();
    await page.getByRole("button", { name: "Save user relations" }).click();
    await expectVisible(page.getByText("Saved as version 1.").filter({ visible: true }));
    await screenshot(page, "05-field-relations");
  });

  it("previews and syncs the groups, then the users, watching progress", async () => {
    await openPage(page, "Sync");
    await page.getByRole("button", { name: "Sync groups" }).click();
    await expectVisible(page.getByText(/Preview: /));
    await page.getByRole("button", { name: "Apply changes" }).click();
    await expectVisible(page.getByText(/Sync finished: /), 120_000);
    const groups = await ldapDns(env.slapd, env.slapd.baseDn, "(objectClass=orgsyncManaged)");
    expect(groups.length).toBeGreaterThanOrEqual(12);

    await page.getByRole("button", { name: "Start another sync" }).click();
    await page.getByRole("button", { name: "Sync users" }).click();
    await expectVisible(page.getByText(/Preview: /));
    await screenshot(page, "06-sync-preview");
    // Watch from before the click: a small run may pass through its progress bar quickly.
    const progressShown = expectVisible(page.getByRole("progressbar", { name: "Run progress" }));
    await page.getByRole("button", { name: "Apply changes" }).click();
    await progressShown;
    await expectVisible(page.getByText(/Sync finished: /), 120_000);
  });

  it("opens a failed object's error", async () => {
    await page.getByRole("link", { name: "Open the run's detail" }).click();
    // The one person slapd refused is grouped under its category, with the fix.
    const category = page.getByRole("region", { name: "Schema violation" });
    await expectVisible(category);
    await category
      .getByRole("button", { name: /^Open the error of / })
      .first()
      .click();
    const dialog = page.getByRole("dialog");
    await expectVisible(dialog);
    await expect.poll(() => dialog.textContent()).toMatch(/mobile/i);
    await screenshot(page, "08-run-detail");
    await dialog.getByRole("button", { name: "Close" }).click();
    await openPage(page, "Runs");
    await expectVisible(page.getByRole("table").first());
    await screenshot(page, "07-runs");
  });

  it("holds a mass departure for approval and applies exactly it once approved", async () => {
    const leavers = active.slice(10, 10 + LEAVERS);
    for (const user of leavers) await env.sandbox.resign(user.id);
    await openPage(page, "Sync");
    await page.getByRole("button", { name: "Sync users" }).click();
    await expectVisible(page.getByText("Applying this plan will stop for approval"));
    await page.getByRole("button", { name: "Apply changes" }).click();
    await page.getByRole("button", { name: /^Apply and remove/ }).click();
    await expectVisible(page.getByText(/Sync held for approval/), 120_000);
    await screenshot(page, "09-sync-approval");
    await page.getByRole("button", { name: "Approve and apply" }).click();
    await expectVisible(page.getByText(/Sync finished: /), 120_000);
    // Exactly the leavers are disabled in LDAP (disabling never deletes: policy `disable`).
    const disabled = await ldapDns(env.slapd, env.slapd.baseDn, "(orgsyncDisabled=TRUE)");
    expect(disabled).toHaveLength(LEAVERS);
  });

  it("shows the directory, the settings and the audit log", async () => {
    await openPage(page, "Directory");
    const tree = page.getByRole("tree", { name: "Departments in the directory" });
    await tree.getByRole("treeitem").nth(1).click();
    await expectVisible(page.getByRole("table", { name: /^Members of / }));
    await screenshot(page, "10-directory");
    await openPage(page, "Settings");
    await expectVisible(page.getByLabel("Server URL"));
    await screenshot(page, "11-settings");
    await openPage(page, "Audit log");
    await expectVisible(page.getByRole("table").first());
    await screenshot(page, "12-audit");
    await openPage(page, "Providers");
    await expectVisible(page.getByRole("table").first());
    await screenshot(page, "03-providers");

    // The same app in Chinese, as a browser set to Chinese opens it.
    await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
    await page
      .getByRole("navigation", { name: "主导航" })
      .getByRole("link", { name: "接入向导" })
      .click();
    await expectVisible(page.getByRole("button", { name: "重新检查" }));
    await screenshot(page, "13-setup-checklist-zh");
    await page.getByRole("combobox", { name: "语言" }).selectOption("en");
    expect(pageErrors).toEqual([]);
  });
});

/** Follows a link of the app's main navigation (pages have their own, e.g. breadcrumbs). */
async function openPage(page: Page, name: string): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name }).click();
}

async function expectVisible(
  locator: ReturnType<Page["locator"]>,
  timeout = 30_000,
): Promise<void> {
  await locator.waitFor({ state: "visible", timeout });
}
