"""The benchmark's vault generator (benchmarks/generate.py), loaded as a module."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from support.paths import ROOT

GENERATE = ROOT / "benchmarks" / "generate.py"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and friends look modules up by name
    spec.loader.exec_module(module)
    return module
