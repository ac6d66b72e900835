#!/usr/bin/env bash
# Where a running service's CPU goes: async-profiler (from Maven Central, fetched into the local
# Maven repository once) attached to the service that bin/suite started, for a while, while
# whatever load you run goes on. Prints the hottest frames (self time) and the share of samples
# under each group of packages (a sample counts once for every group on its stack), and leaves
# the collapsed stacks (for flame graphs) next to the run's logs.
#
# Usage: bench/profile.sh SERVICE [SECONDS]      e.g. bench/profile.sh gateway 20
# Env:   BENCH_PROFILER_EVENT (cpu; itimer where perf events are not allowed), BENCH_TOP (25)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SERVICE=${1:?usage: bench/profile.sh SERVICE [SECONDS]}
SECONDS_TO_PROFILE=${2:-20}
EVENT=${BENCH_PROFILER_EVENT:-cpu}
TOP=${BENCH_TOP:-25}
VERSION=4.2

pid=$(cat ".run/$SERVICE.pid" 2>/dev/null) || { echo "bench: $SERVICE is not running (bin/suite status)" >&2; exit 1; }
case "$(uname -m)" in
x86_64) platform=linux-x64 ;;
aarch64) platform=linux-arm64 ;;
*) echo "bench: no async-profiler build for $(uname -m)" >&2; exit 1 ;;
esac
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION-$platform.jar"
[[ -f "$jar" ]] || ./mvnw -q dependency:get -Dartifact="tools.profiler:async-profiler:$VERSION:jar:$platform" >&2
lib_dir=".run/profiler"
mkdir -p "$lib_dir"
[[ -f "$lib_dir/$platform/libasyncProfiler.so" ]] || (cd "$lib_dir" && unzip -q -o "$jar" "$platform/libasyncProfiler.so")
lib="$(pwd)/$lib_dir/$platform/libasyncProfiler.so"

java_home=$(readlink -f "/proc/$pid/exe" | sed 's|/bin/java$||')
out="$(pwd)/.run/logs/profile-$SERVICE-$(date +%H%M%S).collapsed"
mkdir -p .run/logs
# jcmd reads name=value pairs: the agent's options go in quotes, as one value.
"$java_home/bin/jcmd" "$pid" JVMTI.agent_load "$lib" "\"start,event=$EVENT,interval=1ms\"" >/dev/null
sleep "$SECONDS_TO_PROFILE"
"$java_home/bin/jcmd" "$pid" JVMTI.agent_load "$lib" "\"stop,collapsed,file=$out\"" >/dev/null
echo "profile of $SERVICE over ${SECONDS_TO_PROFILE}s ($EVENT): ${out#"$(pwd)"/}"

python3 - "$out" "$TOP" <<'PY'
import collections, sys
path, top = sys.argv[1], int(sys.argv[2])
groups = [
    ("JIT compiler threads", ("CompileBroker", "C2Compiler", "Compiler::compile", "CompilationPolicy")),
    ("GC", ("GCTaskThread", "VM_GC", "G1", "SerialHeap", "DefNewGeneration", "TenuredGeneration", "GenCollectedHeap")),
    ("Reactor Netty / Netty", ("io/netty/", "reactor/netty/")),
    ("Reactor core", ("reactor/core/",)),
    ("Spring Cloud Gateway", ("org/springframework/cloud/gateway/",)),
    ("Spring Cloud LoadBalancer", ("org/springframework/cloud/loadbalancer/", "org/springframework/cloud/client/loadbalancer/")),
    ("resilience4j / circuit breaker", ("io/github/resilience4j/", "org/springframework/cloud/circuitbreaker/")),
    ("Spring Security", ("org/springframework/security/",)),
    ("Micrometer observation", ("io/micrometer/observation/",)),
    ("Micrometer metrics", ("io/micrometer/core/",)),
    ("context propagation", ("io/micrometer/context/", "ContextPropagation", "Hooks", "ContextSnapshot")),
    ("tracing (Micrometer/Brave)", ("io/micrometer/tracing/", "brave/")),
    ("lettuce (Redis)", ("io/lettuce/",)),
    ("R2DBC / PostgreSQL driver", ("io/r2dbc/", "org/springframework/r2dbc/")),
    ("Jackson", ("tools/jackson/", "com/fasterxml/jackson/")),
    ("Nimbus (JWT)", ("com/nimbusds/",)),
    ("logging", ("ch/qos/logback/", "org/slf4j/")),
    ("regular expressions", ("java/util/regex/",)),
    ("konfig", ("dev/konfig/",)),
    ("kernel (system calls)", ("[k]",)),
]
total = 0
leaf = collections.Counter()
grouped = collections.Counter()
for line in open(path):
    stack, _, count = line.rstrip("\n").rpartition(" ")
    if not stack:
        continue
    n = int(count)
    total += n
    frames = stack.split(";")
    leaf[frames[-1]] += n
    for name, needles in groups:
        if any(needle in frame for frame in frames for needle in needles):
            grouped[name] += n
if not total:
    print("no samples")
    sys.exit()
print(f"{total} samples")
print("share of samples with a frame of:")
for name, n in grouped.most_common():
    print(f"  {100 * n / total:5.1f} %  {name}")
print(f"hottest frames (self):")
for frame, n in leaf.most_common(top):
    print(f"  {100 * n / total:5.1f} %  {frame[:150]}")
PY
