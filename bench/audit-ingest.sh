#!/usr/bin/env bash
# Benchmark: the audit trail under a steady stream of changes, in two phases.
# 1. Steady stream: config updates through the gateway with wrk for BENCH_DURATION; every update
#    commits an outbox row in config-service, which its relay delivers to audit-service. Reports
#    events stored per second and the delay from the change's commit to its event being stored
#    (queryable) in audit-service: recorded_at - occurred_at, p50 / p99 / max.
# 2. Backlog: the same stream with audit-service stopped (bin/suite's pid file), then audit-service
#    started again; reports how fast the relays drain the backlog (events stored per second),
#    i.e. ingestion capacity rather than the change rate, and that every event arrived once.
# Method and recorded figures: docs/benchmarks.md. Needs wrk and python3.
# Env: BENCH_CONNECTIONS (8), BENCH_DURATION (20s), KONFIG_GATEWAY_PORT (8080)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CONNECTIONS=${BENCH_CONNECTIONS:-8}
DURATION=${BENCH_DURATION:-20s}
GW="http://127.0.0.1:${KONFIG_GATEWAY_PORT:-8080}"
for tool in wrk python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 1; }
done
curl -fs "$GW/actuator/health/readiness" >/dev/null 2>&1 || bin/suite up

events_file=$(mktemp)
trap 'rm -f "$events_file"' EXIT
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
suffix="$RANDOM$RANDOM"
token=$(curl -fsS -X POST "$GW/api/v1/auth/register" -H 'Content-Type: application/json' \
	-d "{\"tenant_name\":\"Audit bench $suffix\",\"email\":\"audit-bench-$suffix@example.com\",\"password\":\"bench-password-$suffix\",\"full_name\":\"Bench\"}" |
	field access_token)
auth="Authorization: Bearer $token"
curl -fsS -X POST "$GW/api/v1/namespaces" -H "$auth" -H 'Content-Type: application/json' -d '{"name":"stream"}' >/dev/null

stream() { # key seconds
	curl -fsS -X POST "$GW/api/v1/namespaces/stream/configs" -H "$auth" -H 'Content-Type: application/json' \
		-d "{\"key\":\"$1\",\"value\":0,\"value_type\":\"number\"}" >/dev/null
	echo "config updates through the gateway: $CONNECTIONS connections for $2" >&2
	wrk -t1 -c"$CONNECTIONS" -d"$2" -s bench/put-config.lua -H "$auth" -H 'If-Match: *' \
		-H 'Content-Type: application/json' "$GW/api/v1/namespaces/stream/configs/$1" |
		grep -E 'Requests/sec|requests in|Non-2xx' >&2
}

report() { # key label
	local expected
	# One update event per version after the first.
	expected=$(( $(curl -fsS "$GW/api/v1/namespaces/stream/configs/$1" -H "$auth" | sed -n 's/.*"version":\([0-9]*\).*/\1/p') - 1 ))
	for _ in $(seq 1 300); do
		curl -fsS "$GW/api/v1/events/export?format=ndjson&event_type=config.updated" -H "$auth" |
			grep -E "\"key\": ?\"$1\"" >"$events_file" || true
		[[ $(wc -l <"$events_file") -ge $expected ]] && break
		sleep 1
	done
	python3 - "$expected" "$events_file" "$2" <<'PY2'
import json, sys
from datetime import datetime
expected, path, label = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def ts(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
events = [json.loads(line) for line in open(path) if line.strip()]
delays = sorted((ts(e["recorded_at"]) - ts(e["occurred_at"])).total_seconds() * 1000 for e in events)
recorded = sorted(ts(e["recorded_at"]) for e in events)
span = (recorded[-1] - recorded[0]).total_seconds() or 1
pick = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))]
print(f"[{label}] events stored: {len(events)} of {expected} committed updates, exactly once: {len({e['id'] for e in events}) == len(events)}")
print(f"[{label}] ingestion: {len(events) / span:.0f} events/s over {span:.1f} s")
print(f"[{label}] commit -> stored delay: p50 {pick(0.5):.0f} ms, p99 {pick(0.99):.0f} ms, max {delays[-1]:.0f} ms")
PY2
}

stream counter "$DURATION"
report counter steady

pid_file=.run/audit-service.pid
if [[ -f $pid_file ]]; then
	kill "$(cat "$pid_file")"
	sleep 3
	stream backlog "$DURATION"
	bin/suite up >/dev/null
	report backlog backlog
else
	echo "bench: audit-service was not started by bin/suite here; skipping the backlog phase" >&2
fi
