#!/usr/bin/python3
"""Compare the findings of two `vega scan --format json` reports (engine work must not change
them): rule id, path, lines, fingerprint, masked evidence, confidence, severity. Prints what
only one side has and exits 1 when they differ.

Usage: findings_diff.py BEFORE.json AFTER.json
"""
import json, sys

KEYS = ("rule_id", "file_path", "line_start", "line_end", "fingerprint", "masked_evidence",
        "confidence", "severity")


def load(path):
    with open(path) as fh:
        return sorted(tuple(str(f.get(k)) for k in KEYS) for f in json.load(fh)["findings"])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    a, b = load(sys.argv[1]), load(sys.argv[2])
    sa, sb = set(a), set(b)
    for f in sorted(sa - sb):
        print("- " + " ".join(f[:4]))
    for f in sorted(sb - sa):
        print("+ " + " ".join(f[:4]))
    same = a == b
    print("%d vs %d findings: %s" % (len(a), len(b), "identical" if same else "DIFFERENT"))
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
