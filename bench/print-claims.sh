#!/usr/bin/env bash
# Benchmark: print agents claiming jobs (print-service, AG-3), against the same claim statement
# run by pgbench in the same run.
# 1. Service: 10,000 pending print_files jobs of one printer (inserted straight into the table:
#    creation is not under test), then BENCH_AGENTS concurrent agents (threads, each its own API
#    key with print:agent) claim through the gateway until every one gets 204. Reports claims per
#    second (jobs / wall time until the queue is empty) and the share of jobs claimed twice
#    (from the agents' answers and from the jobs' history: one 'processing' row per job).
# 2. pgbench: another 10,000 pending jobs in another organization, claimed by pgbench with
#    BENCH_AGENTS clients running the claim statement alone (ClaimStatement.SQL: no history row,
#    no event, no HTTP). Reports its transactions per second and the ratio service / pgbench.
# Method and recorded figures: docs/benchmarks.md. Needs python3, psql and pgbench.
# Env: BENCH_AGENTS (8), BENCH_JOBS (10000), KONFIG_GATEWAY_PORT (8080), KONFIG_DB_* as bin/suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

AGENTS=${BENCH_AGENTS:-8}
JOBS=${BENCH_JOBS:-10000}
GW="http://127.0.0.1:${KONFIG_GATEWAY_PORT:-8080}"
export PGHOST="${KONFIG_DB_HOST:-127.0.0.1}" PGPORT="${KONFIG_DB_PORT:-5432}" PGUSER="${KONFIG_DB_USER:-postgres}"
export PGDATABASE="${KONFIG_DB_NAME:-konfig}"
[[ -n "${KONFIG_DB_PASSWORD:-}" ]] && export PGPASSWORD="$KONFIG_DB_PASSWORD"
for tool in python3 psql pgbench; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 1; }
done
curl -fs "$GW/actuator/health/readiness" >/dev/null 2>&1 || bin/suite up

work=$(mktemp -d)
trap '[[ -n "${BENCH_KEEP:-}" ]] || rm -rf "$work"' EXIT
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
suffix="$RANDOM$RANDOM"
token=$(curl -fsS -X POST "$GW/api/v1/auth/register" -H 'Content-Type: application/json' \
	-d "{\"tenant_name\":\"Print bench $suffix\",\"email\":\"print-bench-$suffix@example.com\",\"password\":\"bench-password-$suffix\",\"full_name\":\"Bench\"}" |
	field access_token)
auth="Authorization: Bearer $token"
org=$(curl -fsS "$GW/api/v1/auth/me" -H "$auth" | sed -n 's/.*"organization_id":"\([^"]*\)".*/\1/p' | head -1)
printer=$(curl -fsS -X POST "$GW/api/v1/printers" -H "$auth" -H 'Content-Type: application/json' \
	-d '{"name":"Bench printer","printer_type":"dtf","max_width_inches":23,"max_height_inches":215}' | field id)
: >"$work/keys"
for _ in $(seq 1 "$AGENTS"); do
	curl -fsS -X POST "$GW/api/v1/api-keys" -H "$auth" -H 'Content-Type: application/json' \
		-d '{"name":"bench agent","scopes":"print:agent"}' | field key >>"$work/keys"
	# The answer ends without a newline, and so does sed's output of it: one key a line.
	echo >>"$work/keys"
done

queue() { # organization printer
	psql -qAt -v ON_ERROR_STOP=1 -c "INSERT INTO print.print_jobs (id, organization_id, created_by, created_by_type, \
		job_name, printer_id, file_ids, created_at) SELECT gen_random_uuid(), '$1', 'bench', 'user', 'bench ' || n, '$2', \
		'{}', clock_timestamp() FROM generate_series(1, $JOBS) n" >/dev/null
}
queue "$org" "$printer"
psql -qAt -c "VACUUM ANALYZE print.print_jobs" >/dev/null

echo "service: $AGENTS agents claiming $JOBS jobs through the gateway" >&2
python3 - "$GW" "$work/keys" "$work/claimed" <<'PY' >&2
import http.client, json, sys, threading, time, urllib.parse
gateway, keys_path, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
keys = [line.strip() for line in open(keys_path) if line.strip()]
url = urllib.parse.urlparse(gateway)
claimed, errors, lock = [], [], threading.Lock()
def agent(key):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    mine = []
    while True:
        connection.request("POST", "/api/v1/print-agent/claims", body="{}",
                           headers={"X-API-Key": key, "Content-Type": "application/json"})
        response = connection.getresponse()
        body = response.read()
        if response.status == 204:
            break
        if response.status != 200:
            with lock:
                errors.append(response.status)
                if len(errors) >= 100:
                    # Not a hiccup: stop instead of retrying for ever, and say what was answered.
                    print(f"bench: 100 refused claims, the last: {response.status} {body[:300]!r}", file=sys.stderr)
                    return
            time.sleep(0.05)
            continue
        answer = json.loads(body)
        mine.append((answer["job"]["id"], time.monotonic(), answer["lease_seconds"]))
    with lock:
        claimed.extend(mine)
# Warm the key exchange and the connections before the clock starts.
for key in keys:
    c = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    c.request("POST", "/api/v1/print-agent/heartbeat", body='{"name":"bench"}',
              headers={"X-API-Key": key, "Content-Type": "application/json"}); c.getresponse().read()
threads = [threading.Thread(target=agent, args=(key,)) for key in keys]
start = time.monotonic()
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.monotonic() - start
# A job comes back when its lease lapses (these agents never finish a job), and may be claimed
# again then; claimed twice means claimed again while an earlier claim of it still held its lease.
twice, requeued, last = 0, 0, {}
for job, at, lease in sorted(claimed, key=lambda claim: claim[1]):
    if job in last:
        if at < last[job] - 1:
            twice += 1
        else:
            requeued += 1
    last[job] = at + lease
print(f"  claimed {len(claimed)} times in {elapsed:.2f} s: {len(claimed) / elapsed:.0f} claims/s; "
      f"claimed twice: {twice}; claimed again after the lease lapsed: {requeued}; non-2xx answers: {len(errors)}")
open(out_path, "w").write(f"{len(claimed) / elapsed:.1f}\n")
PY
service_rate=$(cat "$work/claimed")
# In the history every claim moves a job from pending to processing: a claim whose previous entry is
# not a return to pending was a second claim of a held job (the bench's jobs start without a history).
doubles=$(psql -qAt -c "SELECT count(*) FROM (SELECT to_status, lag(to_status) OVER (PARTITION BY job_id ORDER BY seq) \
	AS previous FROM print.print_job_history WHERE organization_id = '$org') h WHERE to_status = 'processing' \
	AND previous IS NOT NULL AND previous <> 'pending'")
unclaimed=$(psql -qAt -c "SELECT count(*) FROM print.print_jobs WHERE organization_id = '$org' AND status = 'pending'")
echo "  history: claims of a job already held: $doubles; still pending: $unclaimed" >&2

# pgbench: the claim statement alone (keep in step with ClaimStatement.SQL), same concurrency.
other=$(python3 -c 'import uuid; print(uuid.uuid4())')
psql -qAt -v ON_ERROR_STOP=1 -c "INSERT INTO print.printers (id, organization_id, name, max_width_inches, \
	max_height_inches) VALUES ('$other', '$other', 'pgbench printer', 23, 215)" >/dev/null
queue "$other" "$other"
psql -qAt -c "VACUUM ANALYZE print.print_jobs" >/dev/null
cat >"$work/claim.sql" <<SQL
UPDATE print.print_jobs j SET status = 'processing', claim_id = gen_random_uuid(), claimed_by = 'pgbench',
  claimed_by_type = 'api_key', attempt = j.attempt + 1, started_at = now(),
  lease_expires_at = now() + make_interval(secs => 60), state_reason = NULL, progress_percentage = 0,
  estimated_completion = NULL, version = j.version + 1, updated_at = now()
FROM (SELECT c.id FROM print.print_jobs c JOIN print.printers p ON p.id = c.printer_id
  WHERE c.organization_id = '$other' AND c.status = 'pending' AND c.job_type = 'print_files'
  AND p.is_active AND NOT p.paused ORDER BY c.priority DESC, c.created_at, c.id LIMIT 1 FOR UPDATE OF c SKIP LOCKED) next
WHERE j.id = next.id RETURNING j.id;
SQL
echo "pgbench: $AGENTS clients running the claim statement over $JOBS jobs" >&2
per_client=$(( JOBS / AGENTS ))
pgbench_rate=$(pgbench -n -c "$AGENTS" -j 2 -t "$per_client" -f "$work/claim.sql" 2>/dev/null |
	sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
pg_doubles=$(psql -qAt -c "SELECT count(*) - count(DISTINCT id) FROM print.print_jobs WHERE organization_id = '$other' AND status = 'processing'")
echo "  pgbench: $pgbench_rate claims/s (jobs left pending: $(psql -qAt -c "SELECT count(*) FROM print.print_jobs WHERE organization_id = '$other' AND status = 'pending'"))" >&2
python3 -c "import sys; s, p = float(sys.argv[1]), float(sys.argv[2]); print(f'ratio service / pgbench: {s / p:.2f}x (goal >= 0.5x)')" \
	"$service_rate" "$pgbench_rate"
psql -qAt -c "DELETE FROM print.print_jobs WHERE organization_id = '$other'; DELETE FROM print.printers WHERE id = '$other'" >/dev/null
[[ "$doubles" == 0 && "$pg_doubles" == 0 ]] || { echo "bench: a job was claimed twice" >&2; exit 1; }
