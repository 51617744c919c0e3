"""A newcomer's path (README.md): `make` without the libraries says to run `make deps`;
`make deps` installs only the build packages; every relative Markdown link resolves; the
README lists every command; `migrate --help` and `user --help` show only their options;
`vega scan` and `vega advisories import` share the user's data dir, not `./var`."""
import json
import os
import re
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VEGA = os.environ.get("VEGA_BIN", os.path.join(ROOT, "build", "vega"))


def clean_env(**extra):
    """The environment without the calling make's variables (jobserver, MAKELEVEL)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
           and not k.startswith("VEGA_")}
    env.update(extra)
    return env


def test_make_without_libraries_says_make_deps(tmp_path):
    build = tmp_path / "b"
    r = subprocess.run(["make", "--no-print-directory", "BUILD=" + str(build),
                        "PKGS=libsodium vega-missing-lib-a vega-missing-lib-b", "all"],
                       cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=300)
    assert r.returncode != 0
    assert "vega: missing to build: vega-missing-lib-a vega-missing-lib-b\n" in r.stderr, \
        r.stderr
    assert "run 'make deps'" in r.stderr
    # Nothing was compiled: no "No such file" from the compiler, no object file.
    assert "No such file" not in r.stderr and "  CC " not in r.stdout
    assert not (build / "src").exists()
    # Without pkg-config at all (a PATH holding only make), the same advice.
    bindir = tmp_path / "bin"
    bindir.mkdir()
    make = subprocess.run(["sh", "-c", "command -v make"], capture_output=True,
                          text=True).stdout.strip()
    os.symlink(make, bindir / "make")
    r = subprocess.run([make, "--no-print-directory", "BUILD=" + str(build), "all"], cwd=ROOT,
                       env=clean_env(PATH=str(bindir)), capture_output=True, text=True,
                       timeout=300)
    assert r.returncode != 0
    assert "vega: missing to build: pkg-config (and the libraries it finds)" in r.stderr, \
        r.stderr
    assert "run 'make deps'" in r.stderr
    assert not (build / "src").exists()


def deps_list(*groups):
    r = subprocess.run(["sh", os.path.join(ROOT, "scripts", "deps.sh"), "list", *groups],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return set(r.stdout.split())


def test_deps_groups():
    build, test, bench = deps_list("build"), deps_list("test"), deps_list("bench")
    assert {"libsodium-dev", "libvectorscan-dev", "pkg-config", "build-essential"} <= build
    tools = {"libcmocka-dev", "python3-pytest", "python3-requests", "postgresql", "zip",
             "wrk", "ripgrep", "clang"}
    assert not build & tools, build & tools
    assert {"libcmocka-dev", "python3-pytest", "python3-requests", "postgresql", "zip",
            "npm"} <= test
    assert {"wrk", "ripgrep"} <= bench and not {"wrk", "ripgrep"} & test
    # make deps installs the build group only; make test the test group too; make bench
    # the bench tools.
    def dry(target):
        r = subprocess.run(["make", "-n", "--no-print-directory", target], cwd=ROOT,
                           env=clean_env(), capture_output=True, text=True, timeout=60)
        return r.stdout
    assert "scripts/deps.sh build\n" in dry("deps")
    assert "scripts/deps.sh build test\n" in dry("test")
    assert "scripts/deps.sh build bench\n" in dry("bench")
    assert "scripts/deps.sh build\n" in dry("run")


def test_markdown_links_resolve(tmp_path):
    script = os.path.join(ROOT, "scripts", "check-links.py")
    r = subprocess.run(["python3", script], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    # The checker fails on what it should.
    doc = os.path.join(ROOT, "docs", "zz-link-test-%d.md" % os.getpid())
    try:
        with open(doc, "w") as fh:
            fh.write("# Title\n\n[ok](scan.md) [gone](ENGINE.md) [seed](../seeds/x.txt)\n"
                     "[anchor](scan.md#no-such-heading) [fine](scan.md#reports)\n"
                     "`[code](nope.md)`\n")
        r = subprocess.run(["python3", script, doc], capture_output=True, text=True,
                           timeout=60)
    finally:
        os.unlink(doc)
    assert r.returncode == 1
    bad = sorted(re.findall(r"broken link '([^']+)'", r.stderr))
    assert bad == ["../seeds/x.txt", "ENGINE.md", "scan.md#no-such-heading"], r.stderr


def test_readme_lists_every_command():
    r = subprocess.run([VEGA, "--help"], capture_output=True, text=True)
    commands = re.findall(r"^  (\w[\w-]*)\s", r.stdout, re.M)
    assert len(commands) >= 9, r.stdout
    with open(os.path.join(ROOT, "README.md")) as fh:
        readme = fh.read()
    section = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\s+vega (\w[\w-]*)", section, re.M)
    assert sorted(set(listed)) == sorted(commands), (listed, commands)


@pytest.mark.parametrize("command", ["migrate", "user"])
def test_store_commands_show_their_options_only(command, tmp_path):
    r = subprocess.run([VEGA, command, "--help"], capture_output=True, text=True,
                       env=clean_env())
    assert r.returncode == 0
    options = set(re.findall(r"^  --([a-z-]+)", r.stdout, re.M))
    assert options == {"database-url", "data-dir", "log-level"}, options
    # An option of the server is refused, not silently taken.
    r = subprocess.run([VEGA, command] + (["list"] if command == "user" else []) +
                       ["--listen", "127.0.0.1:1", "--data-dir", str(tmp_path / "var")],
                       capture_output=True, text=True, env=clean_env())
    assert r.returncode == 2 and "--listen" in r.stderr, r.stderr
    # serve still shows every option.
    serve = subprocess.run([VEGA, "serve", "--help"], capture_output=True, text=True).stdout
    assert "--listen" in serve and "--workers" in serve and "--github-app-id" in serve


OSV = {"schema_version": "1.6.0", "id": "VEGA-TEST-0101", "modified": "2026-01-01T00:00:00Z",
       "summary": "Test advisory for lodash",
       "affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
                     "ranges": [{"type": "SEMVER",
                                 "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}]}]}


def dependency_findings(cwd, env, app):
    r = subprocess.run([VEGA, "scan", "--format", "json", app], cwd=cwd, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    return [f for f in json.loads(r.stdout)["findings"]
            if f["rule_id"] == "dependency-npm-vulnerable"], r.stderr


@pytest.mark.parametrize("via", ["xdg", "home"])
def test_scan_and_import_share_the_user_data_dir(tmp_path, via, shared_cache):
    osv = tmp_path / "osv.json"
    osv.write_text(json.dumps(OSV))
    app = tmp_path / "app"
    app.mkdir()
    (app / "package.json").write_text('{"dependencies": {"lodash": "4.17.20"}}\n')
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(HOME=str(home), VEGA_CACHE_DIR=shared_cache)
    env.pop("XDG_DATA_HOME", None)
    if via == "xdg":
        env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    expected = (tmp_path / "xdg" / "vega") if via == "xdg" else (home / ".local/share/vega")
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    # Before the import: no advisory data, said on stderr.
    found, err = dependency_findings(two, env, str(app))
    assert found == [] and "no advisory data loaded" in err
    r = subprocess.run([VEGA, "advisories", "import", str(osv)], cwd=one, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "advisory data in %s/advisories" % expected in r.stdout
    assert (expected / "advisories").is_dir()
    assert not (one / "var").exists()
    # A scan from anywhere else sees it.
    found, err = dependency_findings(two, env, str(app))
    assert [f["masked_evidence"] for f in found] == ["lodash@4.17.20"], err
    assert not (two / "var").exists()
    r = subprocess.run([VEGA, "advisories", "status"], cwd=two, env=env, capture_output=True,
                       text=True)
    assert "npm   1 advisory, 1 package entry" in r.stdout
    # VEGA_DATA_DIR still wins over both.
    env["VEGA_DATA_DIR"] = str(tmp_path / "elsewhere")
    found, _ = dependency_findings(two, env, str(app))
    assert found == []
