"""Shared fixtures of the CLI scan tests."""
import os
import sys

import pytest

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TESTS)
from enginecache import engine_cache  # noqa: E402

VEGA = os.environ.get("VEGA_BIN", os.path.join(os.path.dirname(TESTS), "build", "vega"))


@pytest.fixture(scope="session")
def shared_cache():
    """The suite's compiled-rule cache (tests/enginecache.py): one cold compile, not one per
    module."""
    return engine_cache(VEGA)
