#!/usr/bin/env bash
# Runs Helmdesk's benchmarks for one backend and prints a markdown table:
#   bench/run.sh sqlite|postgres
# Builds the release binaries, seeds a database with $TICKETS tickets (default 1,000,000),
# $ASSETS assets (100,000), $CIS configuration items (100,000) and $RELATIONS relationships
# (500,000; the core item has 10,000 dependants), $INSTALLATIONS software installations
# over the assets ($ASSETS * 20 by default, 2,000,000; 0: no software) of
# $SOFTWARE_PRODUCTS products (2,000) with $LICENCES licences (50) and an enrolment token,
# $ARTICLES knowledge-base articles (10,000; 0: no knowledge base, catalog or portal
# scenarios) with the catalog and the portal's employee
# (an existing seeded database with its manifest is reused unless RESEED=1), starts
# `helmdesk serve` on a free port of 127.0.0.1, runs the load scenarios against it, stops
# it, and leaves everything under bench/out/BACKEND/ (seed.log, serve.log, load.log,
# results.json, results.md).
# Environment: TICKETS, RESEED=1, SKIP_BUILD=1 (use the binaries in target/release), SECONDS_PER_SCENARIO (15), WARMUP (3), READ_CLIENTS (4),
# ONLY (comma-separated scenario names), POSTGRES_URL (default
# postgres://postgres@127.0.0.1:5432), BENCH_DB (the PostgreSQL database, default
# helmdesk_bench), LIVE_LISTENERS (event streams held open during the scenarios, default 0),
# BIN_DIR (where the release binaries are, default $CARGO_TARGET_DIR/release or target/release), SERVER_BIN (another
# build's `helmdesk` to serve, e.g. the code before a change), AGENTS (after the
# scenarios, a fresh server receives that many FusionInventory agents' reports, each a
# new device: bench/src/bin/agents.rs; default 0; AGENT_CONCURRENCY, default 32),
# SKIP_SCENARIOS=1 (run no load scenario, e.g. only the agents).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
backend=${1:?usage: bench/run.sh sqlite|postgres}
tickets=${TICKETS:-1000000}
assets=${ASSETS:-100000}
cis=${CIS:-100000}
relations=${RELATIONS:-500000}
installations=${INSTALLATIONS:-$((assets * 20))}
software_products=${SOFTWARE_PRODUCTS:-2000}
licences=${LICENCES:-50}
agents=${AGENTS:-0}
articles=${ARTICLES:-10000}
out="$root/bench/out/$backend"
mkdir -p "$out"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  step "Building release binaries"
  cargo build --release --locked -p helmdesk -p helmdesk-bench
fi
bin=${BIN_DIR:-${CARGO_TARGET_DIR:-$root/target}/release}

case "$backend" in
  sqlite)
    url="sqlite://$out/data/helmdesk.db"
    fresh() { rm -rf "$out/data"; mkdir -p "$out/data"; }
    exists() { [ -f "$out/data/helmdesk.db" ]; }
    ;;
  postgres)
    server=${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
    db=${BENCH_DB:-helmdesk_bench}
    url="$server/$db"
    fresh() {
      psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
      psql "$server/postgres" -qc "CREATE DATABASE $db"
    }
    exists() { psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; }
    ;;
  *) echo "unknown backend $backend: use sqlite or postgres" >&2; exit 2 ;;
esac
export HELMDESK_DATABASE_URL=$url HELMDESK_DATA_DIR="$out/data"
manifest="$out/manifest.json"

seeded() {
  [ -f "$manifest" ] && exists && grep -q "\"tickets\": $tickets," "$manifest" \
    && { [ "$assets" = 0 ] || grep -q "\"assets\": $assets," "$manifest"; } \
    && { [ "$cis" = 0 ] || grep -q "\"cis\": $cis," "$manifest"; } \
    && { [ "$installations" = 0 ] || [ "$assets" = 0 ] || grep -q "\"installations\": $installations," "$manifest"; } \
    && { [ "$articles" = 0 ] || grep -q "\"articles\": $articles," "$manifest"; }
}
if [ "${RESEED:-0}" = 1 ] || ! seeded; then
  step "Seeding $tickets tickets, $assets assets, $cis configuration items, $installations installations, $articles articles ($backend)"
  fresh
  "$bin/helmdesk" migrate
  echo "load before seeding: $(cat /proc/loadavg)" | tee "$out/seed.log"
  /usr/bin/time -v "$bin/seed" --tickets "$tickets" --assets "$assets" --cis "$cis" --relations "$relations" --installations "$installations" --software-products "$software_products" --licences "$licences" --articles "$articles" --data-dir "$out/data" --manifest "$manifest" 2>"$out/seed.time" | tee -a "$out/seed.log"
  grep -E "Elapsed|Maximum resident" "$out/seed.time" | tee -a "$out/seed.log"
  echo "load after seeding: $(cat /proc/loadavg)" | tee -a "$out/seed.log"
else
  step "Reusing the seeded database ($(grep -o '"seeded_at": "[^"]*"' "$manifest"))"
fi
case "$backend" in
  sqlite) du -h "$out/data/helmdesk.db" | tee "$out/size.txt" ;;
  postgres) psql "$url" -tAc "SELECT pg_size_pretty(pg_database_size(current_database()))" | tee "$out/size.txt" ;;
esac

start_server() {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${SERVER_BIN:-$bin/helmdesk}" serve --listen "127.0.0.1:$port" >"$out/$1" 2>&1 &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { echo "the server did not start" >&2; tail -20 "$out/$1" >&2; exit 1; }
  echo "server pid $server_pid on port $port; RSS at start: $(grep VmRSS /proc/$server_pid/status)"
}
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  trap - EXIT
}

token=$("$bin/helmdesk" token create --email agent@bench.example --name "bench $(date +%s)" 2>/dev/null)
admin_token=$("$bin/helmdesk" token create --email admin@bench.example --name "bench admin $(date +%s)" 2>/dev/null)
employee=$(python3 -c 'import json, sys; print((json.load(open(sys.argv[1])).get("portal") or {}).get("requester_email", ""))' "$manifest")
requester_token=
[ -n "$employee" ] && requester_token=$("$bin/helmdesk" token create --email "$employee" --name "bench portal $(date +%s)" 2>/dev/null)
if [ "${SKIP_SCENARIOS:-0}" != 1 ]; then
  step "Starting the server"
  start_server serve.log

  step "Running the scenarios"
  echo "load before: $(cat /proc/loadavg)" | tee "$out/load.log"
  BENCH_TOKEN=$token BENCH_ADMIN_TOKEN=$admin_token BENCH_REQUESTER_TOKEN=$requester_token "$bin/load" --base-url "http://127.0.0.1:$port" --manifest "$manifest" \
    --server-pid "$server_pid" --seconds "${SECONDS_PER_SCENARIO:-15}" --warmup "${WARMUP:-3}" \
    --read-clients "${READ_CLIENTS:-4}" --live-listeners "${LIVE_LISTENERS:-0}" ${ONLY:+--only "$ONLY"} \
    --json "$out/results.json" | tee -a "$out/load.log"
  echo "load after: $(cat /proc/loadavg)" | tee -a "$out/load.log"

  step "Stopping the server"
  stop_server
  sed -n '/^| scenario/,$p' "$out/load.log" >"$out/results.md"
  echo "results: $out/results.md"
fi

if [ "$agents" != 0 ]; then
  # A server of its own, so that its peak memory is the agents' alone.
  step "Starting a fresh server for $agents agents"
  start_server serve-agents.log
  step "$agents agents report, ${AGENT_CONCURRENCY:-32} at a time"
  echo "load before: $(cat /proc/loadavg)" | tee "$out/agents.log"
  "$bin/agents" --base-url "http://127.0.0.1:$port" --manifest "$manifest" --server-pid "$server_pid" \
    --agents "$agents" --concurrency "${AGENT_CONCURRENCY:-32}" --json "$out/agents.json" | tee -a "$out/agents.log"
  echo "load after: $(cat /proc/loadavg)" | tee -a "$out/agents.log"
  step "Stopping the server"
  stop_server
fi
