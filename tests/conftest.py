"""Shared helpers: fixture vaults copied with old mtimes, and the CLI run in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

# The same examples on every run: CI never fails on a draw no one can reproduce.
from support.vaults import age_tree
from vaultkit.cli import main

settings.register_profile("vaultkit", derandomize=True, deadline=None)
settings.load_profile("vaultkit")


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


@pytest.fixture
def cli():
    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke
