#!/usr/bin/env bash
# Benchmark: one 23 × 215 in gang sheet at 400 DPI (9200 × 86000 px, about 3.2 GB as one RGBA
# image) rendered by print-service's renderer (strips of 256 rows, designs resampled once and
# cached, PNG deflated as it is made) in a JVM limited to -Xmx512m; reports the time, the output
# size, the peak heap and the peak RSS, then the time dd takes to write the same number of bytes
# to the same disk. Method and recorded figures: docs/benchmarks.md ("Gang sheets").
# Env: BENCH_DIR (a temporary directory), BENCH_RENDER_CACHE_MIB (256)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dir=${BENCH_DIR:-$(mktemp -d)}
trap 'rm -rf "$dir"' EXIT
./mvnw -B -q -pl print-service -am test-compile -DskipTests >/dev/null
java -Xmx512m -cp print-service/target/classes:print-service/target/test-classes \
	dev.konfig.print.gang.bench.GangRenderBench "$dir" "${BENCH_RENDER_CACHE_MIB:-256}" | tee "$dir/report"
bytes=$(sed -n 's/^output_bytes //p' "$dir/report")
rm -f "$dir/sheet.png"
start=$(date +%s.%N)
dd if=/dev/zero of="$dir/dd.out" bs=1M count=$(((bytes + 1048575) / 1048576)) conv=fsync status=none
end=$(date +%s.%N)
echo "dd_seconds $(echo "$end - $start" | bc) (same bytes, fsync)"
