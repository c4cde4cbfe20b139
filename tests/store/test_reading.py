"""Reading one note: each reason a file is passed over is its own kind of Unreadable, carrying
the path, with the words a warning shows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vaultkit.store.reading import (
    MAX_NOTE_BYTES,
    Binary,
    NotAFile,
    Refused,
    TooLarge,
    Unreadable,
    Vanished,
    read_note,
)


def test_a_note_is_read_whole(tmp_path: Path) -> None:
    (tmp_path / "day.md").write_bytes(b"# Friday\n")
    assert read_note(tmp_path, "day.md").data == b"# Friday\n"


def raised(root: Path, rel: str) -> Unreadable:
    with pytest.raises(Unreadable) as caught:
        read_note(root, rel)
    assert caught.value.path == rel
    return caught.value


def test_each_reason_is_its_own_kind_with_the_same_words(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    with open(tmp_path / "huge.md", "wb") as handle:
        handle.truncate(MAX_NOTE_BYTES + 1)  # sparse: nothing is really written
    (tmp_path / "nul.md").write_bytes(b"a\x00b")
    (tmp_path / "loop.md").symlink_to("loop.md")
    cases = {
        "gone.md": (Vanished, "vanished before it could be read"),
        "pipe.md": (NotAFile, "a FIFO, not a note"),
        "huge.md": (TooLarge, "larger than 16 MiB"),
        "nul.md": (Binary, "binary (contains NUL bytes)"),
        "loop.md": (Refused, "symlink loop"),
    }
    for rel, (kind, words) in cases.items():
        error = raised(tmp_path, rel)
        assert type(error) is kind and str(error) == error.reason == words, rel
