#!/usr/bin/env bash
# Makes sure this machine has the Node.js and pnpm the project pins, then installs the
# workspace from the lockfile. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

required_node="20.19.0"
if ! command -v node >/dev/null 2>&1; then
  echo "orgsync: Node.js ${required_node} or newer is needed; install it (e.g. 'apt-get install nodejs') and run again" >&2
  exit 1
fi
if ! node -e "
  const [a, b, c] = process.versions.node.split('.').map(Number);
  const [x, y, z] = '${required_node}'.split('.').map(Number);
  process.exit(a > x || (a === x && (b > y || (b === y && c >= z))) ? 0 : 1);
"; then
  echo "orgsync: Node.js $(node --version) is too old; ${required_node} or newer is needed" >&2
  exit 1
fi

# The pnpm version comes from package.json's packageManager field, so there is one place to bump it.
pnpm_version="$(node -p "require('./package.json').packageManager.split('@')[1]")"
if [ "$(pnpm --version 2>/dev/null || true)" != "${pnpm_version}" ]; then
  echo "orgsync: installing pnpm ${pnpm_version}"
  npm install --global --no-fund --no-audit "pnpm@${pnpm_version}" >/dev/null
fi

pnpm install --frozen-lockfile --reporter=append-only
