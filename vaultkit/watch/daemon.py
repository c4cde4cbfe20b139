"""`vaultkit watch`: keeps a vault tended while a person writes in it.

The observer's thread only notes which paths may have changed (observer.py). This loop waits
until each path has been quiet for the quiet period, then looks at what really changed (stat,
then bytes, against the index: changes.py) and runs the pass for just that change
(tending.py). A full rescan at start, every few minutes and after lost events (rescan.py) is
the safety net for events that never arrive; the vault folder itself is checked now and then
(watching.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from vaultkit.app.tender import Tender
from vaultkit.settings.config import Config
from vaultkit.store.cache_dir import vault_cache_dir
from vaultkit.store.lock import VaultLock
from vaultkit.store.reading import FileState
from vaultkit.store.vault import Vault, load_vault
from vaultkit.watch.changes import look
from vaultkit.watch.observer import WATCHDOG_LOGGER, LostEvents
from vaultkit.watch.quiet import QuietPaths
from vaultkit.watch.rescan import rescan
from vaultkit.watch.settings_files import SettingsFiles
from vaultkit.watch.stop_signals import Interrupted, handle_signals
from vaultkit.watch.tending import Memory, Tending
from vaultkit.watch.timers import Timers
from vaultkit.watch.wakeup import Wakeup
from vaultkit.watch.watching import ObserverFactory, VaultGone, Watching, default_observer

log = logging.getLogger("vaultkit")

# How often the loop checks that the observer's threads are still alive and that the vault
# folder is still the one watched (one stat: no idle cost to speak of).
HEALTH_SECONDS = 30.0

# How long a vault folder may be missing before the daemon believes it gone: `mv v v.old;
# mkdir v` leaves a moment with no folder at all.
ROOT_GRACE_SECONDS = 10.0


class Daemon:
    def __init__(
        self,
        root: Path,
        *,
        today: dt.date | None = None,
        clock: Callable[[], float] = time.time,
        observer_factory: ObserverFactory = default_observer,
        health_seconds: float | None = None,
        root_grace_seconds: float | None = None,
        parallel: bool = False,
    ):
        self.root = Path(os.path.realpath(root))
        # The settings as written. Paths are compared and written with the vault's config,
        # the same settings spelled as the disk spells them.
        self.settings = SettingsFiles(self.root)
        self.pinned_day = today
        self.parallel = parallel  # read a big vault on every core (load_vault)
        self.clock = clock  # wall time, for the date and midnight; injectable for tests
        # Read here, not at import, so a test may set the module's values too.
        self.timers = Timers(HEALTH_SECONDS if health_seconds is None else health_seconds)
        grace = ROOT_GRACE_SECONDS if root_grace_seconds is None else root_grace_seconds
        self.watching = Watching(self.root, observer_factory, self, grace)
        self.pending = QuietPaths(self.config.quiet_seconds)
        self.memory = Memory()
        # The vault being read, from its first note on: saved on the way out even when cut
        # short. `session` holds it once read, with its tender.
        self._opened: Vault | None = None
        self.session: Tending | None = None
        self.ready = threading.Event()  # set once the first pass is done and events are handled
        self._stopping = False
        self.finishing = False  # run() is saving what it has: a late alarm must not cut it
        self._wakeup = Wakeup()

    def stop(self) -> None:
        """Finish the write in hand, then return from run()."""
        self._stopping = True
        self.wake()

    def stopping(self) -> bool:
        return self._stopping

    def handle_signals(self) -> None:
        handle_signals(self)

    def writing(self) -> bool:
        return self.session is not None and self.session.tender.gateway.writing

    def request_rescan(self) -> None:
        self.timers.rescan_wanted = True
        self.wake()

    def on_paths(self, rels: list[str]) -> None:
        now = time.monotonic()
        for rel in rels:
            self.pending.touch(rel, now)
        self.wake()

    def wake(self) -> None:
        self._wakeup.wake()

    def today(self) -> dt.date:
        return self.pinned_day or dt.date.fromtimestamp(self.clock())

    @property
    def config(self) -> Config:
        return self.settings.config

    def run(self) -> None:
        """Tend the vault until stop(). Raises LockHeld when another daemon has this vault,
        VaultGone when the vault folder went away for good (already logged)."""
        lost = LostEvents(self.request_rescan)
        logging.getLogger(WATCHDOG_LOGGER).addHandler(lost)
        try:
            with VaultLock(vault_cache_dir(self.root)):
                self.watching.start(self.config.polling)
                try:
                    log.info("watching %s (%s)", self.root, self.watching.description())
                    _guard("reading the vault", self.restart)
                    self.ready.set()
                    self._loop()
                except Interrupted:
                    log.info(
                        "stopping in the middle of the work in hand; the rest is done "
                        "at the next start"
                    )
                finally:
                    self.finishing = True
                    if threading.current_thread() is threading.main_thread():
                        signal.setitimer(signal.ITIMER_REAL, 0)
                    self.watching.stop()
                    if self._opened is not None:
                        self._opened.save_index()  # the next start reads only what changes
        finally:
            logging.getLogger(WATCHDOG_LOGGER).removeHandler(lost)
            self._wakeup.close()
        log.info("stopped")

    def _loop(self) -> None:
        timers = self.timers
        timers.start(self.config.rescan_minutes * 60)
        while not self._stopping:
            deadline = timers.next_deadline(self.pending.next_due(), self._midnight())
            self.sleep(deadline - time.monotonic())
            if self._stopping:
                break
            now = time.monotonic()
            if self.watching.root_touched or timers.health_due(now):
                self.watching.root_touched = False
                _guard("checking the watcher", self._check_watching)
                timers.health_checked()
            if self._stopping:
                break
            if timers.rescan_due(now):
                timers.rescan_started()
                _guard("rescanning the vault", self.rescan)
                timers.rescanned(self.config.rescan_minutes * 60)
            if self.session is not None and self.today() != self.session.tender.today:
                _guard("starting the new day", self._new_day)
            due = self.pending.due(time.monotonic())
            if due:
                self._settle(due)

    def sleep(self, seconds: float) -> None:
        self._wakeup.sleep(seconds)

    def _midnight(self) -> float | None:
        """The monotonic time of the next local midnight (None when the day is pinned)."""
        return None if self.pinned_day is not None else next_midnight(self.clock())

    def _check_watching(self) -> None:
        if self.watching.check(self.config.polling):
            # Every file in it has a new inode, so the rescan reads each note once more (and
            # writes nothing where the bytes are the same). A folder still being filled by a
            # copy is given the quiet period first.
            self.timers.rescan_at = time.monotonic() + self.config.quiet_seconds

    def restart(self) -> None:
        """Read the whole vault and do everything `vaultkit run` would."""
        vault = load_vault(
            self.root,
            self.config,
            cache=True,
            progress=functools.partial(_reading, self.stopping),
            stopping=self.stopping,
            opened=lambda vault: setattr(self, "_opened", vault),
            parallel=self.parallel,
        )
        if self._stopping:
            return  # part read: saved as it is, finished at the next start
        vault.save_index()  # first: an edit made once the agenda shows never waits for it
        tender = Tender(vault, self.today(), stopping=self.stopping)
        self.session = Tending(vault, tender, self.pending, self.memory)
        self.session.tend_whole()

    def _new_day(self) -> None:
        if self.session is not None:
            self.session.new_day(self.today())

    def rescan(self) -> None:
        """Compare the whole vault with the index; whatever differs is looked at now."""
        if self.session is None:
            return self.restart()
        # A settings file with a new stamp and the same settings (a copy, a touch) reads nothing
        # again: the rescan goes on.
        if self.settings.touched() and self.reload_config():
            return
        rescan(self.session, self.root, self.stopping)

    def _settle(self, due: list[str]) -> None:
        """Look at each quiet path, then run the pass for what changed."""
        changed: dict[str, FileState | None] = {}
        for rel in due:
            # Looked up each time: a path may have had the vault read again (new settings).
            if self._stopping or self.session is None:
                return
            try:
                look(self.session, self, rel, changed)
            except Exception as exc:
                log.error("error %s: %s", rel, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        if self.session is not None:
            self.session.settle(due, changed, _guard)

    def reload_config(self) -> bool:
        """Read the settings again; True when they changed and the vault was read again."""
        polling = self.config.polling
        warnings = self.settings.reload()
        if warnings is None:
            return False
        self.pending.quiet_seconds = self.config.quiet_seconds
        if self.config.polling != polling:
            self.watching.stop()
            self.watching.start(self.config.polling)
        for warning in warnings:
            log.warning("warning: %s", warning)
        self.restart()
        return True


def next_midnight(now: float) -> float:
    """The monotonic time of the next local midnight after the wall time `now`."""
    tomorrow = dt.datetime.fromtimestamp(now).date() + dt.timedelta(days=1)
    until = dt.datetime.combine(tomorrow, dt.time()).timestamp() - now
    return time.monotonic() + max(0.0, until) + 0.01


@contextlib.contextmanager
def _reading(stopping: Callable[[], bool], total: int) -> Iterator[Callable[[], None]]:
    """Say how many notes are read afresh, and how far the reading got when a stop cut it
    short (load_vault looks for the stop between notes)."""
    read = 0

    def step() -> None:
        nonlocal read
        read += 1

    if total:
        log.info("reading %s notes", f"{total:,}")
    yield step
    if stopping() and read < total:
        log.info(
            "stopped reading after %s of %s notes; the rest are read at the next start",
            f"{read:,}",
            f"{total:,}",
        )


def _guard(what: str, step: Callable[[], None]) -> None:
    # One failure must never stop the daemon: it would keep running, deaf. Only a vault
    # that is gone ends it, on purpose and with a line that says so.
    try:
        step()
    except VaultGone:
        raise
    except Exception as exc:
        log.error("error while %s: %s", what, exc, exc_info=log.isEnabledFor(logging.DEBUG))
