#!/usr/bin/env bash
# Benchmark: config updates through the gateway against the database's own ceiling for the same
# work. Alternating rounds of:
#   gateway   wrk PUTs of a number config (If-Match: *) with a bearer token, spread over
#             BENCH_NAMESPACES namespaces (bench/put-configs.lua)
#   pgbench   the statements config-service commits for one such update (bench/config-update.pgbench:
#             namespace lock and revision, config read and update, history row, notification,
#             outbox row and its notification), same connections, on a scratch copy of the tables
# then the same two for a single namespace, where every update waits for the namespace row's
# lock. Ratios in the last lines; method and recorded figures in docs/benchmarks.md.
# Needs wrk, psql and pgbench (Debian: postgresql-client, postgresql-contrib).
# Env: BENCH_CONNECTIONS (8), BENCH_DURATION (10s), BENCH_ROUNDS (2), BENCH_NAMESPACES (8),
#      KONFIG_GATEWAY_PORT (8080), KONFIG_DB_HOST/PORT/NAME/USER/PASSWORD (as bin/suite)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CONNECTIONS=${BENCH_CONNECTIONS:-8}
DURATION=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-2}
NAMESPACES=${BENCH_NAMESPACES:-8}
GW="http://127.0.0.1:${KONFIG_GATEWAY_PORT:-8080}"
export PGHOST=${KONFIG_DB_HOST:-127.0.0.1} PGPORT=${KONFIG_DB_PORT:-5432} PGDATABASE=${KONFIG_DB_NAME:-konfig}
export PGUSER=${KONFIG_DB_USER:-postgres} PGPASSWORD=${KONFIG_DB_PASSWORD:-}
SCRATCH=konfig_bench_writes
for tool in wrk psql pgbench; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 1; }
done
if ! curl -fs "$GW/actuator/health/readiness" >/dev/null 2>&1; then
	KONFIG_RATE_LIMIT_USER_RATE=${KONFIG_RATE_LIMIT_USER_RATE:-1000000} \
		KONFIG_RATE_LIMIT_USER_BURST=${KONFIG_RATE_LIMIT_USER_BURST:-2000000} bin/suite up
fi

# shellcheck source=bench/common.sh
source bench/common.sh
token=$(register_owner "Write bench")
auth="Authorization: Bearer $token"
for i in $(seq 1 "$NAMESPACES"); do
	ns_id=$(curl -fsS -X POST "$GW/api/v1/namespaces" -H "$auth" -H 'Content-Type: application/json' -d "{\"name\":\"w$i\"}" | field id)
	curl -fsS -X POST "$GW/api/v1/namespaces/w$i/configs" -H "$auth" -H 'Content-Type: application/json' \
		-d '{"key":"counter","value":0,"value_type":"number"}' >/dev/null
done
org=$(psql -X -At -c "SELECT organization_id FROM config.namespaces WHERE id = '$ns_id'")

# The scratch copy: same columns, indexes, checks and foreign key, this organization's rows.
cleanup() { psql -X -q -c "DROP SCHEMA IF EXISTS $SCRATCH CASCADE" >/dev/null 2>&1 || true; }
trap cleanup EXIT
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<-SQL
	DROP SCHEMA IF EXISTS $SCRATCH CASCADE;
	CREATE SCHEMA $SCRATCH;
	CREATE TABLE $SCRATCH.namespaces (LIKE config.namespaces INCLUDING ALL);
	CREATE TABLE $SCRATCH.configs (LIKE config.configs INCLUDING ALL,
		FOREIGN KEY (namespace_id) REFERENCES $SCRATCH.namespaces (id) ON DELETE CASCADE);
	CREATE TABLE $SCRATCH.config_history (LIKE config.config_history INCLUDING ALL);
	CREATE SEQUENCE $SCRATCH.outbox_seq;
	CREATE TABLE $SCRATCH.outbox (LIKE config.outbox INCLUDING ALL);
	ALTER TABLE $SCRATCH.outbox ALTER COLUMN seq SET DEFAULT nextval('$SCRATCH.outbox_seq');
	INSERT INTO $SCRATCH.namespaces SELECT * FROM config.namespaces WHERE organization_id = '$org';
	INSERT INTO $SCRATCH.configs SELECT * FROM config.configs WHERE organization_id = '$org';
SQL

gateway() { # namespaces -> req/s
	BENCH_NAMESPACES=$1 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/put-configs.lua -H "$auth" -H 'If-Match: *' \
		-H 'Content-Type: application/json' "$GW" | awk '/^Requests\/sec:/ {r=$2} /Non-2xx/ {e=" non-2xx:" $5} END {print r e}'
}
database() { # namespaces -> tx/s
	PGOPTIONS="-c search_path=$SCRATCH" pgbench -n -c "$CONNECTIONS" -j 2 -T "${DURATION%s}" -f bench/config-update.pgbench \
		-D org="$org" -D namespaces="$1" 2>&1 | awk '/^tps = / {print $3} /failed transactions: [1-9]/ {print "failed:", $4}' | paste -sd' ' -
}

echo "config updates, $CONNECTIONS connections, $ROUNDS rounds of $DURATION: over $NAMESPACES namespaces, then over one" >&2
gateway "$NAMESPACES" >/dev/null # warm-up
results=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
	for spread in "$NAMESPACES" 1; do
		g=$(gateway "$spread")
		d=$(database "$spread")
		printf 'round %s  %s namespace(s): gateway %10s req/s   pgbench %10s tx/s   (load %s)\n' "$round" "$spread" "$g" "$d" "$(cut -d' ' -f1 /proc/loadavg)" >&2
		echo "$spread ${g%% *} ${d%% *}" >>"$results"
	done
done
awk -v many="$NAMESPACES" '
	{ g[$1] += $2; d[$1] += $3; n[$1]++ }
	END {
		printf "mean  %s namespaces: gateway %.0f req/s, pgbench %.0f tx/s\n", many, g[many]/n[many], d[many]/n[many]
		printf "mean  1 namespace:  gateway %.0f req/s, pgbench %.0f tx/s (the row lock allows one update per commit)\n", g[1]/n[1], d[1]/n[1]
		printf "ratio gateway / pgbench, %s namespaces: %.2f (goal >= 0.50)\n", many, (g[many]/n[many]) / (d[many]/n[many])
		printf "ratio gateway / pgbench, 1 namespace:  %.2f\n", (g[1]/n[1]) / (d[1]/n[1])
	}' "$results"
rm -f "$results"
