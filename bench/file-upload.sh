#!/usr/bin/env bash
# Benchmark: a large design file up and down through the gateway, with file-service's heap watched.
#   dd:       the same bytes written to the same disk as the storage root (conv=fsync): the ceiling
#   upload:   multipart POST /api/v1/files through the gateway (curl -F), SHA-256 and all
#   download: GET /api/v1/files/{id}/content through the gateway
# file-service runs with bin/suite's -Xmx256m; its heap is read after a full GC (jcmd GC.run, then
# jstat) before, after the upload and after the download, and sampled every second meanwhile. A
# flat heap after GC says the file never sat in memory. The figure to compare across runs is the
# ratio to dd. Method and recorded figures: docs/benchmarks.md.
#
# Usage: bench/file-upload.sh            (starts the suite with bin/suite if it is not up)
# Env:   BENCH_SIZE_MIB (1024), KONFIG_GATEWAY_PORT (8080), KONFIG_FILE_STORAGE_ROOT (.run/files)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SIZE_MIB=${BENCH_SIZE_MIB:-1024}
GW="http://127.0.0.1:${KONFIG_GATEWAY_PORT:-8080}"
ROOT="${KONFIG_FILE_STORAGE_ROOT:-$PWD/.run/files}"

for tool in curl jcmd jstat; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 1; }
done
if ! curl -fs "$GW/actuator/health/readiness" >/dev/null 2>&1; then
	bin/suite up
fi
pid=$(tr -dc '0-9' <.run/file-service.pid)

field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
# Heap in use (MiB): eden + survivors + old generation, as jstat reports them.
heap_mib() { jstat -gc "$1" | awk 'NR == 2 {printf "%.0f", ($3 + $4 + $6 + $8) / 1024}'; }
heap_after_gc() { jcmd "$1" GC.run >/dev/null; sleep 1; heap_mib "$1"; }
mib_per_s() { awk -v bytes="$1" -v seconds="$2" 'BEGIN {printf "%.1f", bytes / 1048576 / seconds}'; }

suffix="$RANDOM$RANDOM"
token=$(curl -fsS -X POST "$GW/api/v1/auth/register" -H 'Content-Type: application/json' \
	-d "{\"tenant_name\":\"Bench files $suffix\",\"email\":\"bench-files-$suffix@example.com\",\"password\":\"bench-password-$suffix\",\"full_name\":\"Bench\"}" |
	field access_token)

work=$(mktemp -d "$ROOT/../bench-files.XXXXXX")
trap 'rm -rf "$work"' EXIT
source="$work/design.bin"
echo "Preparing $SIZE_MIB MiB of random bytes ..."
head -c "$((SIZE_MIB * 1048576))" /dev/urandom >"$source"
bytes=$(stat -c %s "$source")

echo "dd: the same bytes to the same disk (fsync) ..."
start=$(date +%s.%N)
dd if="$source" of="$ROOT/.bench-dd" bs=1M conv=fsync status=none
dd_seconds=$(echo "$(date +%s.%N) - $start" | bc)
rm -f "$ROOT/.bench-dd"

# The random file and dd's copy leave dirty pages behind; written back during the upload, they
# would slow its own writes and fsync down: flush them first.
sync
before=$(heap_after_gc "$pid")
# One jstat sampling every second for the whole run: starting a JVM each second would take a
# good part of a core from the upload on a small machine.
jstat -gc "$pid" 1000 >"$work/heap-samples" &
sampler=$!

echo "upload through the gateway ..."
upload=$(curl -fsS -X POST "$GW/api/v1/files" -H "Authorization: Bearer $token" \
	-F file_type=export -F "file=@$source;type=application/octet-stream" -w '\n%{time_total}')
upload_seconds=$(echo "$upload" | tail -n 1)
id=$(echo "$upload" | head -n 1 | field id)
sha=$(echo "$upload" | head -n 1 | field sha256)
after_upload=$(heap_after_gc "$pid")

sync
echo "download through the gateway ..."
download_seconds=$(curl -fsS "$GW/api/v1/files/$id/content" -H "Authorization: Bearer $token" \
	-o "$work/copy.bin" -w '%{time_total}')
after_download=$(heap_after_gc "$pid")
kill "$sampler" 2>/dev/null || true
peak=$(awk '$1 ~ /^[0-9.]+$/ {h = ($3 + $4 + $6 + $8) / 1024; if (h > max) max = h} END {printf "%.0f", max}' "$work/heap-samples")
[[ "$(sha256sum "$work/copy.bin" | cut -d' ' -f1)" == "$sha" ]] || { echo "bench: download differs" >&2; exit 1; }
[[ "$(sha256sum "$source" | cut -d' ' -f1)" == "$sha" ]] || { echo "bench: stored hash differs" >&2; exit 1; }
curl -fsS -X DELETE "$GW/api/v1/files/$id?permanent=true" -H "Authorization: Bearer $token" >/dev/null

dd_rate=$(mib_per_s "$bytes" "$dd_seconds")
up_rate=$(mib_per_s "$bytes" "$upload_seconds")
down_rate=$(mib_per_s "$bytes" "$download_seconds")
printf '\n%-34s %s\n' "file" "$SIZE_MIB MiB ($bytes bytes), sha256 verified both ways"
printf '%-34s %s MiB/s\n' "dd to the storage disk (fsync)" "$dd_rate"
printf '%-34s %s MiB/s (%.2fx dd)\n' "upload via gateway" "$up_rate" "$(echo "$up_rate / $dd_rate" | bc -l)"
printf '%-34s %s MiB/s (%.2fx dd)\n' "download via gateway" "$down_rate" "$(echo "$down_rate / $dd_rate" | bc -l)"
printf '%-34s %s / %s / %s MiB\n' "heap after GC: before/up/down" "$before" "$after_upload" "$after_download"
printf '%-34s %s MiB\n' "heap peak sampled during" "$peak"
