"""The index cache: what each note said, kept between runs so an unchanged note is not read again.

One file per vault in the user's cache folder (cache_dir.py), never in the vault. It only
ever saves work and is never the truth: a cache that is missing, empty, truncated, corrupt,
from another vaultkit version or made under other settings reads as empty, and the notes are
read again from the vault. `NoteCache` owns the file: its reading, the test of whether a note
changed since, and its writing (black's `Cache` is the model).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import logging
import operator
import os
import pickle
import stat
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

from vaultkit.settings.config import Config
from vaultkit.store.cache_dir import INDEX_NAME, open_cache_file, vault_cache_dir
from vaultkit.store.cached_note import CachedNote
from vaultkit.store.outside_writer import atomic_file
from vaultkit.store.reading import FileState
from vaultkit.text.note import Emotion, Item, Note
from vaultkit.version import __version__

log = logging.getLogger("vaultkit")

# Bump when what is stored changes meaning without changing the dataclasses' fields.
FORMAT = b"vaultkit-index 4\n"  # 4: notes' digests are SHA-256 (reading.digest_of)
CHUNK = 1000  # notes per pickled piece


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


class Piece(NamedTuple):
    """A run of the index as written: the notes it holds, and its pickled bytes, in memory
    (`data`: pickled as the notes were read, on every core, parallel_read.py) or at `offset`
    in the file read (`length` bytes). While every one of its notes is as it was, the run is
    written again as it stands: an edit re-pickles the notes of one run, not of the vault."""

    entries: dict[str, CachedNote]
    data: bytes | None
    offset: int = 0
    length: int = 0


@dataclass
class NoteCache:
    """The index cache of one vault under one set of settings (`key`): read whole, asked
    whether a note changed since, written whole (the runs still true copied as they are)."""

    path: Path
    key: bytes
    entries: dict[str, CachedNote] = field(default_factory=dict, repr=False)
    # The runs of the file as read, and runs pickled as notes were read (add_piece).
    pieces: list[Piece] = field(default_factory=list, repr=False)
    # The file read, as fstat saw it: its runs are copied only from that very file.
    source: tuple[int, int, int] | None = field(default=None, repr=False)

    @classmethod
    def at(cls, root: Path, config: Config) -> NoteCache:
        """Where the cache of the vault at `root`, read under `config`, lives; nothing read."""
        return cls(vault_cache_dir(root) / INDEX_NAME, index_key(config))

    def read(self) -> NoteCache:
        """Take in what the file holds: nothing when it is missing, cut short, corrupt, of
        another format or made under other settings. Returns the cache itself."""
        self.entries, self.pieces, self.source = {}, [], None
        # Read with the collector paused, as the whole vault is (vault.load_vault).
        try:
            with open_cache_file(self.path) as handle:
                if handle.read(len(self._header())) != self._header():
                    return self  # empty, foreign, another version, other settings
                source = _identity(os.fstat(handle.fileno()))
                pieces = _read_pieces(handle, source[1])
        except Exception:
            return self
        for piece in pieces:
            self.entries.update(piece.entries)
        self.pieces, self.source = pieces, source
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

    def add_piece(self, data: bytes, entries: dict[str, CachedNote]) -> None:
        """A run pickled as its notes were read (`data`, holding `entries`), to be written as
        it is if its notes are still so when the cache is written."""
        self.pieces.append(Piece(entries, data))

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
                self._dump(handle, entries)
        except OSError as exc:
            log.warning(
                "warning: could not write the index cache %s (%s)", self.path, exc.strerror or exc
            )
            return False
        self.entries, self.pieces, self.source = entries, [], None
        return True

    def _header(self) -> bytes:
        return FORMAT + self.key + b"\n"

    def _dump(self, handle: BinaryIO, entries: dict[str, CachedNote]) -> None:
        handle.write(self._header())
        with self._old_file() as old:
            kept, covered = self._still_true(entries, old is not None)
            for piece in kept:
                data = piece.data
                if data is None and old is not None:
                    data = os.pread(old, piece.length, piece.offset)
                    if len(data) != piece.length:
                        raise OSError(errno.EIO, "the index cache read short")
                _write_run(handle, data or b"")
        # The rest in pieces of CHUNK: pickle remembers every object it writes, which for a
        # 50,000-note index in one piece costs more memory than the index itself.
        ordered = sorted(item for item in entries.items() if item[0] not in covered)
        for start in range(0, len(ordered), CHUNK):
            run = dict(ordered[start : start + CHUNK])
            _write_run(handle, pickle.dumps(run, protocol=pickle.HIGHEST_PROTOCOL))
        handle.write(_LENGTH.pack(0))  # the end: a file cut short between runs is corrupt

    def _still_true(
        self, entries: dict[str, CachedNote], old_file: bool
    ) -> tuple[list[Piece], set[str]]:
        """The runs every note of which is in `entries` with the same stamp and digest (the
        same bytes, so the same note: what a note says depends on nothing else under one
        key), and the notes they hold. A run of the file read counts only while that very
        file is there to copy it from (`old_file`)."""
        kept: list[Piece] = []
        covered: set[str] = set()
        for piece in self.pieces:
            if piece.data is None and not old_file:
                continue
            if not covered.isdisjoint(piece.entries):
                continue
            try:
                now = [entries[rel] for rel in piece.entries]
            except KeyError:
                continue  # a note of the run is gone, or its bytes are kept now
            # Compared field by field in C: a first read on every core compares every note.
            if list(map(_STAMP, now)) == list(map(_STAMP, piece.entries.values())):
                kept.append(piece)
                covered.update(piece.entries)
        return kept, covered

    @contextlib.contextmanager
    def _old_file(self) -> Iterator[int | None]:
        """The file read, open, while it is still that file: vaultkit replaces it whole (a new
        inode), and another process may have done so since. None when it is not."""
        fd = None
        if self.source is not None:
            with contextlib.suppress(OSError):
                fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        if fd is not None and _identity_of(fd) != self.source:
            os.close(fd)
            fd = None
        try:
            yield fd
        finally:
            if fd is not None:
                os.close(fd)


_LENGTH = struct.Struct("<Q")  # before each run: its length in bytes; 0 ends the file
# What says an entry's note is the same one: its stamp and the digest of its bytes.
_STAMP = operator.itemgetter(0, 1, 2)


def _identity(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_ino, st.st_size, st.st_mtime_ns


def _identity_of(fd: int) -> tuple[int, int, int] | None:
    try:
        return _identity(os.fstat(fd))
    except OSError:
        return None


def _write_run(handle: BinaryIO, data: bytes) -> None:
    handle.write(_LENGTH.pack(len(data)))
    handle.write(data)


def _read_pieces(handle: BinaryIO, size: int) -> list[Piece]:
    """The runs of the file (`size` bytes) after its header; a file cut short or holding
    anything but runs of notes raises (and reads as empty)."""
    pieces: list[Piece] = []
    while True:
        head = handle.read(_LENGTH.size)
        (length,) = _LENGTH.unpack(head)  # a file cut short raises here...
        if length == 0:
            return pieces
        offset = handle.tell()
        if length > size - offset:  # ...or here, before a corrupt length is allocated
            raise EOFError("the index cache is cut short")
        data = handle.read(length)
        chunk = pickle.loads(data)
        if not isinstance(chunk, dict):
            raise TypeError("not a run of notes")
        for rel, entry in chunk.items():
            if not (isinstance(rel, str) and isinstance(entry, CachedNote)):
                raise TypeError("not a run of notes")
            note = entry.note
            # Each run was pickled on its own: share the tags and links again.
            note.tags = tuple(map(sys.intern, note.tags))
            note.links = tuple(map(sys.intern, note.links))
        pieces.append(Piece(chunk, None, offset, length))
