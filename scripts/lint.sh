#!/bin/sh
# `make lint`: banned functions (C-STYLE.md), library headers outside their folder, the
# dashboard's TypeScript types, and relative links in the Markdown docs that do not resolve
# (scripts/check-links.py), docs/checks.md's generated rule tables and the provider rules
# generated from rules/providers.tsv.
set -u
cd "$(dirname "$0")/.."
fail=0
banned='\b(sprintf|vsprintf|strcpy|strcat|strncpy|strtok|atoi|atol|gets|system)[[:space:]]*\('
if grep -rnE "$banned" src --include='*.c' --include='*.h'; then
    echo "lint: banned function (use snprintf, buf_*, strtol, ...)" >&2
    fail=1
fi
check_header() { # header, allowed folders (an ERE alternation: "scan|deps")
    hits=$(grep -rlE "#include <$1>" src | grep -vE "^src/($2)/" || true)
    if [ -n "$hits" ]; then
        echo "lint: <$1> outside src/{$2}/: $hits" >&2
        fail=1
    fi
}
check_header microhttpd.h http
check_header sqlite3.h store
check_header libpq-fe.h store
check_header hs.h scan
check_header pcre2.h scan
check_header archive.h "scan|deps"
check_header yaml.h "scan|deps"
check_header git2.h source
for f in src/scan/*.[ch] src/deps/*.[ch]; do
    if grep -nE '#include "(http|api|store|jobs)/' "$f"; then
        echo "lint: $f: the engine and src/deps must not depend on http, api, store or jobs" >&2
        fail=1
    fi
done
# The dashboard's TypeScript (web/), type-checked once `make` fetched its packages.
if [ -x web/node_modules/.bin/tsc ] && ! (cd web && node_modules/.bin/tsc --noEmit -p .); then
    echo "lint: fix the TypeScript errors above (web/src)" >&2
    fail=1
fi
# docs/checks.md's rule tables, generated from rules/code and rules/config.
if ! "${PYTHON:-python3}" scripts/gen-checks-table.py --check; then
    echo "lint: run scripts/gen-checks-table.py (docs/checks.md lists other rules than rules/)" >&2
    fail=1
fi
# The provider rules and src/scan/provider-shapes.inc, generated from rules/providers.tsv.
if ! "${PYTHON:-python3}" scripts/gen-provider-rules.py --check; then
    echo "lint: run scripts/gen-provider-rules.py (its outputs do not follow rules/providers.tsv)" >&2
    fail=1
fi
if ! "${PYTHON:-python3}" scripts/check-links.py; then
    echo "lint: fix the Markdown links above" >&2
    fail=1
fi
exit $fail
