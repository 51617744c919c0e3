#!/bin/sh
# The Debian package as an operator meets it: install it with dpkg -i, check its systemd
# units with systemd-analyze verify, start the installed binary with the unit's own
# command line, user (setpriv: no process in between, so the SIGTERM reaches vega),
# settings file and state directory (systemd itself may not run here:
# CI containers have no init), check GET /v1/healthz, stop it with SIGTERM, upgrade in
# place (the postinst migrates), purge. Needs root (dpkg); prints SKIP otherwise.
#   tests/packaging/test-deb.sh build/deb/vega_VERSION_ARCH.deb
set -eu
deb=${1:?usage: test-deb.sh PACKAGE.deb}
if [ "$(id -u)" -ne 0 ]; then
    echo "test-deb: SKIP (dpkg -i needs root)"
    exit 0
fi
unit=/lib/systemd/system/vega.service
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    dpkg --purge vega >/dev/null 2>&1 || true
    rm -rf /var/lib/vega
}
trap cleanup EXIT INT TERM
fail() {
    echo "test-deb: FAIL: $*" >&2
    exit 1
}

dpkg -i "$deb" >/dev/null || fail "dpkg -i"
[ -x /usr/bin/vega ] || fail "no /usr/bin/vega"
getent passwd vega >/dev/null || fail "no vega user"
[ "$(stat -c '%U:%G %a' /etc/vega/vega.env)" = "root:vega 640" ] || fail "vega.env owner/mode"
[ "$(stat -c '%U %a' /var/lib/vega)" = "vega 700" ] || fail "state directory owner/mode"
for u in vega.service vega-worker.service; do
    out=$(systemd-analyze verify "/lib/systemd/system/$u" 2>&1) || fail "systemd-analyze verify $u: $out"
    # Warnings about the host (no running systemd) are not about the unit; ours are.
    echo "$out" | grep -q "$u" && fail "systemd-analyze verify $u: $out"
done
grep -q '^User=vega$' "$unit" && grep -q '^StateDirectory=vega$' "$unit" &&
    grep -q '^EnvironmentFile=/etc/vega/vega.env$' "$unit" || fail "unit settings"

# The unit's command line, as the unit runs it: user, settings, working directory.
cmd=$(sed -n 's/^ExecStart=//p' "$unit")
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp)
(
    set -a
    . /etc/vega/vega.env
    set +a
    cd /var/lib/vega
    # Its own port, and no scan workers (they would compile the rule pack first: slow here).
    VEGA_LISTEN=127.0.0.1:$port VEGA_WORKERS=0 exec setpriv --reuid=vega --regid=vega --init-groups -- $cmd
) >"$log" 2>&1 &
pid=$!
ok=""
i=0
while [ $i -lt 300 ]; do
    if curl -fsS "http://127.0.0.1:$port/v1/healthz" 2>/dev/null | grep -q '"ok"'; then
        ok=1
        break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
done
[ -n "$ok" ] || fail "the installed vega serve did not answer /v1/healthz: $(tail -5 "$log")"
curl -fsS "http://127.0.0.1:$port/v1/readyz" >/dev/null || fail "readyz"
[ -s /var/lib/vega/secret ] || fail "no secret in the state directory"
[ "$(stat -c %U /var/lib/vega/vega.db)" = vega ] || fail "database not owned by vega"
kill -TERM "$pid"
wait "$pid" || fail "vega serve did not exit cleanly on SIGTERM"
pid=""

# Upgrade in place (same version reinstalled: dpkg runs postinst configure with the old
# version): the postinst migrates the database as the vega user.
out=$(dpkg -i "$deb" 2>&1) || fail "reinstall: $out"
echo "$out" | grep -q "vega: database migrated" || fail "postinst did not migrate: $out"
dpkg --purge vega >/dev/null || fail "purge"
[ ! -e /usr/bin/vega ] && [ ! -e /etc/vega/vega.env ] || fail "purge left files"
rm -f "$log"
echo "test-deb: ok ($(basename "$deb"))"
