import type { UserConfig } from "vitest/config";

/**
 * Resolution every package's tests share: internal packages resolve to their TypeScript source
 * through the `@orgsync/source` export condition (see tsconfig.base.json), never to a stale
 * `dist/`. Vite reads conditions per environment, so both lists carry it.
 */
export const sourceResolution: Pick<UserConfig, "resolve" | "ssr"> = {
  resolve: { conditions: ["@orgsync/source", "module", "node", "development|production"] },
  ssr: { resolve: { conditions: ["@orgsync/source", "module", "node", "development|production"] } },
};
