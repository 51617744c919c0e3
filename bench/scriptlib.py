"""A module of scripts/ loaded by file name (its names have dashes, so `import` cannot):
the benches share the rule-example generators the rules were written with."""
import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(filename, name):
    """scripts/FILENAME, executed once as module NAME."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "scripts", filename))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
