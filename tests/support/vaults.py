"""Vaults on disk for the tests: copies with old mtimes, aging, a person's edit, the bytes of a tree."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

# Noon UTC on a fixed day: old enough to be outside any quiet period, and the same local date
# in every time zone within ±11 hours.
OLD_MTIME = 1793880000.0  # 2026-11-05T12:00:00Z


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
