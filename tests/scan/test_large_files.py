"""Big text files are read, not dropped: a key at the end of a 20 MB bundle in build output
is found in default mode; only files over the 64 MB default (or --max-file-size) are
skipped, and they are counted in stats.ignored_files, never dropped silently."""
import json
import os
import secrets
import string
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VEGA = os.environ.get("VEGA_BIN", os.path.join(ROOT, "build", "vega"))


def stripe_key():
    alnum = string.ascii_letters + string.digits
    return "sk_live_" + "".join(secrets.choice(alnum) for _ in range(24))


def scan(path, *extra):
    r = subprocess.run([VEGA, "scan", "--no-progress", "--fail-on", "never", "--format", "json",
                        *extra, str(path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_key_at_the_end_of_a_20mb_bundle_is_found(tmp_path):
    dist = tmp_path / "app" / "dist"
    dist.mkdir(parents=True)
    line = "function f%d(a,b){return a+b}" + "\n"
    body = "".join(line % i for i in range(20 * 1024 * 1024 // len(line)))
    key = stripe_key()
    (dist / "main.js").write_text(body + 'const stripe = Stripe("%s");\n' % key)
    rep = scan(tmp_path / "app")
    hits = [f for f in rep["findings"] if f["file_path"] == "dist/main.js"
            and f["category"] == "secret"]
    assert hits, rep["stats"]
    assert all(key not in json.dumps(f) for f in rep["findings"])  # evidence is masked
    assert rep["stats"]["ignored_files"] == 0
    # The same file over an explicit limit is skipped and counted, not silently dropped.
    rep = scan(tmp_path / "app", "--max-file-size", "8M")
    assert not [f for f in rep["findings"] if f["file_path"] == "dist/main.js"]
    assert rep["stats"]["ignored_files"] == 1
