"""`vega ci` options beyond tests/api/test_ci.py (docs/ci.md): the API key also comes from
VIBEGUARD_API_KEY (VEGA_API_KEY wins when both are set), and the shared report options
-v (recommendations) and -q (the summary line only) against a real `vega serve`."""
from test_ci import run_ci, stripe_key, write

import pytest


@pytest.fixture(scope="module")
def key(server):
    return server.new_key(server.token())["key"]


@pytest.fixture
def leaky(tmp_path):
    secret = stripe_key()
    write(tmp_path, "shop/pay.js", f'const stripe = new Stripe("{secret}");\n')
    return tmp_path / "shop", secret


def test_key_from_vibeguard_api_key(server, key, leaky):
    path, secret = leaky
    p = run_ci(server.base, path, None, env_extra={"VIBEGUARD_API_KEY": key})
    assert p.returncode == 1, p.stderr
    assert "pay.js:1" in p.stdout and "stripe" in p.stdout
    assert key not in p.stdout + p.stderr and secret not in p.stdout + p.stderr
    # VEGA_API_KEY wins: a bad one is used (and refused) although VIBEGUARD_API_KEY is good.
    p = run_ci(server.base, path, "vg_live_" + "y" * 40, env_extra={"VIBEGUARD_API_KEY": key})
    assert p.returncode == 2 and "Invalid or revoked API key." in p.stderr
    # Neither: the message names both.
    p = run_ci(server.base, path, None, env_extra={"VIBEGUARD_API_KEY": ""})
    assert p.returncode == 2
    assert "VEGA_API_KEY" in p.stderr and "VIBEGUARD_API_KEY" in p.stderr


def test_verbose_and_quiet(server, key, leaky):
    path, _ = leaky
    p = run_ci(server.base, path, key, "-v")
    assert p.returncode == 1, p.stderr
    assert "      fix: " in p.stdout
    # The API reports no line count: the summary leaves it out rather than say "0 lines".
    p = run_ci(server.base, path, key, "-q")
    assert p.returncode == 1, p.stderr
    assert p.stdout.splitlines() == [
        "1 finding. 1 file scanned (%d B), 0 ignored, 0 risky skipped, 0 suppressed."
        % len(open(path / "pay.js").read())], p.stdout
