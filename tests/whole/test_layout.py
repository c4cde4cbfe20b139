"""The code stays readable by a newcomer: every module short enough to hold in one's head,
every class one job, every module named in docs/architecture.md where its layer is told."""

from __future__ import annotations

import ast
import re

from support.paths import ROOT

PACKAGE = ROOT / "vaultkit"
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 200


def _modules() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py"))


def _holds_code(rel: str) -> bool:
    """A package's __init__.py that only says what the package is needs no row of its own."""
    body = ast.parse((ROOT / rel).read_text("utf-8")).body
    return not rel.endswith("__init__.py") or len(body) > 1


def test_no_module_is_longer_than_a_newcomer_can_read():
    long = {}
    for rel in _modules():
        lines = (ROOT / rel).read_text("utf-8").count("\n")
        if lines > MAX_MODULE_LINES:
            long[rel] = lines
    assert not long, f"split by job, each at most {MAX_MODULE_LINES} lines: {long}"


def test_no_class_does_more_than_one_job():
    long = {}
    for rel in _modules():
        tree = ast.parse((ROOT / rel).read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_CLASS_LINES:
                    long[f"{rel}:{node.name}"] = size
    assert not long, f"split, each class at most {MAX_CLASS_LINES} lines: {long}"


def test_every_module_says_its_job_in_its_first_line():
    silent = [
        rel
        for rel in _modules()
        if not ast.get_docstring(ast.parse((ROOT / rel).read_text("utf-8")))
        and not rel.endswith("__main__.py")
    ]
    assert not silent, f"give each a docstring saying its one job: {silent}"


def test_the_architecture_page_names_every_module_and_no_other():
    page = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    named = set(re.findall(r"`(vaultkit/[\w/]+\.py)`", page))
    real = {rel for rel in _modules() if _holds_code(rel)}
    assert not real - named, f"add to docs/architecture.md: {sorted(real - named)}"
    assert not named - real, f"gone, remove from docs/architecture.md: {sorted(named - real)}"
