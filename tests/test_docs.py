"""The README is tested where it makes a claim a test can check."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def promises() -> list[tuple[str, list[str]]]:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme[readme.index("| promise | held by |"):]
    table = table[:table.index("\n\n")]
    rows = []
    for line in table.splitlines()[2:]:
        promise, held = (cell.strip() for cell in line.strip().strip("|").split(" | "))
        rows.append((promise, re.findall(r"`(tests/test_\w+\.py)`", held)))
    return rows


def test_every_promise_names_tests_that_exist():
    rows = promises()
    assert len(rows) >= 10
    for promise, files in rows:
        assert files, f"no test named for: {promise}"
        for name in files:
            text = (ROOT / name).read_text("utf-8")
            assert re.search(r"^def test_|^Test\w+ = ", text, re.MULTILINE), \
                f"{name}, named for '{promise}', holds no test"
