"""The index cache: what each note said, kept between runs so an unchanged note is not read again.

One file per vault in the user's cache folder (cache_dir.py), never in the vault. It only
ever saves work and is never the truth: a cache that is missing, empty, truncated, corrupt,
from another vaultkit version or made under other settings reads as empty, and the notes are
read again from the vault. `NoteCache` owns the file: its reading, the test of whether a note
changed since, and its writing (black's `Cache` is the model).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import pickle
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

from vaultkit.settings.config import Config
from vaultkit.store.cache_dir import INDEX_NAME, vault_cache_dir
from vaultkit.store.outside_writer import atomic_file
from vaultkit.store.reading import FileState
from vaultkit.text.note import Emotion, Item, Note
from vaultkit.version import __version__

log = logging.getLogger("vaultkit")

# Bump when what is stored changes meaning without changing the dataclasses' fields.
FORMAT = b"vaultkit-index 2\n"
CHUNK = 1000  # notes per pickled piece


class CachedNote(NamedTuple):
    """One note as it was read: the file's stamp and digest, and what it said. A tuple: tens
    of thousands are loaded at each start, and a tuple is the cheapest thing to unpickle."""

    mtime_ns: int
    size: int
    digest: bytes
    note: Note


def index_key(config: Config) -> bytes:
    """Everything that changes what a note is read as: vaultkit's version, the settings that
    affect reading, and the shape of what is stored (so a cache from a build with other fields
    reads as empty)."""
    shape = [[f.name for f in dataclasses.fields(kind)] for kind in (Note, Item, Emotion)]
    shape.append(list(CachedNote._fields))
    settings = dataclasses.asdict(config.note_rules)
    blob = json.dumps(
        {"version": __version__, "settings": settings, "shape": shape}, sort_keys=True, default=str
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest().encode("ascii")


@dataclass
class NoteCache:
    """The index cache of one vault under one set of settings (`key`): read whole, asked
    whether a note changed since, written whole."""

    path: Path
    key: bytes
    entries: dict[str, CachedNote] = field(default_factory=dict, repr=False)

    @classmethod
    def at(cls, root: Path, config: Config) -> NoteCache:
        """Where the cache of the vault at `root`, read under `config`, lives; nothing read."""
        return cls(vault_cache_dir(root) / INDEX_NAME, index_key(config))

    def read(self) -> NoteCache:
        """Take in what the file holds: nothing when it is missing, cut short, corrupt, of
        another format or made under other settings. Returns the cache itself."""
        self.entries = _load(self.path, self.key)
        return self

    def unchanged(self, root: Path, rel: str) -> tuple[FileState, Note] | None:
        """The note as cached, and its file's state now, when the file still has the size and
        mtime it had; None when it must be read again."""
        entry = self.entries.get(rel)
        if entry is None:
            return None
        try:
            st = os.stat(os.path.join(root, rel))
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or (st.st_mtime_ns, st.st_size) != (
            entry.mtime_ns,
            entry.size,
        ):
            return None
        state = FileState(None, st.st_mtime, st.st_mtime_ns, st.st_size, st.st_ino, entry.digest)
        return state, entry.note

    def same_bytes(self, rel: str, digest: bytes) -> Note | None:
        """The note cached for `rel` when it was read from the bytes with `digest` (only its
        mtime changed), unless it is dated by that mtime: the same bytes say the same things."""
        entry = self.entries.get(rel)
        if entry is None or entry.digest != digest or entry.note.date_source == "mtime":
            return None
        return entry.note

    def reusable(self, rels: Iterable[str]) -> dict[str, bytes]:
        """The digests of `rels` whose cached note stands while the bytes are the same
        (same_bytes): what a reader need not parse."""
        found = {}
        for rel in rels:
            entry = self.entries.get(rel)
            if entry is not None and entry.note.date_source != "mtime":
                found[rel] = entry.digest
        return found

    def holds_others(self, present: Iterable[str]) -> bool:
        """Whether the cache holds a note that is not among `present` (gone since)."""
        return not self.entries.keys() <= set(present)

    def write(self, entries: dict[str, CachedNote]) -> bool:
        """Replace the file with `entries` atomically: a reader sees the old cache or the new,
        never half. One that cannot be written costs speed, never correctness: it is said in
        a warning and passed over (False)."""
        try:
            # Not durable (no fsync): a cache a power cut cuts short reads as empty, and an
            # fsync of a big index would hold up every run and the daemon's stop for nothing.
            with atomic_file(
                self.path, replace=True, mode=0o600, parents=True, durable=False
            ) as handle:
                _dump(handle, self.key, entries)
        except OSError as exc:
            log.warning(
                "warning: could not write the index cache %s (%s)", self.path, exc.strerror or exc
            )
            return False
        self.entries = entries
        return True


def _header(key: bytes) -> bytes:
    return FORMAT + key + b"\n"


def _load(path: Path, key: bytes) -> dict[str, CachedNote]:
    header = _header(key)
    # Read with the collector paused, as the whole vault is (vault.load_vault).
    try:
        with open(path, "rb") as handle:
            if handle.read(len(header)) != header:
                return {}  # empty, foreign, another version, other settings
            return _read_chunks(handle)
    except Exception:
        return {}


def _read_chunks(handle: BinaryIO) -> dict[str, CachedNote]:
    entries: dict[str, CachedNote] = {}
    while (chunk := pickle.load(handle)) is not None:  # a file cut short ends in EOFError
        if not isinstance(chunk, dict):
            return {}
        for rel, entry in chunk.items():
            if isinstance(rel, str) and isinstance(entry, CachedNote):
                note = entry.note
                # Each chunk was written on its own: share the tags and links again.
                note.tags = tuple(map(sys.intern, note.tags))
                note.links = tuple(map(sys.intern, note.links))
                entries[rel] = entry
    return entries


def _dump(handle: BinaryIO, key: bytes, entries: dict[str, CachedNote]) -> None:
    handle.write(_header(key))
    # One pickle per chunk of notes: pickle remembers every object it writes, which for a
    # 50,000-note index in one piece costs more memory than the index itself. A None ends the
    # file, so a file cut short between two chunks reads as corrupt.
    ordered = sorted(entries.items())
    for start in range(0, len(ordered), CHUNK):
        pickle.dump(dict(ordered[start : start + CHUNK]), handle, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(None, handle)
