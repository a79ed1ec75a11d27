# Sourced by scripts/test.sh (or run alone: `bash scripts/postgres.sh`):
# installs PostgreSQL from Debian's packages if missing, starts its cluster
# on loopback (there is no systemd on CI), creates a role that may create
# databases, and sets STAFFSCOPE_TEST_POSTGRES to it. Safe to run again:
# every step checks first. Needs root, or sudo.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null 2>&1; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi

pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
cluster() { pg_lsclusters --no-header | awk -v v="$pg_version" '$1 == v && $2 == "main"'; }
if [ -z "$(cluster)" ]; then
    as_root pg_createcluster "$pg_version" main
fi
if [ "$(cluster | awk '{ print $4 }')" != "online" ]; then
    as_root pg_ctlcluster "$pg_version" main start
fi
pg_port=$(cluster | awk '{ print $3 }')

# Wait until it accepts connections (a cluster just started may need a moment).
for _ in $(seq 1 30); do
    if as_postgres "psql -p $pg_port -Atqc 'SELECT 1'" >/dev/null 2>&1; then
        break
    fi
    sleep 1
done

# A role for the tests: it owns one database and may create more, one per test.
as_postgres "psql -p $pg_port -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'staffscope') THEN
        CREATE ROLE staffscope LOGIN CREATEDB PASSWORD 'staffscope';
    ELSE
        ALTER ROLE staffscope LOGIN CREATEDB PASSWORD 'staffscope';
    END IF;
END
$$;
SQL
if [ "$(as_postgres "psql -p $pg_port -Atqc \"SELECT 1 FROM pg_database WHERE datname = 'staffscope'\"")" != "1" ]; then
    as_postgres "createdb -p $pg_port -O staffscope staffscope"
fi

# Databases left by test runs that were killed (each test drops its own).
for leftover in $(as_postgres "psql -p $pg_port -Atqc \"SELECT datname FROM pg_database WHERE datname ~ '^staffscope_(it|unit)_[0-9_]+$'\""); do
    as_postgres "psql -p $pg_port -qc 'DROP DATABASE IF EXISTS $leftover WITH (FORCE)'"
done

STAFFSCOPE_TEST_POSTGRES="postgres://staffscope:staffscope@127.0.0.1:${pg_port}/staffscope"
echo "PostgreSQL $pg_version on 127.0.0.1:$pg_port; STAFFSCOPE_TEST_POSTGRES=postgres://staffscope:***@127.0.0.1:${pg_port}/staffscope"
