#!/usr/bin/env bash
# Benchmark: reading a namespace's values map, the hot path of programs that use konfig.
#   gateway+apikey  through the gateway with an API key (key exchange cache, rate limit, JWT check,
#                   header hygiene, circuit breaker, routing, then config-service)
#   gateway+jwt     the same through the gateway with the owner's bearer token
#   nginx           nginx (Debian's package, installed when missing) in front of the same
#                   config-service with the bearer token: the anchor of what one proxy hop costs
#   direct          straight to config-service with the bearer token
#   liveness        config-service's /actuator/health/liveness: the framework's ceiling
# Every path is warmed up, then measured in alternating rounds, so machine noise hits them all;
# the figures to compare across runs are the ratios in the last lines. docs/benchmarks.md has
# the method and the recorded figures.
#
# Usage: bench/values-read.sh            (starts the suite with bin/suite, rate limits lifted, if
#                                         it is not up)
# Env:   BENCH_CONNECTIONS (64), BENCH_DURATION (10s), BENCH_WARMUP (15s), BENCH_ROUNDS (3),
#        BENCH_THREADS (2), BENCH_CONFIGS (20), BENCH_MODES (all five, space separated),
#        BENCH_NGINX_PORT (8090), KONFIG_GATEWAY_PORT (8080), KONFIG_CONFIG_PORT (8083)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-15s}
ROUNDS=${BENCH_ROUNDS:-3}
THREADS=${BENCH_THREADS:-2}
CONFIGS=${BENCH_CONFIGS:-20}
MODES=${BENCH_MODES:-gateway+apikey gateway+jwt nginx direct liveness}
NGINX_PORT=${BENCH_NGINX_PORT:-8090}
CONFIG_PORT=${KONFIG_CONFIG_PORT:-8083}
GW="http://127.0.0.1:${KONFIG_GATEWAY_PORT:-8080}"
CONFIG="http://127.0.0.1:$CONFIG_PORT"
NGINX="http://127.0.0.1:$NGINX_PORT"

install_package() { # command package
	command -v "$1" >/dev/null 2>&1 && return 0
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: installing $2 (Debian's package)" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null ||
			{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }
	fi
	command -v "$1" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$1" >/dev/null 2>&1 ||
		{ echo "bench: $1 is needed (Debian/Ubuntu: apt-get install $2)" >&2; exit 1; }
}
install_package wrk wrk
[[ " $MODES " != *" nginx "* ]] || install_package nginx nginx-light
export PATH="$PATH:/usr/sbin"

if ! curl -fs "$GW/actuator/health/readiness" >/dev/null 2>&1; then
	# The per-user and per-key budgets would turn most of the load into 429s: lifted for the run
	# (the limiter still runs, its Redis round trip is part of what is measured).
	KONFIG_RATE_LIMIT_API_KEY_RATE=${KONFIG_RATE_LIMIT_API_KEY_RATE:-1000000} \
		KONFIG_RATE_LIMIT_API_KEY_BURST=${KONFIG_RATE_LIMIT_API_KEY_BURST:-2000000} \
		KONFIG_RATE_LIMIT_USER_RATE=${KONFIG_RATE_LIMIT_USER_RATE:-1000000} \
		KONFIG_RATE_LIMIT_USER_BURST=${KONFIG_RATE_LIMIT_USER_BURST:-2000000} \
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

nginx_dir=
cleanup() {
	if [[ -n "$nginx_dir" ]]; then
		[[ ! -f "$nginx_dir/nginx.pid" ]] || kill "$(cat "$nginx_dir/nginx.pid")" 2>/dev/null || true
		sleep 0.5
		rm -rf "$nginx_dir"
	fi
}
trap cleanup EXIT
if [[ " $MODES " == *" nginx "* ]]; then
	# A plain reverse proxy with upstream keep-alive, as a production nginx would be set up.
	nginx_dir=$(mktemp -d)
	mkdir -p "$nginx_dir/logs"
	cat >"$nginx_dir/nginx.conf" <<-EOF
		worker_processes auto;
		pid $nginx_dir/nginx.pid;
		error_log $nginx_dir/logs/error.log warn;
		$([[ $(id -u) -eq 0 ]] && echo "user root;")
		events { worker_connections 1024; }
		http {
		  access_log off;
		  client_body_temp_path $nginx_dir/body;
		  proxy_temp_path $nginx_dir/proxy;
		  fastcgi_temp_path $nginx_dir/fastcgi;
		  uwsgi_temp_path $nginx_dir/uwsgi;
		  scgi_temp_path $nginx_dir/scgi;
		  upstream config { server 127.0.0.1:$CONFIG_PORT; keepalive 64; }
		  server {
		    listen 127.0.0.1:$NGINX_PORT;
		    location / {
		      proxy_pass http://config;
		      proxy_http_version 1.1;
		      proxy_set_header Connection "";
		      proxy_set_header Host \$host;
		      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
		    }
		  }
		}
	EOF
	nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf"
	for _ in $(seq 1 20); do curl -fs "$NGINX/actuator/health/liveness" >/dev/null 2>&1 && break; sleep 0.25; done
fi

url_of() {
	case "$1" in
	gateway+apikey | gateway+jwt) echo "$GW$path" ;;
	nginx) echo "$NGINX$path" ;;
	direct) echo "$CONFIG$path" ;;
	liveness) echo "$CONFIG/actuator/health/liveness" ;;
	*) echo "bench: unknown mode $1" >&2; exit 1 ;;
	esac
}
header_of() {
	case "$1" in
	gateway+apikey) echo "X-API-Key: $key" ;;
	liveness) echo "Accept: application/json" ;;
	*) echo "Authorization: Bearer $token" ;;
	esac
}

# Every path must answer the same map before anything is measured.
expected=$(curl -fsS "$CONFIG$path" -H "Authorization: Bearer $token")
for mode in $MODES; do
	[[ "$mode" != liveness ]] || continue
	answer=$(curl -fsS "$(url_of "$mode")" -H "$(header_of "$mode")")
	[[ "$answer" == "$expected" ]] || { echo "bench: $mode answers another map than direct" >&2; exit 1; }
done

run() { # mode duration -> "rps p99_ms"
	local out rps p99 errors
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -H "$(header_of "$1")" "$(url_of "$1")")
	rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}')
	errors=$(echo "$out" | awk '/Non-2xx or 3xx responses:/ {print "non-2xx:" $5} /Socket errors:/ {print "socket-errors"}' | paste -sd',' -)
	echo "$rps $p99 ${errors:-ok}"
}

echo "values map of $CONFIGS configs; $CONNECTIONS connections, $THREADS threads; $WARMUP warm-up per path, then $ROUNDS rounds of $DURATION" >&2
for mode in $MODES; do
	run "$mode" "$WARMUP" >/dev/null
done
results=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
	for mode in $MODES; do
		line=$(run "$mode" "$DURATION")
		printf 'round %s  %-15s %9s req/s  p99 %8s ms  %s  (load %s)\n' "$round" "$mode" $line "$(cut -d' ' -f1 /proc/loadavg)" >&2
		echo "$mode $line" >>"$results"
	done
done
awk -v modes="$MODES" '
	{ rps[$1] += $2; p99[$1] += $3; n[$1]++ }
	END {
		split(modes, order, " ")
		for (i = 1; i in order; i++) { m = order[i]; mean[m] = rps[m] / n[m]; printf "mean  %-15s %7.0f req/s  p99 %7.1f ms\n", m, mean[m], p99[m] / n[m] }
		if (mean["nginx"] > 0 && mean["gateway+jwt"] > 0) printf "ratio gateway+jwt / nginx:          %.2f (goal >= 0.80)\n", mean["gateway+jwt"] / mean["nginx"]
		if (mean["gateway+jwt"] > 0 && mean["gateway+apikey"] > 0) printf "ratio gateway+apikey / gateway+jwt: %.2f (goal >= 0.95)\n", mean["gateway+apikey"] / mean["gateway+jwt"]
		if (mean["liveness"] > 0 && mean["direct"] > 0) printf "ratio direct / liveness:            %.2f (goal >= 0.60)\n", mean["direct"] / mean["liveness"]
	}' "$results"
rm -f "$results"
