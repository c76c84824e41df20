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

# The LDAP tests run Debian's real slapd (@orgsync/ldap/testing): the server, the ldap-utils the
# tests check it with, and openssl for the throwaway TLS certificates.
missing_debs=()
[ -x /usr/sbin/slapd ] || missing_debs+=(slapd)
command -v ldapsearch >/dev/null 2>&1 || missing_debs+=(ldap-utils)
command -v openssl >/dev/null 2>&1 || missing_debs+=(openssl)
# `--tests`: the admin app's end-to-end tests drive Debian's Chromium with playwright-core (a
# workspace dependency, so no browser download from elsewhere), and its screenshots need a CJK
# font for the Chinese in them; running the product needs neither.
if [ "${1:-}" = "--tests" ]; then
  [ -x /usr/bin/chromium ] || missing_debs+=(chromium)
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing_debs+=(fonts-wqy-microhei)
fi
if [ "${#missing_debs[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "orgsync: orgsync needs Debian's ${missing_debs[*]}; install them (as root: apt-get install -y --no-install-recommends ${missing_debs[*]}) and run again" >&2
    exit 1
  fi
  echo "orgsync: installing ${missing_debs[*]}"
  # The tests start their own slapd on a free port; the package must not start (or leave
  # running) the system-wide one. invoke-rc.d asks policy-rc.d, and 101 means "not allowed".
  # A policy-rc.d that is already there belongs to the machine: keep it and leave it alone.
  policy_rc_d=/usr/sbin/policy-rc.d
  created_policy_rc_d=""
  if [ ! -e "${policy_rc_d}" ]; then
    trap 'rm -f "${policy_rc_d}"' EXIT
    printf '#!/bin/sh\nexit 101\n' >"${policy_rc_d}"
    chmod +x "${policy_rc_d}"
    created_policy_rc_d=1
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_debs[@]}" >/dev/null
  if [ -n "${created_policy_rc_d}" ]; then
    rm -f "${policy_rc_d}"
    trap - EXIT
  fi
fi

# The service's tests run on PostgreSQL as well as the embedded PGlite: start the machine's
# cluster when it is installed but down (ORGSYNC_TEST_POSTGRES_URL points elsewhere otherwise).
if [ -z "${ORGSYNC_TEST_POSTGRES_URL:-}" ] && command -v pg_isready >/dev/null 2>&1 \
  && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "orgsync: starting the local PostgreSQL cluster"
    for version in $(ls /etc/postgresql 2>/dev/null); do
      pg_ctlcluster --skip-systemctl-redirect "${version}" main start || true
    done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || {
    echo "orgsync: the tests need PostgreSQL on 127.0.0.1:5432 (trust auth, a user that may create databases), or ORGSYNC_TEST_POSTGRES_URL" >&2
    exit 1
  }
fi

pnpm install --frozen-lockfile --reporter=append-only
