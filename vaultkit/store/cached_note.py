"""One entry of the index cache (note_cache.py): a note as it was read. Apart from the cache,
so that the helpers that read notes (parallel_read.py) pickle runs of entries without
importing the cache's settings and writer."""

from __future__ import annotations

from typing import NamedTuple

from vaultkit.text.note import Note


class CachedNote(NamedTuple):
    """One note as it was read: the file's stamp and digest, and what it said. A tuple: tens
    of thousands are loaded at each start, and a tuple is the cheapest thing to unpickle."""

    mtime_ns: int
    size: int
    digest: bytes
    note: Note
