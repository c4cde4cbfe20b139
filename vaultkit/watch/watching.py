"""Keeping the vault folder watched: the observer started (native, or polling past the
system's watch limit), replaced when its thread dies, and moved to a new folder when the vault
folder is replaced.

The kernel watches the vault folder's inode, not its path: a folder moved aside and replaced
by a copy would leave the daemon hearing the old one for ever. The health check (and any event
on the folder itself) compares the path's inode with the watched one and watches the new
folder, or stops (VaultGone) when the path stays empty.
"""

from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from watchdog.observers.api import BaseObserver

from vaultkit.watch.observer import (
    POLL_SECONDS,
    PathHandler,
    is_watch_limit,
    native_observer,
    observer_alive,
    polling_observer,
)

log = logging.getLogger("vaultkit")

ObserverFactory = Callable[[str, Path, PathHandler], BaseObserver]


def default_observer(mode: str, root: Path, handler: PathHandler) -> BaseObserver:
    return native_observer(root, handler) if mode == "native" else polling_observer(root, handler)


class VaultGone(Exception):
    """The vault folder is gone and did not come back: run() ends (`vaultkit watch` exits 2)."""

    def __init__(self, root: Path):
        self.root = root
        super().__init__(f"the vault folder {root} is gone; stopping")


class Listener(Protocol):
    """What the watching tells the daemon, and asks of it."""

    def on_paths(self, rels: list[str]) -> None: ...
    def wake(self) -> None: ...
    def sleep(self, seconds: float) -> None: ...
    def stopping(self) -> bool: ...
    def request_rescan(self) -> None: ...


class Watching:
    """The observer of one vault folder, and the folder it watches."""

    def __init__(
        self, root: Path, factory: ObserverFactory, listener: Listener, grace_seconds: float
    ):
        self.root, self.factory, self.listener = root, factory, listener
        self.grace_seconds = grace_seconds
        self.observer: BaseObserver | None = None
        self.mode = ""
        self.root_id: tuple[int, int] | None = None  # the folder being watched (dev, inode)
        self.root_touched = False  # an event named the vault folder itself: check it now
        self._root_deleted = False  # ...and said the watched folder is gone
        self._handler: PathHandler | None = None  # the current observer's

    def description(self) -> str:
        if self.mode == "polling":
            return f"polling every {POLL_SECONDS:g} s"
        return "file events"

    def start(self, polling: bool) -> None:
        # The folder's identity is taken before watching starts: a folder replaced in between
        # is then found replaced at the next check, never taken for the watched one.
        identity = _identity(self.root)
        handler = self._new_handler()
        self.observer, self.mode = None, ""
        if not polling:
            try:
                self.observer, self.mode = self.factory("native", self.root, handler), "native"
            except OSError as exc:
                if not is_watch_limit(exc):
                    raise
                log.warning(
                    "warning: the system's limit on watched folders is reached (%s); "
                    "polling the vault every %g s instead. To watch natively, raise "
                    "fs.inotify.max_user_watches.",
                    exc.strerror or exc,
                    POLL_SECONDS,
                )
        if self.observer is None:
            self.observer, self.mode = self.factory("polling", self.root, handler), "polling"
        self.root_id = identity

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=1.0)
            self.observer = None

    def _new_handler(self) -> PathHandler:
        handler = PathHandler(self.root, self.listener.on_paths)
        handler.on_root = lambda gone: self._on_root(handler, gone)
        self._handler = handler
        return handler

    def _on_root(self, handler: PathHandler, gone: bool) -> None:
        if handler is not self._handler:
            return  # a late event from an observer already replaced: it says nothing now
        if gone:
            self._root_deleted = True
        self.root_touched = True
        self.listener.wake()

    def check(self, polling: bool) -> bool:
        """Check the folder and the observer; True when the vault folder was replaced and the
        new one is watched now (its notes want a rescan once it has been quiet). No folder
        there for the grace period raises VaultGone."""
        # `deleted`: an event said the watched folder was deleted. A folder made at once in its
        # place may get the same inode number back, so the identity alone cannot tell then.
        deleted, self._root_deleted = self._root_deleted, False
        found = self._folder_there()
        if found is None:
            return False  # stopping
        if found == self.root_id and not deleted:
            self._check_observer()
            return False
        log.warning("the vault folder was replaced; watching the new one at %s", self.root)
        self.stop()
        self.start(polling)
        return True

    def _folder_there(self) -> tuple[int, int] | None:
        """The folder at the vault's path, waited for up to the grace period; None when the
        daemon is stopping."""
        found = _identity(self.root)
        deadline = time.monotonic() + self.grace_seconds
        while found is None:
            if self.listener.stopping():
                return None
            if time.monotonic() >= deadline:
                log.error("the vault folder %s is gone; stopping", self.root)
                raise VaultGone(self.root)
            self.listener.sleep(min(0.25, deadline - time.monotonic()))
            found = _identity(self.root)
        return found

    def _check_observer(self) -> None:
        # No observer at all here means starting one failed (a new vault folder that could not
        # be watched, say): as deaf as a dead one.
        if self.observer is not None and observer_alive(self.observer):
            return
        # watchdog's thread ends on an error (a folder past the watch limit, say); every event
        # since may be lost, so poll from now on and rescan.
        log.warning(
            "warning: file events stopped arriving; polling the vault every %g s from now on",
            POLL_SECONDS,
        )
        self.stop()
        self.observer = self.factory("polling", self.root, self._new_handler())
        self.mode = "polling"
        self.listener.request_rescan()


def _identity(path: Path) -> tuple[int, int] | None:
    """The folder at `path` as the kernel knows it, or None when there is no folder there."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None
