"""The record of vaultkit's own writes (own_writes.py): a corrupt record is an empty one."""

from __future__ import annotations

import json

import pytest

from vaultkit.store import own_writes
from vaultkit.store.own_writes import NAME, OwnWrites, stamp_of


def test_a_stamp_remembered_is_found_again_by_the_next_run(tmp_path):
    note = tmp_path / "n.md"
    note.write_text("x")
    first = OwnWrites(tmp_path / "cache")
    first.remember("n.md", stamp_of(note))
    first.save()
    assert OwnWrites(tmp_path / "cache").is_as_left("n.md", stamp_of(note))
    note.write_text("x")  # saved again by someone, the same bytes
    assert not OwnWrites(tmp_path / "cache").is_as_left("n.md", stamp_of(note))


@pytest.mark.parametrize(
    "content",
    ["", "{", "[]", '{"format": 1, "files": {"a": [1]}}', '{"format": 2, "files": {}}', "\x00\xff"],
)
def test_a_corrupt_record_is_an_empty_one(tmp_path, content):
    (tmp_path / NAME).write_text(content, "latin-1")
    record = OwnWrites(tmp_path)
    assert not record.is_as_left("a", (1, 2, 3)) and "a" not in record


def test_a_dry_run_writes_no_record(tmp_path):
    record = OwnWrites(None)
    record.remember("a", (1, 2, 3))
    record.save()
    assert record.is_as_left("a", (1, 2, 3)) and list(tmp_path.iterdir()) == []


def test_the_record_merges_with_another_writer_and_keeps_the_newest(tmp_path, monkeypatch):
    monkeypatch.setattr(own_writes, "KEEP", 3)
    other = OwnWrites(tmp_path)  # a `run` beside the daemon, say
    other.remember("theirs", (9, 9, 9))
    other.save()
    mine = OwnWrites(tmp_path)
    mine.remember("n0", (0, 0, 0))
    mine.remember("n1", (1, 0, 0))
    mine.save()
    assert list(json.loads((tmp_path / NAME).read_text())["files"]) == ["theirs", "n0", "n1"]
    mine.remember("n2", (2, 0, 0))
    mine.save()
    assert list(json.loads((tmp_path / NAME).read_text())["files"]) == ["n0", "n1", "n2"]


def test_a_record_too_big_to_be_ours_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(own_writes, "MAX_BYTES", 100)
    stamps = {f"n{number}.md": [number, 0, 0] for number in range(20)}
    (tmp_path / NAME).write_text(json.dumps({"format": 1, "files": stamps}))
    assert not OwnWrites(tmp_path).is_as_left("n1.md", (1, 0, 0))
