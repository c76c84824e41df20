// @vitest-environment node
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

it("is generated from the service's current schema (else: pnpm --filter @orgsync/admin graphql:generate)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "orgsync-gql-tada-"));
  try {
    const output = join(dir, "graphql-env.d.ts");
    await promisify(execFile)(
      join(APP_ROOT, "node_modules", ".bin", "gql-tada"),
      ["generate", "output", "--tsconfig", join(APP_ROOT, "tsconfig.json"), "--output", output],
      { cwd: APP_ROOT },
    );
    const fresh = await readFile(output, "utf8");
    const checkedIn = await readFile(join(APP_ROOT, "src", "graphql", "graphql-env.d.ts"), "utf8");
    expect(checkedIn === fresh).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
