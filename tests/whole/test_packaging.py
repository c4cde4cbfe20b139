"""The wheel (what a plain `pip install .` installs) carries the templates and the example vault."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from support.paths import ROOT


@pytest.mark.long
def test_wheel_ships_templates_and_example_vault(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("vaultkit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in sorted((ROOT / "templates").rglob("*.md")):
        rel = template.relative_to(ROOT / "templates").as_posix()
        assert f"vaultkit/_data/templates/{rel}" in names
    assert "vaultkit/_data/example_vault/.obsidian/daily-notes.json" in names
    assert "vaultkit/_data/example_vault/Free writing/Untitled.md" in names
