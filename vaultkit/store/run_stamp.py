"""The stamp of everything a pass of `vaultkit run` could read, and the one last found with
nothing to do: a run that finds that stamp again has nothing to do either, and ends without
reading a note (make's rule, with the whole vault as the one prerequisite).

The stamp is a digest of what the pass's outcome depends on: every file and folder in the
vault as `stat` sees it (.git and .obsidian only by name, but each settings file on its own),
the vault's cache folder, vaultkit's own code and built-in templates, the folders of the import
path (a library installed or upgraded), the day, and the time zone (notes dated by their
mtime). The index cache trusts a note by its size and mtime; this stamp adds ctime, inode and
mode, so that a chmod or a copy back with its old mtime also counts as a change.

It is kept only after a pass that did, put off and said nothing at all (`RunStamp.settle`),
and it is taken before that pass (a first read, with no index yet, takes none:
run_command.py): whatever changes during the pass, or after it, gives another stamp. Any
doubt means a full pass: a stamp that is missing or unreadable, a file changed within the
last RACY_NS (a coarse clock could hide a second change in the same tick), or a temp file of
vaultkit's in the vault (it is swept once it is old, which is a change no stamp shows).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import marshal
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vaultkit.settings.table import SETTINGS_FILES
from vaultkit.store.cache_dir import INDEX_NAME, read_cache_text, vault_cache_dir, write_json
from vaultkit.store.resources import PACKAGE, builtin_templates_dir
from vaultkit.store.temp_files import is_temp_name
from vaultkit.version import __version__

STAMP_NAME = "run-stamp.json"
# The index is stamped apart (_with_index), as the pass itself may write it.
NOT_INPUTS = frozenset({STAMP_NAME, INDEX_NAME})
# Dot-folders whose contents are never a note, a template or anything vaultkit writes: stamped by
# name (Obsidian rewrites .obsidian/workspace.json as the person clicks about). Every other
# dot-folder is stamped whole, as a setting may name one (a daily folder ".daily", say); a
# stamp is never kept while a setting names a path inside one of these (RunStamp.settle).
UNREAD_FOLDERS = frozenset({".git", ".obsidian"})
FORMAT = "vaultkit-run-stamp 1"
# FAT keeps mtimes to 2 s; a file changed closer than that to the stamp may change again
# unseen within the same tick.
RACY_NS = 2_000_000_000


@dataclass
class RunStamp:
    path: Path  # where the stamp of the last run with nothing to do is kept
    base: bytes  # the digest of everything but the index
    # False when a change since could hide from the stamp (a racy mtime, a temp file to sweep)
    keepable: bool

    @classmethod
    def take(cls, root: Path, today: dt.date) -> RunStamp:
        """The stamp of the vault at `root` now, for a pass as of `today`."""
        started = time.time_ns()
        records: list[object] = [FORMAT, sys.version, __version__, os.path.realpath(root)]
        records += [today.isoformat(), _time_zone()]
        found = _Tree(records)
        cache = vault_cache_dir(root)
        # A cache folder the person put in the vault is stamped as the cache, below, or the
        # stamp kept there would change the vault's next stamp
        found.add(str(root), "vault", skip=_inside(cache, root))
        for rel in sorted(SETTINGS_FILES):
            found.add_file(os.path.join(root, rel), f"settings {rel}")
        newest, temps = found.newest, found.temps
        # What follows is written by vaultkit alone, whole (a new inode), and in the cache
        # folder only beside a write to the vault, which the stamp sees: never racy.
        found.add(str(cache), "cache", lambda name: name not in NOT_INPUTS)
        found.add(str(PACKAGE), "code", lambda name: name.endswith(".py"))
        found.add(str(builtin_templates_dir()), "templates")
        # An installed or upgraded library changes its folder on the import path.
        for folder in sys.path:
            if folder:
                found.add_file(folder, "import path")
        # marshal's bytes are the same for the same records under one Python (sys.version)
        base = hashlib.blake2b(marshal.dumps(records)).digest()
        keepable = not temps and newest < started - RACY_NS
        return cls(cache / STAMP_NAME, base, keepable)

    @staticmethod
    def forget(root: Path) -> None:
        """Forget the stamp kept for the vault at `root`, if any (a run that takes none)."""
        with contextlib.suppress(OSError):
            (vault_cache_dir(root) / STAMP_NAME).unlink()

    def _with_index(self) -> str:
        """The stamp with the index as it is now. A pass decides by what the index says of
        each note, and it trusts a note by its size and mtime: a note rewritten in place with
        its mtime put back is read again only once the index is gone, so that must be a change
        too. The index is taken as the pass left it, not as it was before: a pass that reads
        new notes writes it, and the stamp it keeps is still the stamp of the vault it read."""
        try:
            st = os.stat(self.path.parent / INDEX_NAME)
            index: tuple[int, ...] = _stamp(st)
        except OSError as exc:
            index = (exc.errno or 0,)
        return hashlib.blake2b(marshal.dumps((self.base, index))).hexdigest()

    def same_as_last(self) -> bool:
        """Whether the last run with nothing to do found this very stamp."""
        try:
            kept = json.loads(read_cache_text(self.path))
        except (OSError, ValueError):
            return False  # none yet, or not one vaultkit wrote whole: a full pass will tell
        return isinstance(kept, dict) and kept.get("stamp") == self._with_index()

    def settle(self, nothing_to_do: bool, named: Iterable[str]) -> None:
        """After the pass: keep this stamp when the pass did and said nothing, and no path a
        setting names (`named`) is in a folder the stamp does not look into; else forget the
        last one (only ever the stamp of the last run is a promise)."""
        unseen = any(set(PurePosixPath(rel).parts) & UNREAD_FOLDERS for rel in named)
        if nothing_to_do and self.keepable and not unseen:
            write_json(self.path, {"stamp": self._with_index()})
        else:
            # A cache folder that refuses it is said by the pass's other cache writes, and an
            # old stamp left there matches no later vault (its ctimes have moved on).
            with contextlib.suppress(OSError):
                self.path.unlink()


class _Tree:
    """The records of the stamp: one per file and folder, with what `stat` says of it. (Tuples,
    hashed once, marshalled: at 50,000 files a string made per file cost as much as the stats.)"""

    def __init__(self, records: list[object]):
        self.records = records
        self.newest = 0  # the latest mtime or ctime seen, in ns
        self.temps = False  # a temp file of vaultkit's was seen

    def add_file(self, path: str, label: str) -> None:
        try:
            st = os.stat(path)
        except OSError as exc:
            self.records.append((label, exc.errno))
            return
        self.newest = max(self.newest, st.st_mtime_ns, st.st_ctime_ns)
        self.records.append((label, *_stamp(st)))

    def add(
        self, top: str, label: str, wanted: Callable[[str], bool] = lambda _: True, skip: str = ""
    ) -> None:
        """Every file and folder under `top` (UNREAD_FOLDERS by name only). A folder by its mode
        alone: its mtime says only that what is in it changed, and that is stamped anyway.
        Entries come in the folder's own order, which stays while the folder does not change
        (were it to move without a change, that would cost one full pass, never a miss)."""
        records, pending, newest = self.records, [""], self.newest
        while pending:
            folder = pending.pop()
            path = os.path.join(top, folder) if folder else top
            try:
                records.append((label, folder, os.stat(path).st_mode))
                with os.scandir(path) as entries:
                    found = list(entries)
            except OSError as exc:
                records.append((label, folder, "unreadable", exc.errno))
                continue
            for entry in found:
                name = entry.name
                rel = f"{folder}/{name}" if folder else name
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError as exc:
                    records.append((label, rel, "gone", exc.errno))
                    continue
                if stat.S_ISDIR(st.st_mode):
                    if rel == skip:
                        continue
                    if name in UNREAD_FOLDERS:
                        records.append((label, rel, "unread"))
                    else:
                        pending.append(rel)
                    continue
                if not wanted(name):
                    continue
                if name.startswith(".") and is_temp_name(name):
                    self.temps = True
                if st.st_ctime_ns > newest or st.st_mtime_ns > newest:
                    newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
                records.append((rel, *_stamp(st)))
                if stat.S_ISLNK(st.st_mode):  # a symlinked note: its target counts too
                    self.add_file(entry.path, f"{label} {rel} target")
        self.newest = max(self.newest, newest)


def _inside(path: Path, root: Path) -> str:
    """`path` relative to `root` when it is inside it, else ""."""
    try:
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        return ""
    return rel.as_posix() if rel.parts else ""


def _stamp(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return st.st_mode, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _time_zone() -> str:
    # Notes dated by their mtime take the local day of it.
    return f"{os.environ.get('TZ', '')} {time.tzname} {time.timezone} {time.altzone}"
