import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

/** `docs/screenshots/` of the repository: the README shows what the e2e run saw. */
export const SCREENSHOTS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "..",
  "docs",
  "screenshots",
);

export const VIEWPORT = { width: 1440, height: 900 };

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  // Let spinners settle and fonts render: the picture should show the page, not its loading.
  await page.waitForLoadState("networkidle").catch(() => {});
  // Transitions finish at once: a progress bar is shown at its value, not on its way there.
  await page.screenshot({
    path: join(SCREENSHOTS_DIR, `${name}.png`),
    fullPage: false,
    animations: "disabled",
  });
}
