#!/usr/bin/env bash
# Benchmark: gang-sheet layouts. A seeded generator (print-service's GangOrders, kept in the
# repository) builds realistic DTF orders (1 × 1 in to 22 × 30 in, quantities 1–200); each is laid
# out on the default 23 × 215 in sheet at 400 DPI with 0.125 in spacing by every algorithm, side by
# side: sheets, film length (inches) and utilization; then the totals, each algorithm's film
# length over the rows baseline, and the time to lay out 500 items / 20 000 copies.
# Method and recorded figures: docs/benchmarks.md ("Gang sheets").
# Env: BENCH_ORDERS (12)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./mvnw -B -q -pl print-service -am test-compile -DskipTests >/dev/null
java -cp print-service/target/classes:print-service/target/test-classes \
	dev.konfig.print.gang.bench.GangLayoutBench "${BENCH_ORDERS:-12}"
