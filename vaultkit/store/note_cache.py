"""The index cache: what each note said, kept between runs so an unchanged note is not read again.

One file per vault in the user's cache dir (cachedir.py), never in the vault. It only ever
saves work and is never the truth: a cache that is missing, empty, truncated, corrupt, from
another vaultkit version or made under other settings reads as empty, and the notes are read
again from the vault.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import logging
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

from vaultkit import __version__
from vaultkit.settings.config import Config
from vaultkit.store.writer import atomic_file
from vaultkit.text.note import Emotion, Item, Note

log = logging.getLogger("vaultkit")

# Bump when what is stored changes meaning without changing the dataclasses' fields.
FORMAT = b"vaultkit-index 2\n"
INDEX_NAME = "index.pickle"
CHUNK = 1000  # notes per pickled piece


@dataclass(frozen=True, slots=True)
class Entry:
    """One note as it was read: the file's stamp and digest, and what it said."""

    mtime_ns: int
    size: int
    digest: bytes
    note: Note


def index_key(config: Config) -> bytes:
    """Everything that changes what a note is read as: vaultkit's version, the settings that
    affect reading, and the shape of what is stored (so a cache from a build with other fields
    reads as empty)."""
    shape = [[f.name for f in dataclasses.fields(kind)] for kind in (Note, Item, Emotion, Entry)]
    settings = dataclasses.asdict(config.note_rules)
    blob = json.dumps(
        {"version": __version__, "settings": settings, "shape": shape}, sort_keys=True, default=str
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest().encode("ascii")


def _header(key: bytes) -> bytes:
    return FORMAT + key + b"\n"


def load_index(path: Path, key: bytes) -> dict[str, Entry]:
    header = _header(key)
    # The collector would walk the growing heap again and again while tens of thousands of
    # small objects are made; nothing here makes cycles, so it can wait (halves the load time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as handle:
            if handle.read(len(header)) != header:
                return {}  # empty, foreign, another version, other settings
            return _read_chunks(handle)
    except Exception:
        return {}
    finally:
        if collecting:
            gc.enable()


def _read_chunks(handle) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    while (chunk := pickle.load(handle)) is not None:  # a file cut short ends in EOFError
        if not isinstance(chunk, dict):
            return {}
        for rel, entry in chunk.items():
            if isinstance(rel, str) and isinstance(entry, Entry):
                note = entry.note
                # Each chunk was written on its own: share the tags and links again.
                note.tags = tuple(map(sys.intern, note.tags))
                note.links = tuple(map(sys.intern, note.links))
                entries[rel] = entry
    return entries


def save_index(path: Path, key: bytes, entries: dict[str, Entry]) -> None:
    """Replace the cache file atomically: a reader sees the old cache or the new, never half.
    Raises WriteError (`PATH: what happened`) when it cannot be written; the caller goes on
    without it, since a cache only ever saves time."""
    # Not durable (no fsync): a cache a power cut cuts short reads as empty, and an fsync of
    # a big index would hold up every run and the daemon's stop for nothing.
    with atomic_file(path, replace=True, mode=0o600, parents=True, durable=False) as handle:
        handle.write(_header(key))
        # One pickle per chunk of notes: pickle remembers every object it writes, which
        # for a 50,000-note index in one piece costs more memory than the index itself.
        # A None ends the file, so a file cut short between two chunks reads as corrupt.
        ordered = sorted(entries.items())
        for start in range(0, len(ordered), CHUNK):
            pickle.dump(
                dict(ordered[start : start + CHUNK]), handle, protocol=pickle.HIGHEST_PROTOCOL
            )
        pickle.dump(None, handle)
