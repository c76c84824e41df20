#!/usr/bin/env node
// The wecom sandbox CLI, run from source (see @orgsync/core/run-source).
import { runSource } from "@orgsync/core/run-source";

runSource(new URL("../src/sandbox/cli.ts", import.meta.url), {
  from: import.meta.url,
  name: "wecom sandbox",
});
