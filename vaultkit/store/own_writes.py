"""What vaultkit itself last wrote, so that its own writes are never taken for a person's.

The quiet period protects a person's saves: a note saved moments ago may still be open, unsaved,
in an editor. A file just as vaultkit left it (the same mtime to the nanosecond, size and inode)
was saved by nobody since, and needs no quiet period. A pass remembers its writes in memory (the
daemon's Tender lives as long as the daemon), and this file in the vault's cache folder keeps
them between runs: `vaultkit run` right after another, or a second `vaultkit add`, is then not
put off by vaultkit's own write. Any save
by anyone in between changes the stamp, and the quiet period holds as usual.

A missing or corrupt file is an empty record: it costs a wait, never a line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from vaultkit.store.cache_dir import read_cache_text, write_json

NAME = "own-writes.json"
FORMAT = 1
KEEP = 5000  # files remembered: more than one pass writes, and the file stays small

Stamp = tuple[int, int, int]  # (mtime_ns, size, inode)


def stamp_of(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class OwnWrites:
    """The stamp of each file as vaultkit last wrote it. `folder` None (a dry run): kept in
    memory only."""

    def __init__(self, folder: Path | None):
        self.path = folder / NAME if folder is not None else None
        self._stamps: dict[str, Stamp] = _load(self.path) if self.path is not None else {}
        self._changed = False

    def __contains__(self, rel: str) -> bool:
        return rel in self._stamps

    def is_as_left(self, rel: str, stamp: Stamp | None) -> bool:
        """Whether `rel`, with `stamp` now, is exactly as vaultkit last wrote it."""
        return stamp is not None and self._stamps.get(rel) == stamp

    def remember(self, rel: str, stamp: Stamp | None) -> None:
        if stamp is None or self._stamps.get(rel) == stamp:
            return
        self._stamps.pop(rel, None)  # to the end: the newest are the ones kept
        self._stamps[rel] = stamp
        while len(self._stamps) > KEEP:
            del self._stamps[next(iter(self._stamps))]
        self._changed = True

    def save(self) -> None:
        """Write the record if it changed. One that cannot be written costs a wait later,
        never this pass: say so and go on."""
        if not self._changed or self.path is None:
            return
        # Another vaultkit (a `run` beside the daemon) may have written since: keep its
        # stamps too, ours last.
        stamps = {**_load(self.path), **self._stamps}
        stamps = dict(list(stamps.items())[-KEEP:])
        data = {"format": FORMAT, "files": {rel: list(stamp) for rel, stamp in stamps.items()}}
        if write_json(self.path, data):
            self._changed = False


MAX_BYTES = 4 * 1024 * 1024  # KEEP stamps take well under 1 MB: anything bigger is not ours


def _load(path: Path) -> dict[str, Stamp]:
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(read_cache_text(path))
        if data.get("format") != FORMAT:
            return {}
        return {str(rel): (int(s[0]), int(s[1]), int(s[2])) for rel, s in data["files"].items()}
    except Exception:
        return {}
