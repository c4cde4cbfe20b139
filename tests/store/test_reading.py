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


# --- read whole, however the reads come back ----------------------------------------------

NOTE = ("A line of a note, written late at night. " * 300).encode()  # 12 KB


def test_short_reads_are_read_on_to_the_end(tmp_path: Path, monkeypatch) -> None:
    """A note is asked for in one read of its size and one byte more; a disk that gives
    fewer bytes at a time (a network disk may) still gives the note whole."""
    (tmp_path / "day.md").write_bytes(NOTE)
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 1000)))
    assert read_note(tmp_path, "day.md").data == NOTE


@pytest.mark.parametrize("change", [-5000, -1, 1, 5000])
def test_a_note_that_changed_size_after_its_stat_is_read_as_it_is(
    tmp_path: Path, monkeypatch, change: int
) -> None:
    """The size the read is asked for is the size fstat said; a note that grew or shrank
    since (written to just then) is read as it is at the read, to its end."""
    (tmp_path / "day.md").write_bytes(NOTE)
    real_fstat = os.fstat

    class Said:
        def __init__(self, st: os.stat_result) -> None:
            self._st = st
            self.st_size = st.st_size - change  # what the stat said: before the change

        def __getattr__(self, name: str):
            return getattr(self._st, name)

    monkeypatch.setattr(os, "fstat", lambda fd: Said(real_fstat(fd)))
    state = read_note(tmp_path, "day.md")
    assert state.data == NOTE and state.size == len(NOTE)


def test_a_note_that_grew_past_the_limit_after_its_stat_is_too_large(
    tmp_path: Path, monkeypatch
) -> None:
    with open(tmp_path / "huge.md", "wb") as handle:
        handle.truncate(MAX_NOTE_BYTES + 1)
    real_fstat = os.fstat

    class Small:
        def __init__(self, st: os.stat_result) -> None:
            self._st, self.st_size = st, 10

        def __getattr__(self, name: str):
            return getattr(self._st, name)

    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, **kw: Small(real_stat(path, **kw)))
    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    assert type(raised(tmp_path, "huge.md")) is TooLarge
