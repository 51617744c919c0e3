"""`vega scan --history | --staged | -` and `vega hook install` on real git repositories
(docs/scan.md, "Git"): a secret added then deleted, the same blob in 1,000 commits scanned
once, renames, merges, binaries, an empty repository, a shallow clone, --since, --branch,
--all-refs, standard input, the index and the pre-commit hook."""
import json
import os
import secrets
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import gitlib  # noqa: E402
from gitlib import commit, git, head, stripe_key  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VEGA = os.environ.get("VEGA_BIN", os.path.join(ROOT, "build", "vega"))


@pytest.fixture(scope="module")
def env(tmp_path_factory, shared_cache):
    d = tmp_path_factory.mktemp("data")
    e = dict(os.environ, VEGA_CACHE_DIR=shared_cache, NO_COLOR="1", XDG_DATA_HOME=str(d / "xdg"))
    e.pop("VEGA_DATA_DIR", None)
    return e


def vega(env, *args, input=None, cwd=None):
    return subprocess.run([VEGA, *args], env=env, capture_output=True, text=True, timeout=120,
                          input=input, cwd=cwd)


def history(env, repo, *extra):
    r = vega(env, "scan", "--history", "--format", "json", "--no-progress", *extra, str(repo))
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


def stripe(report):
    return [f for f in report["findings"] if f["rule_id"] == "stripe-live-secret-key"]


def test_deleted_secret_is_found_with_its_commit(env, tmp_path):
    repo = gitlib.init(tmp_path / "r")
    commit(repo, {"app.js": "console.log('hi')\n"}, "init")
    key = stripe_key()
    added = commit(repo, {"pay.js": f'const stripe = "{key}";\n'}, "add payments")
    commit(repo, {"app.js": "console.log('hi again')\n"}, "more")
    commit(repo, {}, "remove the key", remove=["pay.js"])
    (f,) = stripe(history(env, repo))
    assert f["introduced_commit"]["sha"] == added
    assert f["introduced_commit"]["author_name"] == "Ann Author"
    assert f["in_head"] is False and f["severity"] == "critical"
    assert "rotate" in f["recommendation"] and key not in json.dumps(f)
    text = vega(env, "scan", "--history", "--no-progress", str(repo))
    assert text.returncode == 1
    assert f"introduced in commit {added[:12]} by Ann Author" in text.stdout
    assert "history only" in text.stdout and key not in text.stdout
    # a plain scan of the checkout does not see it
    assert vega(env, "scan", "--no-progress", str(repo)).returncode == 0


def test_same_blob_in_1000_commits_is_scanned_once(env, tmp_path):
    repo = gitlib.init(tmp_path / "r")
    key = stripe_key()
    commits = [{"config.js": f'module.exports = "{key}";\n', "n.txt": "0\n"}]
    commits += [{"n.txt": f"{i}\n"} for i in range(1, 1000)]
    gitlib.fast_import(repo, commits)
    r = vega(env, "scan", "--history", "--format", "json", "--no-progress", str(repo))
    rep = json.loads(r.stdout)
    assert rep["stats"]["total_files"] == 1001  # 1,000 versions of n.txt + config.js once
    assert "1000 commits, 1001 unique blobs scanned" in r.stderr
    (f,) = stripe(rep)
    assert f["in_head"] is True and f["file_path"] == "config.js"
    assert f["introduced_commit"]["sha"] == head(repo, "main~999")
    assert "history only" not in f["recommendation"]


def test_rename_merge_and_refs(env, tmp_path):
    repo = gitlib.init(tmp_path / "r")
    key, key2 = stripe_key(), stripe_key()
    first = commit(repo, {"old/keys.js": f'k = "{key}"\n'}, "init")
    os.makedirs(repo / "new")
    git(repo, "mv", "old/keys.js", "new/keys.js")
    commit(repo, {}, "rename")
    git(repo, "checkout", "-q", "-b", "feature")
    on_branch = commit(repo, {"feat.py": f'K = "{key2}"\n'}, "feature key")
    git(repo, "checkout", "-q", "main")
    commit(repo, {"other.txt": "x\n"}, "main moves")
    main_only = history(env, repo)
    (f,) = stripe(main_only)
    assert f["file_path"] == "new/keys.js" and f["introduced_commit"]["sha"] == first
    assert f["in_head"] is True
    assert len(stripe(history(env, repo, "--all-refs"))) == 2
    assert len(stripe(history(env, repo, "--branch", "feature"))) == 2
    git(repo, "merge", "-q", "--no-ff", "-m", "merge feature", "feature")
    merged = {f["file_path"]: f for f in stripe(history(env, repo))}
    assert merged["feat.py"]["introduced_commit"]["sha"] == on_branch
    assert merged["feat.py"]["in_head"] is True
    # --since: what the revision already had is not reported
    assert [f["file_path"] for f in stripe(history(env, repo, "--since", on_branch))] == []
    bad = vega(env, "scan", "--history", "--branch", "nope", str(repo))
    assert bad.returncode == 2 and "No branch or revision 'nope'" in bad.stderr


def test_binary_empty_and_shallow(env, tmp_path):
    empty = gitlib.init(tmp_path / "empty")
    r = history(env, empty)
    assert r["findings"] == [] and r["stats"]["total_files"] == 0
    repo = gitlib.init(tmp_path / "r")
    key, key2 = stripe_key(), stripe_key()
    commit(repo, {"blob.bin": b"\x00\x01" + key.encode() + b"\x00"}, "binary")
    commit(repo, {"old.js": f'a = "{key}"\n'}, "old key")
    commit(repo, {}, "drop", remove=["old.js"])
    commit(repo, {"now.js": f'b = "{key2}"\n'}, "new key")
    rep = history(env, repo)
    assert {f["file_path"] for f in stripe(rep)} == {"old.js", "now.js"}
    assert rep["stats"]["ignored_files"] >= 1  # the binary blob
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    (f,) = stripe(history(env, shallow))
    assert f["file_path"] == "now.js" and f["introduced_commit"]["sha"] == head(repo)


def test_stdin_staged_and_hook(env, tmp_path):
    repo = gitlib.init(tmp_path / "r")
    key = stripe_key()
    commit(repo, {"a.txt": "one\ntwo\n"}, "init")
    commit(repo, {"k.js": f'x = "{key}"\n'}, "key")
    log = git(repo, "log", "-p", "--all").stdout.decode()
    r = vega(env, "scan", "--format", "json", "--no-progress", "-", input=log)
    (f,) = stripe(json.loads(r.stdout))
    lines = log.split("\n")
    assert key in lines[f["line_start"] - 1] and f["file_path"] == "-"
    # the index: a staged key, and nothing once unstaged
    with open(repo / "new.py", "w") as fh:
        fh.write(f'K = "{stripe_key()}"\n')
    git(repo, "add", "new.py")
    staged = vega(env, "scan", "--staged", "--no-progress", cwd=str(repo))
    assert staged.returncode == 1 and "new.py:1" in staged.stdout
    # the hook blocks the commit; a foreign hook is never overwritten
    hook_env = dict(env, VEGA_BIN=VEGA)
    assert vega(hook_env, "hook", "install", str(repo)).returncode == 0
    blocked = git(repo, "commit", "-q", "-m", "leak", check=False, env=hook_env)
    assert blocked.returncode != 0 and "stripe-live-secret-key" in (blocked.stdout + blocked.stderr).decode()
    git(repo, "rm", "-q", "--cached", "new.py")
    git(repo, "commit", "-q", "--allow-empty", "-m", "clean", env=hook_env)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    r = vega(env, "hook", "install", str(repo))
    assert r.returncode == 2 and "not written by Vega" in r.stderr
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"


def aws_key():
    return "AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))


def scan_stdin(env, data):
    r = vega(env, "scan", "--format", "json", "--no-progress", "-", input=data)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)["findings"]


def test_stdin_slice_boundaries(env):
    """Standard input is scanned in overlapping 1 MB slices: a key across a slice boundary,
    keys at exactly the boundary and keys in the overlap are each found once, on their line."""
    mb = 1 << 20
    words = "lorem ipsum dolor sit amet " * 8

    def filler(n):  # n bytes of words (with separators), no newline
        return (words * (n // len(words) + 1))[:n]

    # 1. a long line (minified, a data URI) with a Stripe key across byte 1 MB, then lines of
    #    text with an AWS key every ~16 KB (some in every overlap)
    across = stripe_key()
    start = mb - len(across) // 2
    line1 = filler(start - 1) + " " + across + " " + filler(mb // 2) + "\n"
    assert line1.index(across) < mb < line1.index(across) + len(across)
    lines, want = [line1], {across: 1}
    while sum(map(len, lines)) < 2 * mb + mb // 2:
        if len(lines) % 160 == 0:
            k = aws_key()
            want[k] = len(lines) + 1
            lines.append(f"aws_access_key_id = {k}\n")
        else:
            lines.append(filler(99) + "\n")
    data = "".join(lines)
    # 2. keys that end exactly at byte 1 MB and start exactly there, on one long line
    before, after = stripe_key(), stripe_key()
    edge = filler(mb - len(before) - 2) + " " + before + " " + after + " " + filler(mb + 3) + "\n"
    assert edge.index(before) + len(before) + 1 == mb == edge.index(after)
    for text, expect in ((data, want), (edge, {before: 1, after: 1})):
        found = scan_stdin(env, text)
        secrets_found = [f for f in found if f["category"] == "secret"]
        by_line = {}
        for f in secrets_found:
            line = text.split("\n")[f["line_start"] - 1]
            hits = [k for k in expect if k in line]
            assert len(hits) >= 1, f
            by_line.setdefault(f["line_start"], []).append(f["rule_id"])
        assert len(secrets_found) == len(expect), (len(secrets_found), len(expect))
        for k, line_no in expect.items():
            assert line_no in by_line and key_rule(k) in by_line[line_no], k


def key_rule(k):
    return "stripe-live-secret-key" if k.startswith("sk_live_") else "aws-access-key-id"


def test_history_only_blobs_are_read_for_secrets_and_without_git(env, tmp_path):
    """A blob that lives only in history is read by secret rules only (deleted code is no
    longer a weakness); the tip's files get every rule. Blobs are read through
    `git cat-file --batch`, or through libgit2 when git is not on PATH: same findings."""
    repo = gitlib.init(tmp_path / "r")
    key = stripe_key()
    where = 'const query = { $where: "this.userId == " + parsedUserId };\n'
    commit(repo, {"old.js": where + f'const k = "{key}";\n'}, "old code")
    commit(repo, {"dao.js": where.replace("query", "q2")}, "new code", remove=["old.js"])
    rep = history(env, repo)
    rules = sorted((f["rule_id"], f["file_path"]) for f in rep["findings"])
    assert rules == [("js-nosql-where-injection", "dao.js"),
                     ("stripe-live-secret-key", "old.js")], rules
    bindir = tmp_path / "bin"  # PATH without git: libgit2 reads the blobs
    bindir.mkdir()
    no_git = dict(env, PATH=str(bindir))
    r = vega(no_git, "scan", "--history", "--format", "json", "--no-progress", str(repo))
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout)["findings"] == rep["findings"]
    assert "2 commits, 2 unique blobs scanned" in r.stderr


def test_blobs_read_by_the_scanning_threads_in_turn(env, tmp_path):
    """The scanning threads read the blobs from git cat-file themselves, taking turns in
    git's order, and skip git's answers for blobs no thread takes (ignored paths): with 1, 2
    or 4 threads, and through libgit2 without git, every key of N commits is found at the
    commit that added it, the ignored paths' keys are not, and the reports are the same."""
    N = 60
    repo = gitlib.init(tmp_path / "r")
    commits = []
    for i in range(N):
        key = stripe_key()
        files = {f"src/m{i % 7}.js": f'const k{i} = "{key}";\n' + "x = 1;\n" * (i * 37 % 500),
                 f"node_modules/p/i{i % 5}.js": f'module.exports = "{stripe_key()}";\n'}
        if i % 3 == 0:
            files[f"docs/n{i}.md"] = f"note {i}\n" * (i * 101 % 3000)
        commits.append(files)
    gitlib.fast_import(repo, commits)
    reports = []
    for j in ("1", "2", "4"):
        r = vega(env, "scan", "--history", "--format", "json", "--no-progress", "-j", j,
                 str(repo))
        assert r.returncode == 1, r.stderr
        reports.append(json.loads(r.stdout))
    bindir = tmp_path / "bin"  # PATH without git: libgit2 reads the blobs
    bindir.mkdir()
    r = vega(dict(env, PATH=str(bindir)), "scan", "--history", "--format", "json",
             "--no-progress", "-j", "2", str(repo))
    reports.append(json.loads(r.stdout))
    for rep in reports[1:]:
        assert rep["findings"] == reports[0]["findings"]
        assert rep["stats"]["total_files"] == reports[0]["stats"]["total_files"]
    found = stripe(reports[0])
    assert len(found) == N and all(f["file_path"].startswith("src/") for f in found)
    assert all(f["line_start"] == 1 for f in found)
    # each at the commit that added it (fast_import: commit i is main~(N - 1 - i))
    shas = {f["introduced_commit"]["sha"] for f in found}
    assert shas == {head(repo, f"main~{N - 1 - i}") for i in range(N)}
