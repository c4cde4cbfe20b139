"""What vaultkit last wrote in each generated block, kept in the vault's cache folder.

A block's begin marker names the render by its digest (blocks.py); this remembers, for that
digest, every line vaultkit wrote and whose it is, and the marks of each item on both sides,
so the next pass can tell exactly what a person changed since. It only ever adds precision:
without it (deleted, corrupt, from another device), the digest and the render stand in, and a
line is then kept as the person's whenever it is in doubt. Nothing here is ever the only copy
of anything a person wrote: it holds vaultkit's own output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vaultkit.store.cache_dir import read_cache_text, write_json_text
from vaultkit.text.blocks import Line, Written

NAME = "blocks.json"
FORMAT = 1
KEEP = 8  # renders remembered per note: the last few, for a block another device just wrote


class WrittenBlocks:
    """One file per vault. Read when first needed, and again when a digest is missing (another
    vaultkit, a `run` beside the daemon, may have written that block); written merged with what
    the file holds by then, so neither forgets the other's blocks."""

    def __init__(self, folder: Path | None):
        self.path = folder / NAME if folder is not None else None
        self._notes: dict[str, list[Written]] = {}
        self._new: dict[str, list[Written]] = {}  # recorded here since the last save
        self._stamp: tuple[int, int] | None = None  # (mtime_ns, size) of the file as read
        # (path, digest) -> the block as JSON: made once, saved again on every later pass
        self._encoded: dict[tuple[str, str], str] = {}

    def _read(self) -> None:
        """Take in the file if it changed since it was last read."""
        if self.path is None:
            return
        stamp = _stamp_of(self.path)
        if stamp is None or stamp == self._stamp:
            return
        self._stamp = stamp
        for path, records in _load(self.path).items():
            self._notes[path] = _merged(self._new.get(path, []), records)

    def get(self, path: str, digest: str | None) -> Written | None:
        """The block vaultkit wrote in `path` under `digest`, if it remembers it."""
        if digest is None:
            return None
        for attempt in range(2):
            if attempt or self._stamp is None:
                self._read()
            found = next((w for w in self._notes.get(path, []) if w.digest == digest), None)
            if found is not None:
                return found
        return None

    def put(self, path: str, written: Written) -> None:
        records = self._notes.get(path, [])
        if records and records[0] == written:
            return
        self._notes[path] = _merged([written], records)
        self._new[path] = _merged([written], self._new.get(path, []))

    def save(self) -> None:
        """Write the file if anything was recorded. One that cannot be written costs precision
        later, never this pass: say so and go on."""
        if not self._new or self.path is None:
            return
        if self._stamp is not None and self._stamp == _stamp_of(self.path):
            notes = dict(self._notes)  # the file is as this one last read or wrote it
        else:
            notes = _load(self.path)
        for path, records in self._new.items():
            notes[path] = _merged(records, notes.get(path, []))
        # The same JSON as json.dumps of {"format", "notes"}, put together from each block's
        # text, made once: a pass writes one block anew, not every block again.
        parts = (
            f"{json.dumps(path, ensure_ascii=False)}: "
            f"[{', '.join(self._encode(path, w) for w in records)}]"
            for path, records in sorted(notes.items())
        )
        text = f'{{"format": {FORMAT}, "notes": {{{", ".join(parts)}}}}}'
        if not write_json_text(self.path, text):
            return
        self._new = {}
        self._notes.update(notes)
        self._stamp = _stamp_of(self.path)
        kept = {(path, w.digest) for path, records in notes.items() for w in records}
        self._encoded = {key: value for key, value in self._encoded.items() if key in kept}

    def _encode(self, path: str, written: Written) -> str:
        key = (path, written.digest)
        found = self._encoded.get(key)
        if found is None:
            found = self._encoded[key] = json.dumps(_to_json(written), ensure_ascii=False)
        return found


def _stamp_of(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _merged(first: list[Written], then: list[Written]) -> list[Written]:
    """Newest first, one per digest, at most KEEP."""
    seen, out = set(), []
    for written in [*first, *then]:
        if written.digest not in seen:
            seen.add(written.digest)
            out.append(written)
    return out[:KEEP]


def _load(path: Path) -> dict[str, list[Written]]:
    try:
        data = json.loads(read_cache_text(path))
        if data.get("format") != FORMAT:
            return {}
        return {
            str(note): [_from_json(w) for w in records] for note, records in data["notes"].items()
        }
    except Exception:
        return {}


def _to_json(written: Written) -> dict[str, Any]:
    return {
        "digest": written.digest,
        "lines": [
            [ln.text, ln.own, list(ln.key) if ln.key else None, ln.mark, ln.source]
            for ln in written.lines
        ],
    }


def _from_json(data: dict[str, Any]) -> Written:
    lines = tuple(
        Line(text, bool(own), tuple(key) if key else None, mark, source)
        for text, own, key, mark, source in data["lines"]
    )
    return Written(str(data["digest"]), lines)
