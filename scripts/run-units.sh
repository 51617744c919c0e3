#!/bin/sh
# Run each cmocka test binary given; fail if any fails.
set -u
fail=0
for t in "$@"; do
    if ! "$t"; then
        echo "FAILED: $t" >&2
        fail=1
    fi
done
exit $fail
