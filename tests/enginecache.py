"""One compiled-rule cache for every `vega` run of the test suites (tests/api, tests/scan).

A cold compile of the rule pack costs ~20 s of CPU (minutes under AddressSanitizer, whose
allocator Vectorscan's compiler leans on), so each suite compiling it per module or per
server would cost minutes. Entries are keyed by the rules and the Vectorscan version and
pruned by vega itself (src/scan/dbcache.c), as a user's ~/.cache/vega is. The folder sits
beside the binary under test (build/ or build-asan/) unless VEGA_ENGINE_CACHE names one."""
import os


def engine_cache(vega):
    path = os.environ.get("VEGA_ENGINE_CACHE") or os.path.join(
        os.path.dirname(os.path.abspath(vega)), "test-engine-cache")
    os.makedirs(path, exist_ok=True)
    return path
