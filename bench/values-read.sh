#!/usr/bin/env bash
# Benchmark: reading a namespace's values map, the hot path of programs that use konfig.
#   A: through the gateway with an API key (authentication, key exchange cache, routing, circuit
#      breaker, header hygiene, then config-service)
#   B: the same read straight to config-service with a bearer token
# Both run in one invocation, alternating A, B, A, B, so machine noise hits both; the figure to
# compare across runs is the ratio. Method and recorded figures: docs/benchmarks.md.
#
# Usage: bench/values-read.sh            (starts the suite with bin/suite if it is not up)
# Env:   BENCH_CONNECTIONS (64), BENCH_DURATION (20s), BENCH_THREADS (2), BENCH_CONFIGS (20),
#        KONFIG_GATEWAY_PORT (8080), KONFIG_CONFIG_PORT (8083)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-20s}
THREADS=${BENCH_THREADS:-2}
CONFIGS=${BENCH_CONFIGS:-20}
GW="http://127.0.0.1:${KONFIG_GATEWAY_PORT:-8080}"
CONFIG="http://127.0.0.1:${KONFIG_CONFIG_PORT:-8083}"

if ! command -v wrk >/dev/null 2>&1; then
	echo "bench: wrk is needed (Debian/Ubuntu: apt-get install wrk)" >&2
	exit 1
fi
if ! curl -fs "$GW/actuator/health/readiness" >/dev/null 2>&1; then
	bin/suite up
fi

field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
post() { # url json [header]
	local args=(-fsS -X POST "$1" -H 'Content-Type: application/json' -d "$2")
	[[ $# -lt 3 ]] || args+=(-H "$3")
	curl "${args[@]}"
}

suffix="$RANDOM$RANDOM"
email="bench-$suffix@example.com"
password="bench-password-$suffix"
registered=$(post "$GW/api/v1/auth/register" \
	"{\"tenant_name\":\"Bench $suffix\",\"email\":\"$email\",\"password\":\"$password\",\"full_name\":\"Bench\"}")
token=$(echo "$registered" | field access_token)
key=$(post "$GW/api/v1/api-keys" '{"name":"bench","scopes":"read"}' "Authorization: Bearer $token" | field key)
post "$GW/api/v1/namespaces" '{"name":"bench","description":"benchmark"}' "Authorization: Bearer $token" >/dev/null
for i in $(seq 1 "$CONFIGS"); do
	post "$GW/api/v1/namespaces/bench/configs" \
		"{\"key\":\"setting_$i\",\"value\":\"value number $i\",\"value_type\":\"string\"}" "Authorization: Bearer $token" >/dev/null
done
path=/api/v1/namespaces/bench/values
# Both must answer the same map before anything is measured.
a=$(curl -fsS "$GW$path" -H "X-API-Key: $key")
b=$(curl -fsS "$CONFIG$path" -H "Authorization: Bearer $token")
[[ "$a" == "$b" ]] || { echo "bench: gateway and direct answers differ" >&2; exit 1; }

run() { # label url header -> "rps p99_ms errors"
	local out rps p99 errors
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$3" "$2")
	rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}')
	errors=$(echo "$out" | awk '/Non-2xx or 3xx responses:/ {print $5} /Socket errors:/ {print "socket-errors"}' | paste -sd' ' -)
	printf '%-28s %10s req/s   p99 %8s ms   %s\n' "$1" "$rps" "$p99" "${errors:-no errors}" >&2
	echo "$rps $p99"
}

echo "values map of $CONFIGS configs; $CONNECTIONS connections, $THREADS threads, $DURATION per round" >&2
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "X-API-Key: $key" "$GW$path" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $token" "$CONFIG$path" >/dev/null
results=()
for round in 1 2; do
	results+=("$(run "gateway + API key (round $round)" "$GW$path" "X-API-Key: $key")")
	results+=("$(run "direct + bearer (round $round)" "$CONFIG$path" "Authorization: Bearer $token")")
done
printf '%s\n' "${results[@]}" | awk '
	NR % 2 == 1 { grps += $1; gp99 += $2 }
	NR % 2 == 0 { drps += $1; dp99 += $2 }
	END {
		printf "mean  gateway %.0f req/s p99 %.1f ms | direct %.0f req/s p99 %.1f ms\n", grps/2, gp99/2, drps/2, dp99/2
		printf "ratio gateway/direct: throughput %.2f, p99 latency %.2f\n", grps/drps, gp99/dp99
	}'
