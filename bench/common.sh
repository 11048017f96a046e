# Shared by bench/generate and bench/run: a PostgreSQL cluster of the bench's own, and the app built in Release.
# BENCH_DATA (default /var/tmp/helpdesk-bench) holds the cluster, the app build and the logs; BENCH_PGPORT (54329)
# and BENCH_PORT (5099) are the ports on 127.0.0.1; BENCH_APP_DIR runs an existing build of the app instead of a
# Release publish (CI's tiny run uses the tests' build).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=${BENCH_DATA:-/var/tmp/helpdesk-bench}
pgport=${BENCH_PGPORT:-54329}
port=${BENCH_PORT:-5099}
db=${BENCH_DB:-helpdesk_bench}
mkdir -p "$data"
pgbin=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | tail -n 1)")
as_pg=()
if [ "$(id -u)" = 0 ]; then
  as_pg=(runuser -u postgres --)
  chmod o+rx "$data"
fi
export PGHOST=127.0.0.1 PGPORT=$pgport PGUSER=postgres PGPASSWORD=bench
conn="Host=127.0.0.1;Port=$pgport;Database=$db;Username=postgres;Password=bench;Maximum Pool Size=64"

pg_start() {
  if [ ! -f "$data/pg/PG_VERSION" ]; then
    mkdir -p "$data/pg"
    [ ${#as_pg[@]} -eq 0 ] || chown postgres:postgres "$data/pg"
    echo bench >"$data/pwfile"
    [ ${#as_pg[@]} -eq 0 ] || chown postgres "$data/pwfile"
    "${as_pg[@]}" "$pgbin/initdb" -D "$data/pg" -U postgres --pwfile "$data/pwfile" --auth scram-sha-256 -E UTF8 --no-locale >/dev/null
    # The app's embedded cluster and the compose file run with jit=off; the bench measures the same.
    cat >>"$data/pg/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pgport
unix_socket_directories = ''
max_connections = 200
shared_buffers = 1GB
work_mem = 16MB
maintenance_work_mem = 1GB
effective_cache_size = 8GB
max_wal_size = 8GB
checkpoint_timeout = 30min
jit = off
CONF
  fi
  if ! "${as_pg[@]}" "$pgbin/pg_ctl" -D "$data/pg" status >/dev/null 2>&1; then
    touch "$data/pg.log"
    [ ${#as_pg[@]} -eq 0 ] || chown postgres "$data/pg.log"
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$data/pg" -l "$data/pg.log" -w start >/dev/null
  fi
}

pg_stop() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$data/pg" -m fast -w stop >/dev/null 2>&1 || true; }

# db_copy: $db (BENCH_DB) as a fresh copy of the generated bench database, for a benchmark that writes (bench/jobs,
# bench/inbound, bench/imap); db_drop at its end.
db_copy() {
  db_drop
  echo "copying the bench database" >&2
  psql -d postgres -qc "CREATE DATABASE $db TEMPLATE helpdesk_bench STRATEGY FILE_COPY"
}
db_drop() { psql -d postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; }

app_build() {
  if [ -n "${BENCH_APP_DIR:-}" ]; then return 0; fi
  # The build is stamped with the source it came from (the committed tree and any uncommitted change), not file times.
  local stamp
  stamp="$(git -C "$repo" rev-parse HEAD:src) $(git -C "$repo" diff HEAD -- src | sha1sum | cut -c1-40)"
  if [ "$(cat "$data/app/.built" 2>/dev/null)" != "$stamp" ]; then
    echo "building the app (Release)" >&2
    nice -n 10 dotnet publish "$repo/src/HelpDesk.Web" -c Release -o "$data/app" --nologo -v q >/dev/null
    echo "$stamp" >"$data/app/.built"
  fi
}

# app_start DEMO [NAME=VALUE...]: starts the app on the bench database (no request log to the console; of the jobs
# only the report rollup, which keeps the hotspots' windows at today; the NAME=VALUE settings after DEMO override
# these); sets app_pid.
app_start() {
  app_build
  (cd "${BENCH_APP_DIR:-$data/app}" && exec env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__HelpDesk="$conn" Jobs__Outbox__Enabled=false \
    Jobs__SlaMonitor__Enabled=false Jobs__Checklist__Enabled=false Jobs__QualityCheck__Enabled=false \
    Seed__DemoData="${1:-false}" HelpDesk__PublicBaseUrl="http://127.0.0.1:$port" Security__SignInAttemptsPerMinute=1000 \
    Serilog__MinimumLevel__Default=Warning Serilog__MinimumLevel__Override__HelpDesk.Web.Infrastructure.LoggingBehavior=Warning \
    "${@:2}" dotnet HelpDesk.Web.dll --urls "http://127.0.0.1:$port" >"$data/app.log" 2>&1) &
  app_pid=$!
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$app_pid" 2>/dev/null || { echo "the app did not start:"; tail -n 20 "$data/app.log"; return 1; }
    sleep 1
  done
  echo "the app did not answer in 120 s"; return 1
}

app_stop() { if [ -n "${app_pid:-}" ]; then kill -TERM "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; app_pid=; fi; }
