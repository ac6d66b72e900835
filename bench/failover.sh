#!/usr/bin/env bash
# Failover figures (docs/benchmarks.md, "Failover"): steady reads and writes through the gateway
# while
#   1. one of two config-service replicas is killed with kill -9;
#   2. every service, two replicas each, is restarted one replica at a time (bin/suite restart);
#   3. PostgreSQL is restarted (only with BENCH_PG_RESTART set to the command that restarts it,
#      e.g. "pg_ctlcluster 17 main restart": it disturbs everything else using that server).
# Each prints the error rate, whether every acknowledged write is present exactly once, and for 3
# how long after PostgreSQL answered each service was ready and a write went through again.
#
# Usage: bench/failover.sh [1] [2] [3]      (default: 1 2, plus 3 when BENCH_PG_RESTART is set)
# Env:   BENCH_SECONDS (30), BENCH_WORKERS (8), KONFIG_DB_NAME (konfig_failover)
# Runs the suite with bin/suite in its own database and stops it at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_PER_RUN=${BENCH_SECONDS:-30}
WORKERS=${BENCH_WORKERS:-8}
export KONFIG_DB_NAME="${KONFIG_DB_NAME:-konfig_failover}"
# The load comes from one address: lift the per-user budget so the limiter does not count as failures.
export KONFIG_RATE_LIMIT_USER_RATE="${KONFIG_RATE_LIMIT_USER_RATE:-100000}"
export KONFIG_RATE_LIMIT_USER_BURST="${KONFIG_RATE_LIMIT_USER_BURST:-100000}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
GW="http://127.0.0.1:${KONFIG_GATEWAY_PORT:-8080}"
SERVICES=(tenant-service auth-service config-service audit-service file-service gateway)

runs=("$@")
if [[ ${#runs[@]} -eq 0 ]]; then
	runs=(1 2)
	[[ -z "${BENCH_PG_RESTART:-}" ]] || runs+=(3)
fi

field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
post() { curl -fsS -X POST "$1" -H 'Content-Type: application/json' -d "$2" ${3:+-H "$3"}; }

setup() { # prints the token; the namespace is "failover"
	local suffix="$RANDOM$RANDOM" token
	token=$(post "$GW/api/v1/auth/register" \
		"{\"tenant_name\":\"Failover $suffix\",\"email\":\"failover-$suffix@example.com\",\"password\":\"failover-password-$suffix\",\"full_name\":\"Failover\"}" |
		field access_token)
	[[ -n "$token" ]] || { echo "bench: registering the load's organization failed" >&2; exit 1; }
	post "$GW/api/v1/namespaces" '{"name":"failover"}' "Authorization: Bearer $token" >/dev/null
	echo "$token"
}

load() { # gateways token seconds
	"$JAVA" bench/FailoverLoad.java "$1" "$2" failover "$3" "$WORKERS"
}

pid_of() { tr -dc '0-9' <".run/$1.pid"; }

run_kill() {
	echo "== 1. kill -9 one of two config-service replicas under load (${SECONDS_PER_RUN}s)"
	bin/suite down >/dev/null
	bin/suite up --scale config-service=2 >/dev/null
	local token
	token=$(setup)
	load "$GW" "$token" "$SECONDS_PER_RUN" &
	local loader=$!
	sleep $((SECONDS_PER_RUN / 3))
	echo "killing config-service-2 (pid $(pid_of config-service-2))"
	kill -9 "$(pid_of config-service-2)"
	wait "$loader" || echo "FAILED: acknowledged writes are missing"
}

run_rolling() {
	echo "== 2. rolling restart of every service, two replicas each, under load"
	bin/suite down >/dev/null
	local scale=() name
	for name in "${SERVICES[@]}"; do scale+=(--scale "$name=2"); done
	bin/suite up "${scale[@]}" >/dev/null
	local token
	token=$(setup)
	local started=$SECONDS
	# Long enough for every restart; the loader goes to both gateways, like a load balancer would.
	local stop=".run/failover-stop"
	rm -f "$stop"
	load "$GW,http://127.0.0.1:$((${KONFIG_GATEWAY_PORT:-8080} + 10))" "$token" "until:$stop" &
	local loader=$!
	for name in "${SERVICES[@]}"; do
		bin/suite restart "$name" | sed 's/^/  /'
	done
	echo "restarts took $((SECONDS - started))s"
	touch "$stop"
	wait "$loader" || echo "FAILED: acknowledged writes are missing"
}

run_postgres() {
	echo "== 3. PostgreSQL restarted under load"
	bin/suite down >/dev/null
	bin/suite up >/dev/null
	local token
	token=$(setup)
	load "$GW" "$token" "$SECONDS_PER_RUN" &
	local loader=$!
	sleep $((SECONDS_PER_RUN / 3))
	echo "restarting PostgreSQL: $BENCH_PG_RESTART"
	eval "$BENCH_PG_RESTART"
	local answered
	until pg_isready -q -h "${KONFIG_DB_HOST:-127.0.0.1}" -p "${KONFIG_DB_PORT:-5432}"; do sleep 0.1; done
	answered=$(date +%s%N)
	echo "PostgreSQL answers again"
	local name port
	for name in "${SERVICES[@]}"; do
		port=$(cat ".run/$name.port")
		until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null; do sleep 0.1; done
		echo "  $name ready $(( ($(date +%s%N) - answered) / 1000000 )) ms after PostgreSQL answered"
	done
	until curl -fs -o /dev/null -X POST "$GW/api/v1/namespaces/failover/configs" -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/json' -d "{\"key\":\"after_$RANDOM$RANDOM\",\"value\":1,\"value_type\":\"number\"}"; do
		sleep 0.1
	done
	echo "  a write through the gateway committed $(( ($(date +%s%N) - answered) / 1000000 )) ms after PostgreSQL answered"
	wait "$loader" || echo "FAILED: acknowledged writes are missing"
}

trap 'bin/suite down >/dev/null 2>&1 || true' EXIT
for run in "${runs[@]}"; do
	case "$run" in
	1) run_kill ;;
	2) run_rolling ;;
	3)
		[[ -n "${BENCH_PG_RESTART:-}" ]] || { echo "run 3 needs BENCH_PG_RESTART" >&2; exit 2; }
		run_postgres
		;;
	*) echo "unknown run $run" >&2; exit 2 ;;
	esac
done
