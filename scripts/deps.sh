#!/bin/sh
# Install the Debian packages of the given groups that are not installed yet (apt-get; sudo
# when not root). Groups:
#   build  what `make` needs to build build/vega (`make deps`, `make run`); npm fetches the
#          tree-sitter grammars (grammars/package-lock.json)
#   test   the test tools: cmocka, pytest, requests, PostgreSQL, clang for ASan and fuzzing,
#          zip/curl/git, Node.js + npm for the SARIF validator and s3rver, chromium for the
#          browser tests of the dashboard, prometheus for `promtool check metrics`,
#          systemd for `systemd-analyze verify` of the package's units (`make test`,
#          `make asan`, `make test-deb`)
#   bench  the benchmark tools: wrk, ripgrep, npm for the corpus, chromium for the
#          dashboard's render time (`make bench`)
#   list GROUP...  print the packages of the groups, one per line, and exit
# No group: build.
set -eu

BUILD="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev
libarchive-dev libvectorscan-dev libpcre2-dev libsodium-dev libgit2-dev libcurl4-openssl-dev
libyaml-dev libssl-dev libtree-sitter-dev libcairo2-dev libpango1.0-dev libmd4c-dev libxxhash-dev
fonts-dejavu-core nodejs npm"
TEST="libcmocka-dev python3-pytest python3-pytest-xdist python3-requests postgresql clang libclang-rt-14-dev git
zip unzip curl poppler-utils nodejs npm chromium prometheus systemd"
BENCH="wrk ripgrep curl nodejs npm chromium"

list=0
if [ "${1:-}" = "list" ]; then
    list=1
    shift
fi
[ $# -eq 0 ] && set -- build
PKGS=""
for g in "$@"; do
    case "$g" in
    build) PKGS="$PKGS $BUILD" ;;
    test) PKGS="$PKGS $TEST" ;;
    bench) PKGS="$PKGS $BENCH" ;;
    *)
        echo "usage: scripts/deps.sh [list] build|test|bench..." >&2
        exit 2
        ;;
    esac
done
if [ $list -eq 1 ]; then
    for p in $PKGS; do echo "$p"; done | sort -u
    exit 0
fi

missing=""
for p in $PKGS; do
    case " $missing " in *" $p "*) continue ;; esac
    # Node.js may come from elsewhere (with npm bundled): a working command is enough.
    case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
echo "deps ($*): installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
