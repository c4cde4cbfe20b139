"""The index cache: an unchanged note is not read again, and a cache that is wrong in any way
reads as empty instead of misleading vaultkit."""

from __future__ import annotations

import gc
import io
import os
import struct
import sys
from pathlib import Path

import pytest

import vaultkit.store.vault as vault_module
from support.bench import load_generator
from support.paths import EXAMPLE
from support.vaults import OLD_MTIME, age_tree, copy_vault, tree_bytes
from vaultkit.cli.context import progress_bar
from vaultkit.settings.config import load_config
from vaultkit.store import parallel_read
from vaultkit.store.cache_dir import INDEX_NAME, vault_cache_dir
from vaultkit.store.note_cache import FORMAT, NoteCache, index_key
from vaultkit.store.vault import load_vault


@pytest.fixture
def vault(tmp_path):
    root = copy_vault(EXAMPLE, tmp_path / "vault")
    (root / "Journal/2026-11-21.md").write_text(
        "# Saturday\n\nAsk about the dream #next\n", "utf-8"
    )
    age_tree(root)
    return root


@pytest.fixture
def reads(monkeypatch):
    """The paths read from disk (read_note) and parsed (parse_note) while loading."""
    seen = {"read": [], "parsed": []}
    real_read, real_parse = vault_module.read_note, vault_module.parse_note

    def read(root, rel):
        seen["read"].append(rel)
        return real_read(root, rel)

    def parse(rel, *args):
        seen["parsed"].append(rel)
        return real_parse(rel, *args)

    # A note is read by the vault, or (many at once) by parallel_read: both are watched.
    for module in (vault_module, parallel_read):
        monkeypatch.setattr(module, "read_note", read)
        monkeypatch.setattr(module, "parse_note", parse)
    return seen


def load(root: Path):
    config, _ = load_config(root)
    vault = load_vault(root, config, cache=True)
    vault.save_index()
    return vault


def index_path(root: Path) -> Path:
    return vault_cache_dir(root) / INDEX_NAME


def cached(path: Path, config) -> dict:
    """What the cache file at `path` holds for notes read under `config`."""
    return NoteCache(path, index_key(config)).read().entries


def facts(vault) -> dict:
    """What the rest of vaultkit sees of a loaded vault."""
    return {
        rel: (note, vault.files[rel].size, vault.files[rel].digest)
        for rel, note in vault.notes.items()
    } | {"skipped": dict(vault.skipped)}


def test_a_second_load_reads_only_the_files_it_may_write(vault, reads):
    first = load(vault)
    assert len(reads["read"]) == len(first.files) > 5
    reads["read"].clear()
    second = load(vault)
    kept = {rel for rel, state in first.files.items() if state.data is not None}
    assert set(reads["read"]) == kept  # the agenda, templates, notes with triggers: a few
    assert len(kept) < len(first.files) / 2
    assert facts(second) == facts(first)
    assert not second.index_changed  # nothing new: the cache is not written again


def test_an_edit_reads_that_one_note_again(vault, reads):
    load(vault)
    note = vault / "Journal/2026-11-21.md"
    note.write_text("# Saturday\n\nAsk about the dream #next\nAnd the train #next\n", "utf-8")
    reads["read"].clear()
    reads["parsed"].clear()
    second = load(vault)
    assert "Journal/2026-11-21.md" in reads["parsed"]
    assert [i.text for i in second.notes["Journal/2026-11-21.md"].items] == [
        "Ask about the dream",
        "And the train",
    ]
    fresh = load(vault)  # and the cache now holds the edit
    assert [i.text for i in fresh.notes["Journal/2026-11-21.md"].items] == [
        "Ask about the dream",
        "And the train",
    ]


def test_an_mtime_only_change_is_hashed_not_parsed(vault, reads):
    load(vault)
    os.utime(vault / "Journal/2026-11-21.md", (OLD_MTIME + 60, OLD_MTIME + 60))  # a touch
    reads["read"].clear()
    reads["parsed"].clear()
    second = load(vault)
    assert "Journal/2026-11-21.md" in reads["read"]  # read and hashed...
    assert "Journal/2026-11-21.md" not in reads["parsed"]  # ...found the same, not parsed
    assert second.files["Journal/2026-11-21.md"].mtime_ns == (OLD_MTIME + 60) * 10**9
    reads["read"].clear()
    load(vault)
    assert "Journal/2026-11-21.md" not in reads["read"]  # the new stamp was kept


def test_a_deleted_note_leaves_the_index(vault):
    load(vault)
    os.unlink(vault / "Journal/2026-11-21.md")
    second = load(vault)
    assert "Journal/2026-11-21.md" not in second.notes
    assert "Journal/2026-11-21.md" not in cached(index_path(vault), second.config)


@pytest.mark.parametrize(
    "damage",
    [
        "empty",
        "truncated",
        "corrupt",
        "foreign",
        "old version",
        "not a dict",
        "wrong entries",
        "a run longer than the file",
    ],
)
def test_a_bad_cache_reads_as_empty(vault, reads, damage):
    truth = facts(load(vault))
    path = index_path(vault)
    good = path.read_bytes()
    header_end = good.index(b"\n", good.index(b"\n") + 1) + 1
    import pickle

    def run(value) -> bytes:  # one run of the index, framed as the cache frames it, and the end
        data = pickle.dumps(value)
        return struct.pack("<Q", len(data)) + data + struct.pack("<Q", 0)

    bad = {
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "corrupt": good[:header_end] + bytes(b ^ 0x5A for b in good[header_end:]),
        "foreign": b"SQLite format 3\x00" + good[16:],
        "old version": good.replace(FORMAT, b"vaultkit-index 0\n", 1),
        "not a dict": good[:header_end] + run(["a", "list"]),
        "wrong entries": good[:header_end] + run({"Journal/2026-11-21.md": ("x", 1)}),
        "a run longer than the file": good[:header_end] + struct.pack("<Q", 1 << 60) + b"x",
    }[damage]
    path.write_bytes(bad)
    config, _ = load_config(vault)
    assert cached(path, config) == {}
    reads["read"].clear()
    again = load(vault)
    assert facts(again) == truth
    assert len(reads["read"]) == len(again.files)  # every note read afresh
    assert path.read_bytes() != bad  # and the cache written anew


def test_a_cache_cut_between_two_pieces_reads_as_empty(vault, monkeypatch):
    """Written in pieces: a file that ends cleanly after one of them is still incomplete."""
    import vaultkit.store.note_cache

    monkeypatch.setattr(vaultkit.store.note_cache, "CHUNK", 3)
    truth = facts(load(vault))
    path = index_path(vault)
    config, _ = load_config(vault)
    with open(path, "rb") as handle:
        handle.read(len(FORMAT) + 65)
        (length,) = struct.unpack("<Q", handle.read(8))
        first_piece_ends = handle.tell() + length
    assert len(cached(path, config)) == len(
        [s for s in load(vault).files.values() if s.data is None]
    )
    path.write_bytes(path.read_bytes()[:first_piece_ends])
    assert cached(path, config) == {}
    assert facts(load(vault)) == truth


def test_other_settings_make_another_cache(vault, reads):
    first = load(vault)
    assert first.notes["Journal/2026-11-21.md"].items[0].tag == "next"
    with open(vault / "vaultkit.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[agenda]\ntags = ["bring"]\n')
    reads["read"].clear()
    second = load(vault)
    assert len(reads["read"]) == len(second.files)  # the old index does not apply
    assert second.notes["Journal/2026-11-21.md"].items == ()


def test_the_cache_lives_outside_the_vault_and_is_written_atomically(
    vault, tmp_path, monkeypatch, caplog
):
    before = tree_bytes(vault)
    load(vault)
    assert tree_bytes(vault) == before  # loading wrote nothing into the vault
    folder = index_path(vault).parent
    assert not str(folder).startswith(str(vault))
    assert sorted(os.listdir(folder)) == [INDEX_NAME]  # no temp file left
    good = index_path(vault).read_bytes()

    def broken_replace(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    (vault / "Journal/2026-11-21.md").write_text("changed\n", "utf-8")
    assert not NoteCache(index_path(vault), b"key").write({})
    assert "could not write the index cache" in caplog.text
    assert index_path(vault).read_bytes() == good  # the old cache, whole
    assert sorted(os.listdir(folder)) == [INDEX_NAME]


def test_a_disk_that_fills_up_mid_cache_leaves_the_old_cache_and_the_run_goes_on(
    vault, monkeypatch, cli, caplog
):
    import errno

    import vaultkit.store.note_cache as cache_module

    load(vault)
    path = index_path(vault)
    good = path.read_bytes()
    real_dumps, dumped = cache_module.pickle.dumps, []

    def dumps(obj, **kwargs):
        dumped.append(obj)
        if len(dumped) == 2:  # the first chunk went in: the temp file is really half-written
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_dumps(obj, **kwargs)

    monkeypatch.setattr(cache_module.pickle, "dumps", dumps)
    monkeypatch.setattr(cache_module, "CHUNK", 1)  # a note a run: the second fails
    assert not NoteCache(path, b"key").write({"a.md": None, "b.md": None})
    assert f"could not write the index cache {path} (no space left on device)" in caplog.text
    assert path.read_bytes() == good and sorted(os.listdir(path.parent)) == [INDEX_NAME]
    caplog.clear()

    dumped.clear()
    (vault / "Journal/2026-11-21.md").write_text("changed #next\n", "utf-8")
    age_tree(vault)
    result = cli("--vault", str(vault), "--today", "2026-11-22", "run")
    assert result.exit_code == 0, result.output
    assert "changed" in (vault / "Next session.md").read_text("utf-8")
    assert f"could not write the index cache {path} (no space left on device)" in caplog.text
    assert path.read_bytes() == good
    assert [name for name in os.listdir(path.parent) if name.startswith(".")] == []  # no temp


def test_a_cache_that_cannot_be_written_costs_speed_not_the_run(
    vault, tmp_path, monkeypatch, cli, caplog
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("VAULTKIT_CACHE_DIR", str(blocker))
    result = cli("--vault", str(vault), "--today", "2026-11-22", "run")
    assert result.exit_code == 0, result.output
    assert "Ask about the dream" in (vault / "Next session.md").read_text("utf-8")
    assert "could not write the index cache" in caplog.text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_only_for_many_files_on_a_terminal(monkeypatch):
    for stream, total, shown in [
        (_Terminal(), 1500, True),
        (_Terminal(), 900, False),
        (io.StringIO(), 1500, False),
    ]:
        monkeypatch.setattr(sys, "stderr", stream)
        with progress_bar(total) as step:
            for _ in range(total):
                step()
        assert ("Reading the vault" in stream.getvalue()) is shown, (total, stream)


def test_a_setting_that_does_not_change_reading_keeps_the_cache(vault, reads):
    load(vault)
    toml = vault / "vaultkit.toml"
    toml.write_text("quiet_seconds = 0\n" + toml.read_text("utf-8"), "utf-8")
    reads["read"].clear()
    second = load(vault)
    assert len(reads["read"]) < len(second.files) / 2  # not a cold read


def test_a_note_that_becomes_the_agenda_is_read_for_its_bytes(vault):
    load(vault)
    with open(vault / "vaultkit.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[agenda]\nnote = "Journal/2026-11-21.md"\n')
    second = load(vault)
    assert second.files["Journal/2026-11-21.md"].data is not None


def test_the_cache_key_changes_with_every_rule_a_note_is_read_by_and_no_other_setting():
    """parse_note sees only NoteRules (its type says so), so the key holds exactly those: a
    change to one of them is a cold read; any other setting leaves the index as it is."""
    import dataclasses

    from vaultkit.settings.config import Config
    from vaultkit.store.note_cache import index_key

    base = Config()
    changed_rules = {
        "daily_folder": "Days",
        "daily_format": "DD-MM-YYYY",
        "templates_folder": "T",
        "sessions_folder": "Therapy",
        "agenda_tags": ("bring",),
        "mood_scale": 5,
    }
    assert set(changed_rules) == {f.name for f in dataclasses.fields(base.note_rules)}
    for name, value in changed_rules.items():
        assert index_key(dataclasses.replace(base, **{name: value})) != index_key(base), name
    assert index_key(dataclasses.replace(base, quiet_seconds=1.0)) == index_key(base)
    assert index_key(dataclasses.replace(base, agenda_note="Other.md")) == index_key(base)


def test_no_collection_runs_while_a_vault_is_read(tmp_path):
    """Reading makes tens of thousands of objects and no garbage: the collector, which would
    walk the growing heap again and again, waits until the reading is done (cold and warm),
    and is left as it was found."""
    root = tmp_path / "v"
    load_generator().generate(root, 1500, seed=2, kind="long-history")
    config, _ = load_config(root)
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        for _ in range(2):  # cold, then warm from the index cache
            before = len(collections)
            vault = load_vault(root, config, cache=True)
            during = len(collections) - before
            assert gc.isenabled()
            # At most the one the read put off, as the collector comes back on after it
            # (reading with the collector on sets off one every few hundred objects).
            assert during <= 1, f"{during} collections while reading"
            vault.save_index()
    finally:
        gc.callbacks.remove(count)
    gc.disable()
    try:
        load_vault(root, config, cache=True)
        assert not gc.isenabled()  # as it was found
    finally:
        gc.enable()


@pytest.mark.parametrize("name", [INDEX_NAME, "blocks.json", "own-writes.json", "run-stamp.json"])
def test_a_fifo_in_place_of_a_cache_file_is_an_empty_cache_not_a_hang(vault, cli, name):
    """Every cache file is read through cache_dir.open_cache_file, which refuses anything but
    a regular file: a FIFO in its place would block the read, and the command, forever."""
    assert cli("--vault", str(vault), "--today", "2026-11-22", "run").exit_code == 0
    folder = vault_cache_dir(vault)
    (folder / name).unlink(missing_ok=True)
    os.mkfifo(folder / name)
    (vault / "Journal/2026-11-21.md").write_text("Ask about the train #next\n", "utf-8")
    age_tree(vault)
    result = cli("--vault", str(vault), "--today", "2026-11-22", "run")
    assert result.exit_code == 0, result.output
    assert "Ask about the train" in (vault / "Next session.md").read_text("utf-8")
