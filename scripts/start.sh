#!/usr/bin/env bash
# The README's run command: sets up a fresh machine and runs orgsync on embedded defaults.
#
# Today that is the sync engine (packages/core): it reads a generated org chart, plans the
# directory changes, applies them to an in-memory directory and shows what it did. The
# service, the real OpenLDAP target and the Feishu provider arrive with their issues; this
# script will then start them instead.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-toolchain.sh
pnpm --filter @orgsync/core demo "$@"
