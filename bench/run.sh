#!/bin/sh
# `make bench`: every benchmark, one after the other. Usage: bench/run.sh path/to/vega
set -eu
cd "$(dirname "$0")/.."
VEGA=${1:-build/vega}
bench/http.sh "$VEGA"
echo
/usr/bin/python3 bench/pipeline.py "$VEGA"
echo
/usr/bin/python3 bench/secrets_recall.py "$VEGA"
echo
/usr/bin/python3 bench/secrets_gitleaks.py "$VEGA"
echo
/usr/bin/python3 bench/secrets_trufflehog.py "$VEGA"
echo
/usr/bin/python3 bench/secrets_kingfisher.py "$VEGA"
echo
/usr/bin/python3 bench/secrets_forms.py "$VEGA"
echo
/usr/bin/python3 bench/secrets_top40.py "$VEGA"
echo
/usr/bin/python3 bench/secrets_planted.py "$VEGA"
echo
/usr/bin/python3 bench/nonsecrets.py "$VEGA"
echo
/usr/bin/python3 bench/audit.py "$VEGA"
/usr/bin/python3 bench/history.py "$VEGA"
echo
/usr/bin/python3 bench/dashboard.py "$VEGA" "$(dirname "$VEGA")/bench/dashboard_seed"
echo
node bench/web.mjs "$VEGA" "$(dirname "$VEGA")/bench/dashboard_seed"
if [ -x bench/scan.sh ]; then
    echo
    bench/scan.sh "$VEGA"
fi
echo
/usr/bin/python3 bench/code_corpus.py "$VEGA"
echo
/usr/bin/python3 bench/code_js_njsscan.py "$VEGA"
echo
/usr/bin/python3 bench/code_py_fresh.py "$VEGA"
echo
/usr/bin/python3 bench/code_bearer.py "$VEGA"
/usr/bin/python3 bench/semgrep_coverage.py "$VEGA"
echo
/usr/bin/python3 bench/code_corpus.py "$VEGA" --noise
/usr/bin/python3 bench/code_corpus.py "$VEGA" --noise --every-byte
echo
/usr/bin/python3 bench/code_apps.py "$VEGA"
