"""The walk of a vault: every `.md` file whose path has no dot-file or dot-folder in it is a
note to read, wherever it is, and no other (the rule `text.ignore.is_hidden` states), whether
the walk starts at the vault or at a folder in it (a hidden one holds no note)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.store.walk import walk_vault
from vaultkit.text.ignore import is_hidden

PARTS = st.sampled_from(["a", "b", ".c", ".obsidian", "Journal", ".trash", "d e"])
NAMES = st.sampled_from(["x.md", ".x.md", "y.txt", "z.MD", "2026-11-20.md"])
PATHS = st.lists(st.tuples(st.lists(PARTS, max_size=3), NAMES), max_size=12)


@settings(max_examples=150, deadline=None)
@given(PATHS, st.sampled_from(["", "a", ".c", "a/.c"]))
def test_the_walk_reads_every_note_outside_dot_folders(paths, under: str):
    root = Path(tempfile.mkdtemp())
    try:
        made = set()
        for folders, name in paths:
            rel = "/".join([*folders, name])
            if any(other.startswith(rel + "/") or rel.startswith(other + "/") for other in made):
                continue  # a file where a folder is wanted, or under one
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text("a note\n")
            made.add(rel)
        (root / under).mkdir(parents=True, exist_ok=True)
        inside = [rel for rel in made if not under or rel.startswith(under + "/")]
        expected = sorted(
            rel for rel in inside if rel.lower().endswith(".md") and not is_hidden(rel)
        )
        assert walk_vault(root, under).notes == expected
    finally:
        shutil.rmtree(root)
