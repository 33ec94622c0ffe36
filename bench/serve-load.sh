#!/usr/bin/env bash
# Load test of `parley serve`: 50 concurrent connections posting forecasts of the bundled
# scenario for 30 s (wrk, Debian package), every run kept in a fresh store; then checks that
# the store holds exactly as many runs as wrk got answers.
# Usage: bench/serve-load.sh [BIN] [same|distinct]
#   same      every request the bundled scenario (repeats are answered from the cache)
#   distinct  every request a scenario of its own (each one computed)
set -euo pipefail
BIN=$(realpath "${1:-$(dirname "$0")/../target/release/parley}")
MODE=${2:-same}
case $MODE in same) SCRIPT=forecast.lua ;; distinct) SCRIPT=forecast-distinct.lua ;; *) echo "mode: same or distinct" >&2; exit 2 ;; esac
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$BIN" serve --port 0 --db "$tmp/runs.sqlite" 2> "$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q localhost "$tmp/err" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://localhost:[0-9]*' "$tmp/err")
curl -s "$url/api/v1/scenarios/default" > "$tmp/scenario.json"
PARLEY_BODY="$tmp/scenario.json" wrk -t 2 -c 50 -d 30s -s $SCRIPT "$url" | tee "$tmp/wrk.out"
kill -INT $pid; wait $pid || true
runs=$("$BIN" runs list --db "$tmp/runs.sqlite" --limit 100000000 --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["runs"]))')
answered=$(grep -o 'requests [0-9]*' "$tmp/wrk.out" | grep -o '[0-9]*')
echo "runs stored: $runs; requests wrk counted as answered: $answered; store files: $(du -cb "$tmp"/runs.sqlite* | tail -1 | cut -f1) bytes"
[ "$runs" -ge "$answered" ] || { echo "LOST RUNS"; exit 1; }
