#!/usr/bin/python3
"""Generate the hostile and ordinary archives of tests/scan/cases/ (committed; rerun to
refresh). Secrets in them are the generated test secrets of tests/scan/rules/."""
import io, os, struct, tarfile, zipfile, gzip, zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
GH = b"GITHUB_TOKEN=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\n"
AWS = b"aws_access_key_id = AKIAT7V4SEH2KVJ72CEU\n"


def out(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def zip_of(entries, compression=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", compression) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return b.getvalue()


def tar_of(members, mode="w:gz"):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode=mode) as t:
        for m, data in members:
            t.addfile(m, io.BytesIO(data) if data is not None else None)
    return b.getvalue()


def reg(name, data):
    m = tarfile.TarInfo(name)
    m.size = len(data)
    return (m, data)


def special(name, kind, target=""):
    m = tarfile.TarInfo(name)
    m.type = kind
    m.linkname = target
    return (m, None)


# Ordinary archives: one secret in src/, one under node_modules/ (ignored by default).
entries = [("repo/src/app.env", GH), ("repo/node_modules/x/a.env", GH), ("repo/README.md", b"hi\n")]
out("simple.zip", zip_of(entries))
out("simple.tar.gz", tar_of([reg(n, d) for n, d in entries]))
out("simple.tar", tar_of([reg(n, d) for n, d in entries], "w"))

# Zip slip and absolute paths: never read, counted risky; the good entry is scanned.
out("zipslip.zip", zip_of([("../../evil.env", GH), ("/etc/evil.env", GH),
                           ("a/../../b.env", GH), ("..\\..\\win.env", GH), ("ok/aws.py", AWS)]))

# Links and devices in a tar: risky.
out("links.tar", tar_of([special("lnk", tarfile.SYMTYPE, "/etc/passwd"),
                         special("hard", tarfile.LNKTYPE, "ok.py"),
                         special("dev", tarfile.CHRTYPE), special("fifo", tarfile.FIFOTYPE),
                         reg("ok.py", AWS)], "w"))

# Ratio bomb: 64 MiB of zeros in a gzip'd tar (about 1000:1).
zeros = tarfile.TarInfo("zeros.txt")
zeros.size = 64 << 20
b = io.BytesIO()
with tarfile.open(fileobj=b, mode="w:gz", compresslevel=9) as t:
    t.addfile(reg("first.env", GH)[0], io.BytesIO(GH))
    t.addfile(zeros, io.BytesIO(bytes(64 << 20)))
out("ratio-bomb.tar.gz", b.getvalue())

# 42.zip-style nesting: zips of zips of zeros (never opened: nested archives are binary).
inner = zip_of([("z%d.txt" % i, bytes(1 << 20)) for i in range(4)])
mid = zip_of([("inner%d.zip" % i, inner) for i in range(4)])
out("nested-bomb.zip", zip_of([("mid%d.zip" % i, mid) for i in range(4)] + [("s.env", GH)]))

# Overlapping-entry bomb: many central-directory entries pointing at one local file.
payload = zlib.compressobj(9, zlib.DEFLATED, -15)
raw = bytes(8 << 20)
comp = payload.compress(raw) + payload.flush()
crc = zlib.crc32(raw)
name = b"a.txt"
local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(comp), len(raw), len(name), 0) + name + comp
cd = b""
n = 200
for i in range(n):
    nm = b"f%03d.txt" % i
    cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(comp), len(raw), len(nm), 0, 0, 0, 0, 0, 0) + nm
eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(cd), len(local), 0)
out("overlap-bomb.zip", local + cd + eocd)

# Truncated archives.
good = zip_of([("a.env", GH), ("b.py", AWS * 2000)])
out("truncated.zip", good[: len(good) // 2])
tgz = tar_of([reg("a.env", GH), reg("b.py", AWS * 2000)])
out("truncated.tar.gz", tgz[: len(tgz) // 2])

# Not archives at all.
out("not-an-archive.zip", b"this is plain text named .zip\n" + GH)
out("garbage.bin", bytes(range(256)) * 8)

# An "encrypted" zip entry (flag bit 0 set): risky, never read.
enc = bytearray(zip_of([("secret.env", GH)], zipfile.ZIP_STORED))
enc[6] |= 1  # local header flags
cdo = enc.find(b"PK\x01\x02")
enc[cdo + 8] |= 1  # central directory flags
out("encrypted.zip", bytes(enc))

# .vegaignore inside an archive (GitHub tarball layout with a top directory).
out("vegaignore.tar.gz", tar_of([reg("owner-repo-abc/.vegaignore", b"fixtures/\nrule:test-aws-access-key-id\n"),
                                 reg("owner-repo-abc/fixtures/x.env", GH),
                                 reg("owner-repo-abc/src/a.py", AWS),
                                 reg("owner-repo-abc/src/b.env", GH)]))
# Entry names that are not UTF-8 and carry control characters (terminal escapes, newline).
b = io.BytesIO()
with tarfile.open(fileobj=b, mode="w", format=tarfile.GNU_FORMAT, encoding="latin-1") as t:
    m = tarfile.TarInfo("caf\xe9/\x1b[31mred\n.env")
    m.size = len(GH)
    t.addfile(m, io.BytesIO(GH))
out("latin1-names.tar", b.getvalue())

# A `zip -y` symlink: the central directory says S_IFLNK; its data is the link target
# (here a planted secret, so reading the link as a file would report it).
zi = zipfile.ZipInfo("repo/config.env")
zi.create_system = 3
zi.external_attr = 0o120777 << 16
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z:
    z.writestr(zi, GH.strip())
    z.writestr(zipfile.ZipInfo("repo/ok.py"), AWS)
out("symlink.zip", b.getvalue())


# A ZIP64 entry whose declared uncompressed size is 2^63 - 16 (a `..` name, so it is risky
# and never read), then an ordinary entry. Statistics must count bytes read, not claims.
def zip64_entry(name, data, declared, offset):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    comp = c.compress(data) + c.flush()
    crc = zlib.crc32(data)
    extra = struct.pack("<HHQQ", 1, 16, declared, len(comp))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                        len(name), len(extra)) + name + extra + comp
    cextra = struct.pack("<HHQQQ", 1, 24, declared, len(comp), offset)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF,
                          0xFFFFFFFF, len(name), len(cextra), 0, 0, 0, 0, 0xFFFFFFFF) + name + cextra
    return local, central


body, cd = b"", b""
for name, data, declared in ((b"../huge.txt", b"x" * 1000, (1 << 63) - 16),
                             (b"ok/aws.py", AWS, len(AWS))):
    loc, cen = zip64_entry(name, data, declared, len(body))
    body += loc
    cd += cen
z64_end = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 2, 2, len(cd), len(body))
z64_loc = struct.pack("<IIQI", 0x07064B50, 0, len(body) + len(cd), 1)
eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
out("zip64-huge-size.zip", body + cd + z64_end + z64_loc + eocd)
print("ok")
