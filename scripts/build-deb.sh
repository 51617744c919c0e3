#!/bin/sh
# Build the Debian package of vega from a built binary: scripts/build-deb.sh BINARY OUTDIR
# (make deb). Contents: /usr/bin/vega, the systemd units (vega serve as the vega system
# user; vega worker for worker nodes), /etc/vega/vega.env (a conffile), docs/deploy.md;
# maintainer scripts from packaging/debian. Library dependencies come from
# dpkg-shlibdeps. Prints the path of the .deb.
set -eu
bin=${1:?usage: build-deb.sh BINARY OUTDIR}
out=${2:?usage: build-deb.sh BINARY OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^#define VEGA_VERSION "\(.*\)"/\1/p' "$top/src/util/version.h")
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
root="$work/root"

install -D -m 0755 "$bin" "$root/usr/bin/vega"
strip --strip-unneeded "$root/usr/bin/vega" 2>/dev/null || true
install -D -m 0644 "$top/packaging/vega.service" "$root/lib/systemd/system/vega.service"
install -D -m 0644 "$top/packaging/vega-worker.service" "$root/lib/systemd/system/vega-worker.service"
install -D -m 0640 "$top/packaging/vega.env" "$root/etc/vega/vega.env"
install -D -m 0644 "$top/docs/deploy.md" "$root/usr/share/doc/vega/deploy.md"
install -D -m 0644 "$top/README.md" "$root/usr/share/doc/vega/README.md"

# Library dependencies, as Debian's own packaging would compute them.
mkdir -p "$work/src/debian"
printf 'Source: vega\n\nPackage: vega\nArchitecture: any\n' >"$work/src/debian/control"
deps=$(cd "$work/src" && dpkg-shlibdeps -O -e "$root/usr/bin/vega" 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
size=$(du -sk "$root" | cut -f1)

mkdir -p "$root/DEBIAN"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
    -e "s/@DEPENDS@/$deps, adduser | passwd, util-linux/" \
    "$top/packaging/debian/control.in" >"$root/DEBIAN/control"
install -m 0644 "$top/packaging/debian/conffiles" "$root/DEBIAN/conffiles"
for s in postinst prerm postrm; do
    install -m 0755 "$top/packaging/debian/$s" "$root/DEBIAN/$s"
done

mkdir -p "$out"
deb="$out/vega_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"
