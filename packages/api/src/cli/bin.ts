#!/usr/bin/env node
// The `orgsync` executable: everything is in `main.ts`, which tests import without running it.
import { main } from "./main.ts";

process.exitCode = await main(process.argv.slice(2));
