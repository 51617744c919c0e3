#!/bin/sh
# Engine benchmark: `make bench` calls this with the vega binary (see bench/scan_bench.py).
set -eu
cd "$(dirname "$0")/.."
exec /usr/bin/python3 bench/scan_bench.py "${1:-build/vega}"
