"""The edge that listens to the file system: watchdog events become "this path may have changed".

Nothing is read here. The handler only turns an event into vault-relative paths and hands
them on (or says that the vault folder itself was touched); the daemon decides, once a path is
quiet, whether anything really changed.
"""

from __future__ import annotations

import errno
import importlib
import logging
import os
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserverVFS

from vaultkit.settings.table import SETTINGS_FILES
from vaultkit.store.temp_files import is_temp_name
from vaultkit.text.ignore import is_hidden

log = logging.getLogger("vaultkit")

# Only events that can mean new bytes or a new name. Opening or reading a file (opened,
# closed_no_write) must not wake the daemon: its own reads would wake it again, for ever.
EVENTS = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirCreatedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]

POLL_SECONDS = 3.0

# Watch limits: the kernel refused another inotify watch or instance.
_LIMITS = frozenset({errno.ENOSPC, errno.EMFILE})

# watchdog's inotify observer watches a new folder twice when a folder is made inside it at
# once (vaultkit's writer makes `Reviews/Charts` one level at a time): the new folder's event
# adds a watch, then a listing of it finds the inner folder and watches it, and the inner
# folder's own event, sent once the outer one was watched, adds the same watch again. The
# second is the first over again (the same callback under the same id), and watchdog says so
# in a RuntimeWarning that would reach the log as if something were wrong. Only that message
# from watchdog's observers is left out; every other warning is shown.
_SAME_WATCH_AGAIN = r"Callback with id .* already exists for watch"


def relevant(rel: str, is_directory: bool) -> bool:
    """Could a change at `rel` matter to the vault?"""
    if rel in SETTINGS_FILES:
        return True
    if not rel or is_hidden(rel) or is_temp_name(rel.rsplit("/", 1)[-1]):
        return False
    if is_directory:
        return True
    # Sync conflict copies pass: they are never read, but the person is told at once.
    return rel.lower().endswith(".md")


class PathHandler(FileSystemEventHandler):
    """Passes the vault-relative paths of every relevant event to `on_paths`, and calls
    `on_root(gone)` when an event names the vault folder itself (deleted, or replaced under a
    poller; `gone` when it says the watched folder is no more): the daemon then checks which
    folder it is watching."""

    def __init__(
        self,
        root: Path,
        on_paths: Callable[[list[str]], None],
        on_root: Callable[[bool], None] | None = None,
    ):
        self.root = os.path.realpath(root)
        self.on_paths = on_paths
        self.on_root = on_root

    def relative(self, path: str | bytes) -> str | None:
        path = os.fsdecode(path)
        if path == self.root or not path.startswith(self.root + os.sep):
            return None  # outside the vault: a folder moved out only says where it went
        return path[len(self.root) + 1 :].replace(os.sep, "/")

    def on_any_event(self, event: FileSystemEvent) -> None:
        # An exception escaping here would end the observer thread and leave the daemon deaf.
        try:
            paths = [event.src_path] + (
                [event.dest_path] if getattr(event, "dest_path", "") else []
            )
            if self.on_root is not None and self.root in map(os.fsdecode, paths):
                log.debug("event %s on the vault folder itself", event.event_type)
                # Only the folder deleted or moved away says the watched one is no more.
                self.on_root(
                    event.event_type in ("deleted", "moved")
                    and os.fsdecode(event.src_path) == self.root
                )
            rels = [
                rel
                for rel in map(self.relative, paths)
                if rel is not None and relevant(rel, event.is_directory)
            ]
            if rels:
                log.debug("event %s %s", event.event_type, " -> ".join(rels))
                self.on_paths(rels)
        except Exception:
            log.exception("could not take in the event %r", event)


def _visible_entries(path: str | None) -> Iterator[os.DirEntry[str]]:
    # What polling looks at: the notes and the Obsidian settings, not .git or .trash. Listed
    # whole before the folder is closed.
    with os.scandir(path) as entries:
        found = [e for e in entries if not e.name.startswith(".") or e.name == ".obsidian"]
    return iter(found)


# watchdog's inotify observer holds a file moved away (IN_MOVED_FROM) for half a second, to pair
# it with where it went; its reader sleeps out that half second even when the other half comes
# at once, and every event behind it waits too. A save by rename (vaultkit's own writes, and
# editors that save that way) then held back the next edit's event by up to 0.5 s, whenever the
# reader came to the first half before the second was queued: edits of 0.3-0.45 s on a busy
# machine, where they take 20-60 ms. vaultkit needs only the paths, paired or not, and the
# two halves of a move come in one read of the kernel's queue: a short hold still pairs them.
MOVE_PAIRING_SECONDS = 0.02


# Where watchdog keeps that hold: version 7's grouper, version 6's buffer.
MOVE_HOLDERS = (
    ("watchdog.observers.inotify_move_event_grouper", "InotifyMoveEventGrouper"),
    ("watchdog.observers.inotify_buffer", "InotifyBuffer"),
)


def move_holder() -> type | None:
    """watchdog's class that holds a file moved away; None without one (no inotify here)."""
    for module, name in MOVE_HOLDERS:
        try:
            holder = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        if isinstance(holder, type) and isinstance(getattr(holder, "delay", None), int | float):
            return holder
    return None


def _hold_moves_briefly() -> None:
    """Shorten watchdog's hold of a file moved away, where it has one."""
    holder = move_holder()
    if holder is not None:
        setattr(holder, "delay", MOVE_PAIRING_SECONDS)  # noqa: B010 (a class of watchdog's)


def native_observer(root: Path, handler: PathHandler) -> BaseObserver:
    """inotify (Linux), FSEvents (macOS): events as they happen. Raises OSError past a limit."""
    warnings.filterwarnings(
        "ignore", _SAME_WATCH_AGAIN, RuntimeWarning, r"watchdog\.observers(\.|$)"
    )
    _hold_moves_briefly()
    observer = Observer()
    observer.schedule(handler, str(root), recursive=True, event_filter=EVENTS)
    observer.start()
    return observer


def polling_observer(root: Path, handler: PathHandler) -> BaseObserver:
    """A listing of the vault every few seconds; for network drives and containers."""
    # lstat: a symlinked folder is not walked into (it may loop or lead out of the vault).
    observer = PollingObserverVFS(os.lstat, _visible_entries, polling_interval=POLL_SECONDS)
    observer.schedule(handler, str(root), recursive=True, event_filter=EVENTS)
    observer.start()
    return observer


def is_watch_limit(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in _LIMITS


def observer_alive(observer: BaseObserver) -> bool:
    """False when the observer or one of its emitters has died (after an error in its thread)."""
    return observer.is_alive() and all(e.is_alive() for e in observer.emitters)


class LostEvents(logging.Handler):
    """watchdog says the kernel dropped events only in a log line; that line asks for a rescan."""

    def __init__(self, on_lost: Callable[[], None]):
        super().__init__(logging.WARNING)
        self.on_lost = on_lost

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage().lower():
            self.on_lost()


WATCHDOG_LOGGER = "watchdog.observers"  # both inotify loggers sit under it
