#!/usr/bin/env bash
# The README's run command: sets up a fresh machine, then runs orgsync on embedded defaults —
# the service on one port with PGlite, a local slapd while no LDAP directory is configured, the
# Feishu sandbox while no Feishu app is — and syncs groups, then users. Ctrl-C stops it.
# Environment variables (PORT, ORGSYNC_DATA_DIR, ORGSYNC_ADMIN_*…) are described in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-toolchain.sh
exec node --conditions=@orgsync/source --import tsx packages/api/src/cli/bin.ts demo "$@"
