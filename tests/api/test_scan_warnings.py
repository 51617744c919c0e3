"""A .vegaignore naming a rule that does not exist suppresses nothing: a scan run by the
server says so in its log (`scan_warning` with the scan id), as `vega scan` does on stderr
(docs/scan.md, "Findings, fingerprints, suppression")."""
import json

from scanlib import fake_stripe_key, make_zip, run_scan


def test_unknown_rule_in_vegaignore_is_logged(server, token):
    secret = fake_stripe_key()
    data = make_zip({
        "app/pay.js": f'const stripe = "{secret}";\n',
        "app/.vegaignore": "rule:stripe-live-secret-key\nrule:no-such-rule-xyz\n",
    })
    scan = run_scan(server, data, token=token)
    assert scan["status"] == "complete", scan
    assert scan["findings"] == []  # the known rule is suppressed
    warnings = [json.loads(line) for line in server.read_log().splitlines()
                if '"scan_warning"' in line]
    mine = [w for w in warnings if w.get("scan_id") == scan["id"]]
    assert len(mine) == 1, warnings
    assert mine[0]["level"] == "warn"
    assert mine[0]["message"].startswith(".vegaignore: rule:no-such-rule-xyz names no known rule")
    assert secret not in server.read_log()
