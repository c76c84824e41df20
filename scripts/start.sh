#!/usr/bin/env bash
# The README's run command: sets up a fresh machine, then runs orgsync on embedded defaults —
# the service on one port with PGlite, a local slapd while no LDAP directory is configured, the
# Feishu sandbox while no Feishu app is — and syncs groups, then users; the admin app is at the
# service's address. Ctrl-C stops it.
# Environment variables (PORT, ORGSYNC_DATA_DIR, ORGSYNC_ADMIN_*…) are described in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-toolchain.sh
# The admin app `orgsync serve` serves at http://localhost:4000/ (a second or two to build).
pnpm --filter @orgsync/admin build >/dev/null
exec node --conditions=@orgsync/source --import tsx packages/api/src/cli/bin.ts demo "$@"
