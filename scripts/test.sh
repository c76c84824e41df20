#!/usr/bin/env bash
# The README's test command: sets up a fresh machine and runs typecheck, lint and every test.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-toolchain.sh --tests

echo "== typecheck"
pnpm typecheck
echo "== lint"
pnpm lint
echo "== build"
pnpm build
echo "== tests"
mkdir -p .data
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.data/vitest-report.json || status=$?
# One closing line any CI can read, whatever the test runner printed above it.
node -e "
  const report = require('./.data/vitest-report.json');
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(report.numPassedTests + ' passed, ' + report.numFailedTests + ' failed, ' + skipped + ' skipped');
  if (report.numTotalTests === 0) { console.error('no test ran'); process.exit(1); }
" || status=1
exit "${status}"
