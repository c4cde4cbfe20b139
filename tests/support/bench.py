"""The benchmark's scripts (benchmarks/generate.py, benchmarks/measure.py), loaded as modules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from support.paths import ROOT

GENERATE = ROOT / "benchmarks" / "generate.py"
MEASURE = ROOT / "benchmarks" / "measure.py"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and friends look modules up by name
    spec.loader.exec_module(module)
    return module


def load_generator() -> ModuleType:
    return _load("bench_generate", GENERATE)


def load_measure() -> ModuleType:
    return _load("bench_measure", MEASURE)
