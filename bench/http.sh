#!/bin/sh
# HTTP benchmark: requests/s and p99 latency with wrk at 64 connections for a static
# response (GET /v1/healthz) and for GET /v1/auth/me with a Bearer token (auth + database),
# against a real `vega serve` on a free loopback port. Usage: bench/http.sh path/to/vega
# Environment: BENCH_SECONDS (default 10), BENCH_DATABASE_URL (default: SQLite in a temp dir).
set -eu
VEGA=$(realpath "${1:-build/vega}")
SECS=${BENCH_SECONDS:-10}
dir=$(mktemp -d /tmp/vega-bench.XXXXXX)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
db=${BENCH_DATABASE_URL:-sqlite://$dir/vega.db}
VEGA_LOG_LEVEL=warn "$VEGA" serve --dev --data-dir "$dir" --database-url "$db" \
    --listen "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
base="http://127.0.0.1:$port/v1"
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
token=$(curl -sf "$base/auth/login" -H 'content-type: application/json' \
    -d '{"email":"debug@example.com","password":"vega-debug-password"}' |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

run() { # name, url, [header]
    if [ -n "${3:-}" ]; then
        out=$(wrk -t2 -c64 -d"${SECS}s" --latency -H "$3" "$2")
    else
        out=$(wrk -t2 -c64 -d"${SECS}s" --latency "$2")
    fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    printf '| %-34s | %10s | %8s | %6s |\n' "$1" "$rps" "$p99" "${non2xx:-0}"
}
echo "HTTP benchmark: wrk -t2 -c64 -d${SECS}s, $(nproc) cores, database ${db%%:*}"
printf '| %-34s | %10s | %8s | %6s |\n' "endpoint" "req/s" "p99" "non-2xx"
printf '|%s|%s|%s|%s|\n' "------------------------------------" "------------" "----------" "--------"
run "GET /v1/healthz (static)" "$base/healthz"
run "GET /v1/auth/me (Bearer + DB)" "$base/auth/me" "Authorization: Bearer $token"
