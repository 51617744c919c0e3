#!/bin/sh
# Install the Debian packages Vega needs that are not installed yet. Uses sudo when not root.
set -eu
PKGS="build-essential pkg-config clang libclang-rt-14-dev libmicrohttpd-dev libjansson-dev
libsqlite3-dev libpq-dev libarchive-dev libvectorscan-dev libpcre2-dev libsodium-dev
libgit2-dev libcurl4-openssl-dev libyaml-dev libssl-dev libtree-sitter-dev libcmocka-dev python3-pytest
python3-requests postgresql git zip unzip curl wrk ripgrep nodejs"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
