import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium, which `scripts/ensure-toolchain.sh` installs. */
export const CHROMIUM = process.env.ORGSYNC_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Headless Chromium as root on a machine without outside network: no sandbox (root), and none
 * of the background connections Chromium makes at start (they fail here, many at a time).
 * playwright gives each launch a fresh profile.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `admin e2e: no Chromium at ${CHROMIUM}; run \`bash scripts/ensure-toolchain.sh\` (installs Debian's chromium) or set ORGSYNC_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}
