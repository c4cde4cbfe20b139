"""`vaultkit watch`: keeps a vault tended while a person writes in it.

The observer's thread only notes which paths may have changed (watching.py). This loop waits
until each path has been quiet for the quiet period, then looks at what really changed (stat,
then bytes, against the index) and runs the steps of `vaultkit run` for just that change. A
full rescan at start, every few minutes and after lost events is the safety net for events
that never arrive.

The kernel watches the vault folder's inode, not its path: a folder moved aside and replaced
by a copy would leave the daemon hearing the old one for ever. The health check (and any event
on the folder itself) compares the path's inode with the watched one and watches the new
folder, or stops (VaultGone) when the path stays empty.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import select
import signal
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from vaultkit.app.tend import Report, Tender
from vaultkit.settings.config import Config, ConfigError, load_config, spelled_as_on_disk
from vaultkit.store.cache_dir import vault_cache_dir
from vaultkit.store.lock import VaultLock
from vaultkit.store.reading import FileState, Unreadable, read_note
from vaultkit.store.vault import Vault, load_vault
from vaultkit.store.walk import link_problem, walk_vault
from vaultkit.text.ignore import in_folder, is_sync_conflict
from vaultkit.text.names import nfc
from vaultkit.watch.observer import (
    CONFIG_FILES,
    POLL_SECONDS,
    WATCHDOG_LOGGER,
    LostEvents,
    PathHandler,
    is_watch_limit,
    native_observer,
    observer_alive,
    polling_observer,
)
from vaultkit.watch.quiet import QuietPaths

log = logging.getLogger("vaultkit")

# How often the loop checks that the observer's threads are still alive and that the vault
# folder is still the one watched (one stat: no idle cost to speak of).
HEALTH_SECONDS = 30.0

# How long a vault folder may be missing before the daemon believes it gone: `mv v v.old;
# mkdir v` leaves a moment with no folder at all.
ROOT_GRACE_SECONDS = 10.0

# A note that had writing in it and reads empty is most likely mid-save (truncate, then
# write). It is only believed empty once it has stayed so for this long.
EMPTY_SETTLE_SECONDS = 30.0

_TROUBLE = ("deferred", "conflict", "refused", "error")

ObserverFactory = Callable[[str, Path, PathHandler], object]


def _default_observer(mode: str, root: Path, handler: PathHandler):
    return native_observer(root, handler) if mode == "native" else polling_observer(root, handler)


class Interrupted(BaseException):
    """Raised in the main thread when a stop was asked for and the work in hand did not come
    back to the loop in time (a note of megabytes being parsed). A BaseException, so no handler
    for errors catches it on its way out."""


# A stop is first asked for politely: the loop looks at the flag between files and writes.
# Work that has not come back by then is interrupted, unless a write is under way.
STOP_GRACE_SECONDS = 0.5


class VaultGone(Exception):
    """The vault folder is gone and did not come back: run() ends (`vaultkit watch` exits 2)."""

    def __init__(self, root: Path):
        self.root = root
        super().__init__(f"the vault folder {root} is gone; stopping")


class Daemon:
    def __init__(
        self,
        root: Path,
        *,
        today: dt.date | None = None,
        clock: Callable[[], float] = time.time,
        observer_factory: ObserverFactory = _default_observer,
        health_seconds: float | None = None,
        root_grace_seconds: float | None = None,
    ):
        self.root = Path(os.path.realpath(root))
        # The settings as written (ConfigError: the caller exits 2). Paths are compared and
        # written with self.vault.config, the same settings spelled as the disk spells them.
        self.config, warnings = load_config(self.root)
        for warning in warnings:
            log.warning("warning: %s", warning)
        self.pinned_day = today
        self.clock = clock  # wall time, for the date and midnight; injectable for tests
        self.observer_factory = observer_factory
        # Read here, not at import, so a test may set the module's values too.
        self.health_seconds = HEALTH_SECONDS if health_seconds is None else health_seconds
        self.root_grace_seconds = (
            ROOT_GRACE_SECONDS if root_grace_seconds is None else root_grace_seconds
        )
        self._root_id: tuple[int, int] | None = None  # the folder being watched (dev, inode)
        self._root_touched = False  # an event named the vault folder itself: check it now
        self._root_deleted = False  # ...and said the watched folder is gone
        self._handler: PathHandler | None = None  # the current observer's
        self._rescan_due: float | None = None  # a rescan put off a moment (a new vault folder)
        self.pending = QuietPaths(self.config.quiet_seconds)
        self.owed: set[str] = set()  # paths whose write was put off: look again even if unchanged
        self._put_off: set[str] = set()  # paths put off (again) in the current settle
        self.mode = ""
        self.observer = None
        self.vault: Vault | None = None
        self.tender: Tender | None = None
        self.ready = threading.Event()  # set once the first pass is done and events are handled
        self._stopping = False
        self._rescan_wanted = False
        self._dirty = False  # the index changed: the agenda may have
        self._told: set[str] = set()
        self._problems: list[str] = []  # the notes the last pass left alone, and why
        self._finishing = False  # run() is saving what it has: a late alarm must not cut it
        self._config_stamp = self._config_signature()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)

    # --- called from other threads and from signal handlers ---------------------------------

    def stop(self) -> None:
        """Finish the write in hand, then return from run()."""
        self._stopping = True
        self._wake()

    def handle_signals(self) -> None:
        """SIGINT and SIGTERM stop the daemon within STOP_GRACE_SECONDS and a write (main
        thread only, where run() must then be called)."""
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_stop_signal)
        signal.signal(signal.SIGALRM, self._on_alarm)

    def _on_stop_signal(self, *_) -> None:
        if not self._stopping:
            signal.setitimer(signal.ITIMER_REAL, STOP_GRACE_SECONDS)
        self.stop()

    def _on_alarm(self, *_) -> None:
        if self._finishing:
            return  # already on the way out: the index is being saved
        if self.tender is not None and self.tender.writing:
            signal.setitimer(signal.ITIMER_REAL, 0.02)  # a write is never cut: look again
            return
        raise Interrupted

    def request_rescan(self) -> None:
        self._rescan_wanted = True
        self._wake()

    def _on_root(self, handler: PathHandler, gone: bool) -> None:
        if handler is not self._handler:
            return  # a late event from an observer already replaced: it says nothing now
        if gone:
            self._root_deleted = True
        self._root_touched = True
        self._wake()

    def _on_paths(self, rels: list[str]) -> None:
        now = time.monotonic()
        for rel in rels:
            self.pending.touch(rel, now)
        self._wake()

    def _wake(self) -> None:
        # A full pipe already means "wake up"; a closed one means we are done.
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b".")

    # --- the loop --------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self.pinned_day or dt.date.fromtimestamp(self.clock())

    def run(self) -> None:
        """Tend the vault until stop(). Raises LockHeld when another daemon has this vault,
        VaultGone when the vault folder went away for good (already logged)."""
        lost = LostEvents(self.request_rescan)
        logging.getLogger(WATCHDOG_LOGGER).addHandler(lost)
        try:
            with VaultLock(vault_cache_dir(self.root)):
                self._start_observer()
                try:
                    log.info("watching %s (%s)", self.root, self.mode_description())
                    self._guard("reading the vault", self._start)
                    self.ready.set()
                    self._loop()
                except Interrupted:
                    log.info(
                        "stopping in the middle of the work in hand; the rest is done "
                        "at the next start"
                    )
                finally:
                    self._finish()
                    self._stop_observer()
                    if self.vault is not None:
                        self.vault.save_index()  # the next start reads only what changes
        finally:
            logging.getLogger(WATCHDOG_LOGGER).removeHandler(lost)
            os.close(self._wake_r)
            os.close(self._wake_w)
        log.info("stopped")

    def _finish(self) -> None:
        self._finishing = True
        if threading.current_thread() is threading.main_thread():
            signal.setitimer(signal.ITIMER_REAL, 0)

    def mode_description(self) -> str:
        if self.mode == "polling":
            return f"polling every {POLL_SECONDS:g} s"
        return "file events"

    def _loop(self) -> None:
        rescan_every = self.config.rescan_minutes * 60
        next_rescan = time.monotonic() + rescan_every
        next_health = time.monotonic() + self.health_seconds
        while not self._stopping:
            deadlines = [
                next_rescan,
                next_health,
                self._rescan_due,
                self.pending.next_due(),
                self._midnight(),
            ]
            self._sleep(min(d for d in deadlines if d is not None) - time.monotonic())
            if self._stopping:
                break
            now = time.monotonic()
            if self._root_touched or now >= next_health:
                self._root_touched = False
                self._guard("checking the watcher", self._check_watching)
                next_health = time.monotonic() + self.health_seconds
            if self._stopping:
                break
            if (
                self._rescan_wanted
                or now >= next_rescan
                or (self._rescan_due is not None and now >= self._rescan_due)
            ):
                self._rescan_wanted = False
                self._rescan_due = None
                self._guard("rescanning the vault", self.rescan)
                rescan_every = self.config.rescan_minutes * 60
                next_rescan = time.monotonic() + rescan_every
            if self.tender is not None and self.today() != self.tender.today:
                self._guard("starting the new day", self._new_day)
            due = self.pending.due(time.monotonic())
            if due:
                self._settle(due)

    def _sleep(self, seconds: float) -> None:
        # select on a pipe: events and signals write to it, so the loop sleeps until there
        # is something to do and no longer (no polling while idle).
        select.select([self._wake_r], [], [], max(0.0, seconds))
        try:
            while os.read(self._wake_r, 4096):
                pass
        except BlockingIOError:
            pass

    def _midnight(self) -> float | None:
        """The monotonic time of the next local midnight (None when the day is pinned)."""
        if self.pinned_day is not None:
            return None
        tomorrow = dt.datetime.fromtimestamp(self.clock()).date() + dt.timedelta(days=1)
        until = dt.datetime.combine(tomorrow, dt.time()).timestamp() - self.clock()
        return time.monotonic() + max(0.0, until) + 0.01

    def _guard(self, what: str, step: Callable[[], None]) -> None:
        # One failure must never stop the daemon: it would keep running, deaf. Only a vault
        # that is gone ends it, on purpose and with a line that says so.
        try:
            step()
        except VaultGone:
            raise
        except Exception as exc:
            log.error("error while %s: %s", what, exc, exc_info=log.isEnabledFor(logging.DEBUG))

    # --- the observer ----------------------------------------------------------------------

    def _start_observer(self) -> None:
        # The folder's identity is taken before watching starts: a folder replaced in between
        # is then found replaced at the next check, never taken for the watched one.
        identity = _identity(self.root)
        handler = self._new_handler()
        self.observer, self.mode = None, ""
        if not self.config.polling:
            try:
                self.observer, self.mode = (
                    self.observer_factory("native", self.root, handler),
                    "native",
                )
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
            self.observer, self.mode = (
                self.observer_factory("polling", self.root, handler),
                "polling",
            )
        self._root_id = identity

    def _stop_observer(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=1.0)
            self.observer = None

    def _new_handler(self) -> PathHandler:
        handler = PathHandler(self.root, self._on_paths)
        handler.on_root = lambda gone: self._on_root(handler, gone)
        self._handler = handler
        return handler

    def _check_watching(self) -> None:
        deleted, self._root_deleted = self._root_deleted, False
        if self._check_root(deleted):
            self._check_observer()

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
        self._stop_observer()
        self.observer = self.observer_factory("polling", self.root, self._new_handler())
        self.mode = "polling"
        self.request_rescan()

    def _check_root(self, deleted: bool = False) -> bool:
        """True when the folder at the vault's path is the one being watched. A new folder
        there is watched from now on; none there for the grace period raises VaultGone.
        `deleted`: an event said the watched folder was deleted. A folder made at once in its
        place may get the same inode number back, so the identity alone cannot tell then."""
        found = _identity(self.root)
        deadline = time.monotonic() + self.root_grace_seconds
        while found is None:
            if self._stopping:
                return False
            if time.monotonic() >= deadline:
                log.error("the vault folder %s is gone; stopping", self.root)
                raise VaultGone(self.root)
            self._sleep(min(0.25, deadline - time.monotonic()))
            found = _identity(self.root)
        if found == self._root_id and not deleted:
            return True
        log.warning("the vault folder was replaced; watching the new one at %s", self.root)
        self._stop_observer()
        self._start_observer()
        # Every file in it has a new inode, so the rescan reads each note once more (and
        # writes nothing where the bytes are the same). A folder still being filled by a copy
        # is given the quiet period first.
        self._rescan_due = time.monotonic() + self.config.quiet_seconds
        return False

    # --- reading the vault -----------------------------------------------------------------

    def _start(self) -> None:
        """Read the whole vault and do everything `vaultkit run` would."""
        load_vault(
            self.root,
            self.config,
            cache=True,
            stopping=lambda: self._stopping,
            opened=lambda vault: setattr(self, "vault", vault),
        )
        if self._stopping:
            return  # part read: saved as it is, finished at the next start
        self.tender = Tender(self.vault, self.today(), stopping=lambda: self._stopping)
        self.tender.run_all()
        self._report()
        self.vault.save_index()

    def rescan(self) -> None:
        """Compare the whole vault with the index; whatever differs is looked at now."""
        vault = self.vault
        if vault is None:
            return self._start()
        # A settings file with a new stamp and the same settings (a copy, a touch) reads nothing
        # again: the rescan goes on.
        if self._config_signature() != self._config_stamp and self._reload_config():
            return
        walk = walk_vault(self.root)
        if self.tender is not None:
            self.tender.sweep_temps(walk.temps)
        now = time.monotonic()
        differ = 0
        for rel in walk.notes:
            if self._stopping:
                return
            state = vault.files.get(rel)
            try:
                st = os.stat(self.root / rel)
            except OSError:
                st = None
            if state is None or st is None or _stamp(st) != _stamp_of(state):
                self.pending.retry(rel, now)
                differ += 1
        passed_over = dict(walk.skipped)
        listed = set(walk.notes)
        for rel in (set(vault.files) | set(vault.skipped)) - listed - set(passed_over):
            self.pending.retry(rel, now)  # gone, or renamed without a word
        for rel, reason in passed_over.items():
            if vault.skipped.get(rel, (None,))[0] != reason:
                vault.forget(rel)
                vault.skipped[rel] = (reason, None)
                self._dirty = True
        if walk.conflicts != vault.conflicts:
            vault.conflicts = walk.conflicts
            self._dirty = True  # told (or merged, for the agenda's) by the pass below
        log.debug("rescanned: %d notes, %d to look at", len(walk.notes), differ)
        if self._dirty:
            self._tend({})

    def _settle(self, due: list[str]) -> None:
        """Look at each quiet path, then run the steps for what changed."""
        changed: dict[str, FileState | None] = {}
        for rel in due:
            if self._stopping:
                return
            try:
                self._look(rel, changed)
            except Exception as exc:
                log.error("error %s: %s", rel, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        retried = self.owed.intersection(due)
        for rel in retried:
            if rel in self.vault.files:
                changed.setdefault(rel, self.vault.files[rel])
                self._dirty = True
        self._put_off = set()
        if changed or self._dirty:
            self._guard("tending the vault", lambda: self._tend(changed))
        # A write put off again stays owed (and is not told again); any other outcome ends it.
        self.owed -= retried - self._put_off

    def _look(self, rel: str, changed: dict[str, FileState | None]) -> None:
        vault = self.vault
        if rel in CONFIG_FILES:
            return self._reload_config()
        path = self.root / rel
        try:
            st = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return self._gone(rel)
        if stat.S_ISDIR(st.st_mode):
            return self._folder(rel)
        if not rel.lower().endswith(".md"):
            return
        if is_sync_conflict(rel):
            return self._conflict(rel)
        prior = vault.files.get(rel)
        if prior is None and self._respelled(rel):
            return
        if stat.S_ISLNK(st.st_mode):
            problem = link_problem(str(path), str(self.root))
            if problem:
                vault.forget(rel)
                vault.skipped[rel] = (problem, None)
                self._dirty = True
                return
            st = os.stat(path)
        if prior is not None and _stamp(st) == _stamp_of(prior):
            return  # nothing new: a read, a touch, or vaultkit's own write
        try:
            state = read_note(self.root, rel)
        except Unreadable:
            vault.refresh(rel)  # records why it is passed over
            self._dirty = True
            return
        if prior is not None and state.digest == prior.digest:
            # Same bytes under a new stat (a touch, a copy, a replaced vault folder): nothing to
            # do but remember the stat. The bytes stay only where they were kept before, so the
            # note stays in the index cache and out of memory.
            if prior.data is None:
                state = replace(state, data=None)
                if (state.mtime_ns, state.size) != (prior.mtime_ns, prior.size):
                    vault.index_changed = True
            vault.files[rel] = state
            return
        if prior is not None and prior.size and not state.size:
            age = time.time() - state.mtime
            if age < EMPTY_SETTLE_SECONDS:
                log.debug("%s reads empty; waiting to see if it is mid-save", rel)
                self.pending.retry(rel, time.monotonic() + EMPTY_SETTLE_SECONDS - age)
                return
        vault.store(rel, state)
        changed[rel] = prior
        self._dirty = True

    def _respelled(self, rel: str) -> bool:
        """A new note under a name from the settings in another Unicode spelling (a prompt
        folder synced in from a Mac, say): the settings are spelled as on disk again and, if
        that changes them, the vault is read again (True)."""
        config = self.vault.config
        wanted = nfc(rel)
        if not any(
            path and not in_folder(rel, path) and in_folder(wanted, nfc(path))
            for path in _setting_paths(config)
        ):
            return False
        spelled, warnings = spelled_as_on_disk(self.config, self.root)
        if spelled == config:
            # Both spellings on disk now, the settings' one in use: the person is told.
            self.vault.name_warnings = warnings
            self._tell_warnings()
            return False
        log.info(
            "%s: a name from the settings, spelled differently on disk; reading the vault again",
            rel,
        )
        self._start()
        return True

    def _conflict(self, rel: str) -> None:
        """A sync conflict copy is never read as a note. A copy of the agenda may be merged
        (Tender.update_agenda); any other is told about, in the same pass."""
        if rel not in self.vault.conflicts:
            self.vault.conflicts = sorted([*self.vault.conflicts, rel])
            self._dirty = True

    def _gone(self, rel: str) -> None:
        vault = self.vault
        if rel in vault.conflicts:
            vault.conflicts = [path for path in vault.conflicts if path != rel]
            self._tell_warnings()
        known = [rel] if rel in vault.files or rel in vault.skipped else vault.known_under(rel)
        for path in known:
            vault.forget(path)
            log.debug("%s is gone", path)
        if known:
            self._dirty = True

    def _folder(self, rel: str) -> None:
        """A folder appeared or moved in: every note in it is looked at (its files may have
        been written before their folder was watched, with no event of their own)."""
        walk = walk_vault(self.root, under=rel)
        now = time.monotonic()
        for path in walk.notes:
            self.pending.retry(path, now)
        for path, reason in walk.skipped:
            self.vault.skipped[path] = (reason, None)
        present = set(walk.notes) | {p for p, _ in walk.skipped}
        for path in self.vault.known_under(rel):
            if path not in present:
                self.pending.retry(path, now)
        self._wake()

    # --- acting ----------------------------------------------------------------------------

    def _tend(self, changed: dict[str, FileState | None]) -> None:
        tender, vault = self.tender, self.vault
        self._dirty = False
        if any(in_folder(rel, vault.config.templates_folder) for rel in changed):
            tender.templates = vault.templates()
        # A prompt note is filled only when it is new or was empty before: a note that had
        # writing in it and reads empty now was emptied by the person, not asking for a prompt.
        fresh = [
            rel
            for rel, prior in changed.items()
            if rel in vault.files and (prior is None or prior.size == 0)
        ]
        present = [rel for rel in changed if rel in vault.notes]
        if fresh or any(vault.notes[rel].triggers for rel in present):
            agenda = tender.agenda()
            tender.fill_prompts(fresh, agenda)
            tender.expand_triggers(present, agenda)
        tender.update_agenda()
        if self._touches_reviews(changed):
            tender.update_reviews()
        tender.forget_unused_phrases()
        self._report()

    def _touches_reviews(self, changed: dict[str, FileState | None]) -> bool:
        """Whether a change can alter a weekly review: only notes dated before this week
        can (the reviews cover finished weeks), or a note that is gone, or a template."""
        monday = self.tender.today - dt.timedelta(days=self.tender.today.weekday())
        for rel in changed:
            note = self.vault.notes.get(rel)
            if (
                note is None
                or note.date < monday
                or in_folder(rel, self.vault.config.templates_folder)
            ):
                return True
        return False

    def _new_day(self) -> None:
        self.tender.today = self.today()
        log.info("a new day: %s", self.tender.today.isoformat())
        self.tender.ensure_daily(self.tender.agenda())
        self.tender.update_agenda()
        self.tender.update_reviews()
        self._report()

    def _report(self) -> None:
        """One log line per action; a write that was put off is tried again later."""
        tender = self.tender
        retry_at = time.monotonic() + self.config.quiet_seconds
        for action in tender.report.actions:
            if action.action in ("deferred", "conflict"):
                if action.path not in self.owed:
                    log.info("%s", action)
                self.owed.add(action.path)
                self._put_off.add(action.path)
                self.pending.retry(action.path, retry_at)
            elif action.action in _TROUBLE:
                log.warning("%s", action)
            else:
                log.info("%s", action)
        self._problems = tender.report.problems
        tender.report = Report()
        tender.written.save()
        self._tell_warnings()

    def _tell_warnings(self) -> None:
        """Each skipped file, each note's warning and each note left alone (its markers, say)
        once, when it first appears."""
        vault = self.vault
        current = {f"warning: {line}": "" for line in self._problems}
        for rel, (reason, line) in vault.skipped.items():
            current[f"skipped {rel}{f':{line}' if line else ''}: {reason}"] = rel
        for rel in vault.conflicts:
            current[f"skipped {rel}: a sync conflict copy; merge it by hand"] = rel
        for line in vault.name_warnings:
            current[f"warning: {line}"] = ""
        for rel in vault.warned:
            for warning in vault.notes[rel].warnings:
                current[f"warning: {warning}"] = rel
        for line in sorted(set(current) - self._told):
            log.warning("%s", line)
        self._told = set(current)

    # --- settings --------------------------------------------------------------------------

    def _config_signature(self) -> tuple:
        stamps = []
        for rel in sorted(CONFIG_FILES):
            try:
                st = os.stat(self.root / rel)
                stamps.append((rel, st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:
                stamps.append((rel, None))
        return tuple(stamps)

    def _reload_config(self) -> bool:
        """Read the settings again; True when they changed and the vault was read again."""
        self._config_stamp = self._config_signature()
        try:
            config, warnings = load_config(self.root)
        except ConfigError as exc:
            log.error("error %s (the settings in force are kept)", exc)
            return False
        if config == self.config:
            return False
        log.info("settings changed: reading the vault again")
        polling_changed = config.polling != self.config.polling
        self.config = config
        self.pending.quiet_seconds = config.quiet_seconds
        if polling_changed:
            self._stop_observer()
            self._start_observer()
        for warning in warnings:
            log.warning("warning: %s", warning)
        self._start()
        return True


def _identity(path: Path) -> tuple[int, int] | None:
    """The folder at `path` as the kernel knows it, or None when there is no folder there."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


def _setting_paths(config: Config) -> list[str]:
    return [
        config.agenda_note,
        config.daily_folder,
        config.templates_folder,
        config.sessions_folder,
        config.reviews_folder,
        *config.prompt_folders,
    ]


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_mtime_ns, st.st_size, st.st_ino


def _stamp_of(state: FileState) -> tuple[int, int, int]:
    return state.mtime_ns, state.size, state.inode
