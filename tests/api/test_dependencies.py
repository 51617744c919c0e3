"""Dependency findings through the scan API: advisories imported into the server's data dir
with `vega advisories import`, a ZIP with a lockfile and a package.json beside it."""
import json

from conftest import Server
from scanlib import make_zip, run_scan

OSV = {"id": "GHSA-p6mc-m468-83gw", "aliases": ["CVE-2020-8203"],
       "summary": "Prototype Pollution in lodash",
       "affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
                     "ranges": [{"type": "SEMVER",
                                 "events": [{"introduced": "0"}, {"fixed": "4.17.19"}]}]}],
       "severity": [{"type": "CVSS_V3",
                     "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H"}]}
LOCK = {"name": "shop", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
        "packages": {"": {"name": "shop", "version": "1.0.0",
                          "dependencies": {"lodash": "4.17.15", "left-pad": "1.3.0"}},
                     "node_modules/lodash": {"version": "4.17.15"},
                     "node_modules/left-pad": {"version": "1.3.0"}}}
PKG = {"name": "shop", "version": "1.0.0",
       "dependencies": {"lodash": "^4.17.15", "left-pad": "^1.3.0"}}


def test_vulnerable_dependency_is_reported_once(tmp_path):
    srv = Server("sqlite", str(tmp_path))
    osv = tmp_path / "osv.json"
    osv.write_text(json.dumps(OSV))
    p = srv.cli("advisories", "import", str(osv))
    assert "1 npm" in p.stdout
    srv.start()
    try:
        data = make_zip({"shop/package-lock.json": json.dumps(LOCK, indent=2),
                         "shop/package.json": json.dumps(PKG, indent=2)})
        scan = run_scan(srv, data, token=srv.token())
        assert scan["status"] == "complete", scan
        deps = [f for f in scan["findings"] if f["category"] == "dependency"]
        # The lockfile is authoritative: package.json's range finding is dropped.
        assert len(deps) == 1, deps
        f = deps[0]
        assert f["rule_id"] == "dependency-npm-vulnerable"
        assert f["file_path"] == "shop/package-lock.json" and f["severity"] == "high"
        assert "GHSA-p6mc-m468-83gw" in f["title"] and "4.17.19" in f["recommendation"]
        assert f["masked_evidence"] == "lodash@4.17.15"
    finally:
        assert srv.stop() == 0


def test_import_while_serving_takes_effect(tmp_path):
    srv = Server("sqlite", str(tmp_path)).start()
    try:
        data = make_zip({"package-lock.json": json.dumps(LOCK)})
        tok = srv.token()
        before = run_scan(srv, data, token=tok)
        assert [f for f in before["findings"] if f["category"] == "dependency"] == []
        osv = tmp_path / "osv.json"
        osv.write_text(json.dumps(OSV))
        srv.cli("advisories", "import", str(osv))
        after = run_scan(srv, data, token=tok)
        assert len([f for f in after["findings"] if f["category"] == "dependency"]) == 1
    finally:
        assert srv.stop() == 0
