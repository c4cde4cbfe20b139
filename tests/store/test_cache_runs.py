"""The index cache is written in runs, and a run whose notes are all unchanged is written again
as it stands: an edit re-pickles the notes of one run, and a read on every core writes the runs
its helpers pickled. Whatever is copied, the file always says exactly what the vault in memory
says of every note it holds."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from support.bench import load_generator
from support.vaults import OLD_MTIME, copy_vault
from vaultkit.settings.config import load_config
from vaultkit.store import helper_pool, note_cache
from vaultkit.store.cache_dir import INDEX_NAME, vault_cache_dir
from vaultkit.store.note_cache import NoteCache, index_key
from vaultkit.store.vault import Vault, load_vault


@pytest.fixture
def pickled(monkeypatch) -> list[int]:
    """How many notes each run pickled by this process held."""
    sizes: list[int] = []
    real = note_cache.pickle.dumps

    def dumps(value, **kwargs):
        if isinstance(value, dict):
            sizes.append(len(value))
        return real(value, **kwargs)

    monkeypatch.setattr(note_cache.pickle, "dumps", dumps)
    return sizes


def index_file(root: Path) -> Path:
    return vault_cache_dir(root) / INDEX_NAME


def on_disk(vault: Vault) -> dict:
    """What the index file says of each note: its stamp, digest and note."""
    return {
        rel: tuple(entry)
        for rel, entry in NoteCache(index_file(vault.root), index_key(vault.config))
        .read()
        .entries.items()
    }


def in_memory(vault: Vault) -> dict:
    return {rel: tuple(entry) for rel, entry in vault.index_entries().items()}


def load(root: Path, **options) -> Vault:
    config, _ = load_config(root)
    vault = load_vault(root, config, cache=True, **options)
    vault.save_index()
    return vault


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("runs") / "vault"
    load_generator().generate(root, 2500, seed=4, kind="long-history")
    return root


@pytest.fixture
def root(generated, tmp_path) -> Path:
    return copy_vault(generated, tmp_path / "vault")


def test_an_edit_pickles_again_only_the_run_it_is_in(root, pickled):
    first = load(root)
    assert sum(pickled) == len(first.index_entries()) > 2 * note_cache.CHUNK  # three runs
    before = index_file(root).read_bytes()
    pickled.clear()
    note = root / "Journal/2026-01-01.md"
    note.write_text(note.read_text("utf-8") + "One more line #next\n", "utf-8")
    second = load(root)
    assert len(pickled) == 1 and pickled[0] <= note_cache.CHUNK  # that run alone
    assert on_disk(second) == in_memory(second)
    assert "One more line" in {i.text for i in second.notes["Journal/2026-01-01.md"].items}
    # The other runs are in the new file byte for byte.
    after = index_file(root).read_bytes()
    assert len(after) > len(before) / 2 and after != before


def test_nothing_is_pickled_when_nothing_changed_but_a_note_is_gone(root, pickled):
    load(root)
    pickled.clear()
    gone = "Journal/2026-01-02.md"
    os.unlink(root / gone)
    second = load(root)
    assert len(pickled) == 1  # the run that held it, without it
    assert gone not in on_disk(second)
    assert on_disk(second) == in_memory(second)


def test_a_read_on_every_core_is_saved_from_the_runs_pickled_while_reading(
    root, pickled, monkeypatch
):
    """Each chunk read, by a helper or by the command, is pickled once as it is read, as a
    run of the index: saving the index after the read pickles nothing again."""
    monkeypatch.setattr(helper_pool, "MIN_NOTES", 500)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    taken: list[int] = []
    real_add = NoteCache.add_piece
    monkeypatch.setattr(
        NoteCache,
        "add_piece",
        lambda self, data, entries: (taken.append(len(entries)), real_add(self, data, entries)),
    )
    config, _ = load_config(root)
    vault = load_vault(root, config, cache=True, parallel=True)
    entries = in_memory(vault)
    assert sum(taken) == len(entries) and len(taken) > 1
    pickled.clear()
    vault.save_index()
    assert pickled == []
    assert on_disk(vault) == entries
    # And the runs written as they are read back as the very notes this process holds.
    again = load(root)
    assert again.notes == vault.notes


def test_a_cache_another_process_wrote_meanwhile_is_not_copied_from(root, pickled):
    load(root)
    config, _ = load_config(root)
    mine = load_vault(root, config, cache=True)  # holds the runs of the file as it was
    note = root / "Journal/2026-01-01.md"
    note.write_text(note.read_text("utf-8") + "Written elsewhere #next\n", "utf-8")
    os.utime(note, (OLD_MTIME, OLD_MTIME))
    load(root)  # another command writes the index anew, its runs elsewhere in the file
    pickled.clear()
    mine.index_changed = True
    mine.save_index()
    assert sum(pickled) == len(mine.index_entries())  # nothing copied from a file not read
    assert on_disk(mine) == in_memory(mine)


# ---- the promise, under any sequence of changes --------------------------------------------


class IndexSaysWhatTheVaultSays(RuleBasedStateMachine):
    """Edits, new notes, deletions, touches and other writers of the index, each followed by
    a load and save: the index file always holds exactly the entries of the vault loaded."""

    def __init__(self) -> None:
        super().__init__()
        import tempfile

        self.tmp = Path(tempfile.mkdtemp())
        self.root = self.tmp / "vault"
        (self.root / "Journal").mkdir(parents=True)
        for day in range(1, 13):
            self._write(f"Journal/2026-10-{day:02}.md", f"Day {day} #next\n")
        self.clock = OLD_MTIME
        self.vault = load(self.root)

    def _write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.write_text(text, "utf-8")
        os.utime(path, (OLD_MTIME, OLD_MTIME))

    def _notes(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.md"))

    @rule(which=st.integers(0, 40), text=st.sampled_from(["a #next", "- [ ] b #next", "c"]))
    def edit(self, which: int, text: str) -> None:
        notes = self._notes()
        if notes:
            path = self.root / notes[which % len(notes)]
            path.write_text(path.read_text("utf-8") + text + "\n", "utf-8")
            self.clock += 1
            os.utime(path, (self.clock, self.clock))

    @rule(day=st.integers(13, 40))
    def add(self, day: int) -> None:
        self._write(f"Journal/2026-11-{day % 28 + 1:02}.md", f"New {day} #next\n")

    @rule(which=st.integers(0, 40))
    def delete(self, which: int) -> None:
        notes = self._notes()
        if len(notes) > 1:
            os.unlink(self.root / notes[which % len(notes)])

    @rule(which=st.integers(0, 40))
    def touch(self, which: int) -> None:
        notes = self._notes()
        if notes:
            self.clock += 1
            os.utime(self.root / notes[which % len(notes)], (self.clock, self.clock))

    @rule()
    def another_writer(self) -> None:
        """Another command saves the index between this one's load and save."""
        config, _ = load_config(self.root)
        mine = load_vault(self.root, config, cache=True)
        self.edit(0, "from elsewhere")
        load(self.root)
        mine.index_changed = True
        mine.save_index()
        assert on_disk(mine) == in_memory(mine)
        self.vault = load(self.root)

    @rule()
    def save(self) -> None:
        self.vault = load(self.root)

    @invariant()
    def the_file_says_what_the_vault_says(self) -> None:
        assert on_disk(self.vault) == in_memory(self.vault)

    def teardown(self) -> None:
        import shutil

        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture
def small_runs(monkeypatch):
    monkeypatch.setattr(note_cache, "CHUNK", 3)  # a few notes a run: many runs, often broken


def test_the_index_always_says_what_the_vault_says(small_runs):
    IndexSaysWhatTheVaultSays.TestCase.settings = settings(
        max_examples=25, stateful_step_count=20, deadline=None
    )
    IndexSaysWhatTheVaultSays.TestCase().runTest()


def test_a_run_read_back_is_what_was_pickled(root):
    """A run is one pickled dict of entries, framed by its length: the file reads back as
    the runs it was written from."""
    vault = load(root)
    with open(index_file(root), "rb") as handle:
        header = handle.readline() + handle.readline()
        assert header.startswith(note_cache.FORMAT)
        size = os.fstat(handle.fileno()).st_size
        runs = note_cache._read_pieces(handle, size)
    assert sum(len(run.entries) for run in runs) == len(vault.index_entries())
    with open(index_file(root), "rb") as handle:
        for run in runs:
            handle.seek(run.offset)
            assert pickle.loads(handle.read(run.length)) == run.entries


def test_a_note_read_again_with_its_old_size_and_mtime_is_pickled_again(root, pickled):
    """Bytes rewritten in place, same size, mtime put back, and read again (the daemon reads
    a note at each event): the stamp alone would call its run unchanged; the digest does not."""
    config, _ = load_config(root)
    load(root)
    vault = load_vault(root, config, cache=True)
    rel = "Journal/2026-01-01.md"
    path = root / rel
    st = path.stat()
    text = path.read_text("utf-8")
    path.write_text(text.replace("#next", "#nexT", 1), "utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    vault.refresh(rel)
    pickled.clear()
    vault.save_index()
    assert len(pickled) == 1
    assert on_disk(vault) == in_memory(vault)
