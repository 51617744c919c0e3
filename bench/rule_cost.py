#!/usr/bin/python3
"""Per-rule Vectorscan cost: compile each rule alone and time a block-mode scan of a sample
of the benchmark corpus (bench/.corpus/tree, built by scan_bench.py), file by file, with no
match callback; then count the match ends (the engine's callback + PCRE2 confirmations).

Usage: rule_cost.py [--mb N] [--top K] [--ids ID,...] RULEDIR...
Also times the whole set of RULEDIRs compiled together (one database, as the engine).
"""
import argparse, ctypes as C, os, random, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import importlib.util
spec = importlib.util.spec_from_file_location(
    "checkrules", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts",
                               "check-rules.py"))
cr = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cr)
HS = cr.HS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREE = os.path.join(ROOT, "bench", ".corpus", "tree")
HS.hs_compile_multi.argtypes = [C.POINTER(C.c_char_p), C.POINTER(C.c_uint), C.POINTER(C.c_uint),
                                C.c_uint, C.c_uint, C.c_void_p, C.POINTER(C.c_void_p),
                                C.POINTER(C.POINTER(cr.HsCompileError))]
NULLCB = cr.MATCH_CB()


def sample(mb):
    files = []
    for d, _, names in os.walk(TREE):
        for n in names:
            p = os.path.join(d, n)
            if os.path.isfile(p) and not os.path.islink(p):
                files.append(p)
    random.Random(7).shuffle(files)
    out, total = [], 0
    for p in files:
        with open(p, "rb") as fh:
            b = fh.read()
        if b"\0" in b[:8192] or len(b) > 8 << 20:
            continue
        out.append(b)
        total += len(b)
        if total >= mb * 1e6:
            break
    # join into ~4 MB blocks so the per-call ctypes overhead does not dominate
    blocks, cur, n = [], [], 0
    for b in out:
        cur.append(b)
        n += len(b)
        if n >= 4 << 20:
            blocks.append(b"\n".join(cur))
            cur, n = [], 0
    if cur:
        blocks.append(b"\n".join(cur))
    return blocks, total


def timescan(db, scratch, data):
    t = time.process_time()
    for b in data:
        HS.hs_scan(db, b, len(b), 0, scratch, NULLCB, None)
    return time.process_time() - t


def count(db, scratch, data):
    n = [0]

    def cb(*_):
        n[0] += 1
        return 0
    f = cr.MATCH_CB(cb)
    for b in data:
        HS.hs_scan(db, b, len(b), 0, scratch, f, None)
    return n[0]


def multi(rules):
    pats = [r.pattern.encode() for r in rules]
    arr = (C.c_char_p * len(pats))(*pats)
    fl = (C.c_uint * len(pats))(*[r.hs_flags for r in rules])
    ids = (C.c_uint * len(pats))(*range(len(pats)))
    db, err = C.c_void_p(), C.POINTER(cr.HsCompileError)()
    if HS.hs_compile_multi(arr, fl, ids, len(pats), 1, None, C.byref(db), C.byref(err)) != 0:
        raise SystemExit("compile: " + err.contents.message.decode())
    sc = C.c_void_p()
    HS.hs_alloc_scratch(db, C.byref(sc))
    return db, sc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=60)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--ids", default="")
    ap.add_argument("--no-each", action="store_true")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    rules = [r for r in cr.load_rules(a.dirs) if r.pattern is not None and not r.errors]
    if a.ids:
        want = set(a.ids.split(","))
        rules = [r for r in rules if r.id in want]
    data, total = sample(a.mb)
    mb = total / 1e6
    print("sample: %d files, %.1f MB; %d rules" % (len(data), mb, len(rules)))
    db, sc = multi(rules)
    t = timescan(db, sc, data)
    print("all together: %.2f s CPU, %.0f MB per CPU-s, %d match ends"
          % (t, mb / t, count(db, sc, data)))
    if a.no_each:
        return
    rows = []
    for r in rules:
        t = timescan(r.db, r.scratch, data)
        rows.append((t, r.id, "P" if r.prefilter else " ", count(r.db, r.scratch, data)))
    rows.sort(reverse=True)
    for t, rid, pf, n in rows[:a.top]:
        print("%7.3f s  %6.0f MB/s  %s %9d  %s" % (t, mb / t, pf, n, rid))


if __name__ == "__main__":
    main()
