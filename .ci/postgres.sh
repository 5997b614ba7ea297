#!/usr/bin/env bash
# Installs the PostgreSQL server binaries the PostgresAccess sample's tests need, when they are missing.
# The tests start and stop their own throwaway cluster (initdb + pg_ctl on a free 127.0.0.1 port), so nothing
# is started here and the Debian package's own cluster is not needed. Idempotent and non-interactive.
set -euo pipefail

if compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null; then
  echo "PostgreSQL server binaries present: $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# postgresql-common would create and start a default cluster; the tests do not use it, so stop it right away.
apt-get install -y -qq --no-install-recommends postgresql > /dev/null
if command -v pg_lsclusters > /dev/null; then
  pg_lsclusters --no-header 2>/dev/null | while read -r version name _; do
    pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
  done
fi
compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null
echo "PostgreSQL installed: $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"
