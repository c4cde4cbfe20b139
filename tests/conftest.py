"""Shared helpers: fixture vaults copied with old mtimes, and the CLI run in-process."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

# The same examples on every run: CI never fails on a draw no one can reproduce.
settings.register_profile("vaultkit", derandomize=True, deadline=None)
settings.load_profile("vaultkit")

from vaultkit.cli import main

# Noon UTC on a fixed day: old enough to be outside any quiet period, and the same local date
# in every time zone within ±11 hours.
OLD_MTIME = 1793880000.0  # 2026-11-05T12:00:00Z


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The long tests first: spread over the workers at the start, none is left running alone
    # at the end. A stable sort, the same on every worker, as pytest-xdist requires.
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(autouse=True)
def own_cache_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own cache dir: none reads another's index, none writes to ~/.cache."""
    monkeypatch.setenv("VAULTKIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A small vault with one #next task; a test file with a vault of its own overrides it."""
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Journal").mkdir()
    (root / "Journal" / "2026-11-20.md").write_text("- [ ] ask about sleep #next\n")
    age_tree(root)
    return root


_LATER = itertools.count(1)


def age_later(root: Path) -> None:
    """age_tree, a second later on every call: old enough for any quiet period, and an edit
    that keeps a note's size never looks unchanged to the index cache."""
    age_tree(root, OLD_MTIME + next(_LATER))


def edit_note(vault: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in `rel` with `new`, as a person's edit long ago."""
    path = vault / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    age_later(vault)


def age_tree(root: Path, mtime: float = OLD_MTIME) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.utime(path, (mtime, mtime))


def copy_vault(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    age_tree(target)
    return target


def tree_bytes(root: Path) -> dict[str, bytes]:
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


@pytest.fixture
def cli():
    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke
