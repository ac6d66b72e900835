#!/usr/bin/env bash
# Benchmark: how soon a freshly started config-service serves at its warm rate. Restarts
# config-service (through bin/suite's pid file, with bin/suite's JDK, flags and AOT cache), then
# reads the values map directly with wrk for the first BENCH_FIRST (30s) after readiness, keeps
# the load on for BENCH_SOAK (5m), and measures BENCH_FIRST again. Last line: the ratio (goal
# >= 0.7). Method and figures: docs/benchmarks.md.
# Env: BENCH_CONNECTIONS (64), BENCH_FIRST (30s), BENCH_SOAK (300s), KONFIG_GATEWAY_PORT (8080),
#      KONFIG_CONFIG_PORT (8083)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CONNECTIONS=${BENCH_CONNECTIONS:-64}
FIRST=${BENCH_FIRST:-30s}
SOAK=${BENCH_SOAK:-300s}
GW="http://127.0.0.1:${KONFIG_GATEWAY_PORT:-8080}"
CONFIG="http://127.0.0.1:${KONFIG_CONFIG_PORT:-8083}"
command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is needed" >&2; exit 1; }
curl -fs "$GW/actuator/health/readiness" >/dev/null 2>&1 || bin/suite up

# shellcheck source=bench/common.sh
source bench/common.sh
token=$(register_owner "Warm-up bench")
auth="Authorization: Bearer $token"
curl -fsS -X POST "$GW/api/v1/namespaces" -H "$auth" -H 'Content-Type: application/json' -d '{"name":"bench"}' >/dev/null
for i in $(seq 1 20); do
	curl -fsS -X POST "$GW/api/v1/namespaces/bench/configs" -H "$auth" -H 'Content-Type: application/json' \
		-d "{\"key\":\"setting_$i\",\"value\":\"value number $i\",\"value_type\":\"string\"}" >/dev/null
done

pid=$(cat .run/config-service.pid)
echo "restarting config-service (pid $pid)" >&2
kill -TERM "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
bin/suite up >/dev/null
rate() { wrk -t2 -c"$CONNECTIONS" -d"$1" -H "$auth" "$CONFIG/api/v1/namespaces/bench/values" | awk '/^Requests\/sec:/ {print $2}'; }
first=$(rate "$FIRST")
echo "first $FIRST after readiness: $first req/s (load $(cut -d' ' -f1 /proc/loadavg))" >&2
rate "$SOAK" >/dev/null
warm=$(rate "$FIRST")
echo "after $SOAK of load: $warm req/s (load $(cut -d' ' -f1 /proc/loadavg))" >&2
awk -v a="$first" -v b="$warm" 'BEGIN { printf "ratio first / warm: %.2f (goal >= 0.70)\n", a / b }'
