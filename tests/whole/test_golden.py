"""Golden vaults: tests/fixtures/<case>/input, run as case.toml says, must equal expected/.

Trees are compared whole, in both directions: a missing or an extra file fails. A second run
must then change nothing. Set VAULTKIT_UPDATE_GOLDEN=1 to rewrite expected/ after a deliberate
change, and read the diff before committing it.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest

from support.paths import FIXTURES
from support.vaults import copy_vault, tree_bytes
from vaultkit.store.resources import example_vault_dir

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "case.toml").is_file())


def _input_of(case: Path) -> Path:
    spec = tomllib.loads((case / "case.toml").read_text())
    return example_vault_dir() if spec.get("input") == "example" else case / "input"


@pytest.mark.parametrize("name", CASES)
def test_golden_vault(name, tmp_path, cli):
    case = FIXTURES / name
    spec = tomllib.loads((case / "case.toml").read_text())
    vault = copy_vault(_input_of(case), tmp_path / "vault")

    result = cli("--vault", str(vault), *spec["args"])
    assert result.exit_code == spec.get("exit", 0), result.output

    expected = case / "expected"
    if os.environ.get("VAULTKIT_UPDATE_GOLDEN"):
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(vault, expected, symlinks=True)
    got, want = tree_bytes(vault), tree_bytes(expected)
    assert sorted(got) == sorted(want), "files differ"
    for path in sorted(want):
        assert got[path] == want[path], f"{path} differs from the golden copy"

    again = cli("--vault", str(vault), *spec.get("again", spec["args"]))
    assert tree_bytes(vault) == got, "a second run changed the vault"
    for word in ("created", "filled", "expanded", "ticked", "updated"):
        assert not any(line.startswith(word) for line in again.output.splitlines()), again.output


@pytest.mark.parametrize("name", CASES)
def test_two_copies_give_identical_output(name, tmp_path, cli):
    case = FIXTURES / name
    spec = tomllib.loads((case / "case.toml").read_text())
    first = copy_vault(_input_of(case), tmp_path / "one")
    second = copy_vault(_input_of(case), tmp_path / "two")
    cli("--vault", str(first), *spec["args"])
    cli("--vault", str(second), *spec["args"])
    assert tree_bytes(first) == tree_bytes(second)
