#!/bin/sh
# `make fuzz`: build the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined)
# into build-fuzz/ and run each for FUZZ_SECONDS (default 60). Seeds: tests/scan/cases and
# the rule files. Crashes land in build-fuzz/crashes/; the script fails if any target fails.
set -eu
cd "$(dirname "$0")/.."
SECS=${FUZZ_SECONDS:-60}
B=build-fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
make --no-print-directory -j2 BUILD=$B CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
    SAN="$SAN -fsanitize=fuzzer-no-link" all >/dev/null
OBJS=$(find $B/src -name '*.o' ! -path "$B/src/main.o" | sort)
LIBS=$(pkg-config --libs libmicrohttpd jansson sqlite3 libpq libarchive libhs libpcre2-8 \
    libsodium libgit2 libcurl yaml-0.1 openssl)
CF=$(pkg-config --cflags libhs libpcre2-8 libarchive)
mkdir -p $B/crashes
fail=0
for t in ingest rules; do
    clang -std=c11 -D_GNU_SOURCE -Isrc -I$B/gen $CF -O1 -g $SAN -fsanitize=fuzzer \
        -o $B/fuzz_$t fuzz/fuzz_$t.c $OBJS $B/gen/rules_embed.o $LIBS -lpthread -lm
    corpus=$B/corpus_$t
    mkdir -p "$corpus"
    if [ "$t" = ingest ]; then
        cp tests/scan/cases/* "$corpus"/ 2>/dev/null || true
    else
        cp tests/scan/rules/*.yaml tests/scan/bad-rules/*.yaml "$corpus"/ 2>/dev/null || true
    fi
    echo "fuzz_$t: ${SECS}s"
    if ! $B/fuzz_$t -max_total_time="$SECS" -max_len=1048576 -rss_limit_mb=2048 \
        -artifact_prefix=$B/crashes/$t- -print_final_stats=1 "$corpus" 2>$B/fuzz_$t.log; then
        echo "fuzz_$t FAILED, see $B/fuzz_$t.log and $B/crashes/" >&2
        tail -40 $B/fuzz_$t.log >&2
        fail=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" $B/fuzz_$t.log || true
    fi
done
exit $fail
