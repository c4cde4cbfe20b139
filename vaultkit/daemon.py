"""`vaultkit watch`: keeps a vault tended while a person writes in it.

The observer's thread only notes which paths may have changed (watching.py). This loop waits
until each path has been quiet for the quiet period, then looks at what really changed (stat,
then bytes, against the index) and runs the steps of `vaultkit run` for just that change. A
full rescan at start, every few minutes and after lost events is the safety net for events
that never arrive.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import select
import stat
import threading
import time
from pathlib import Path
from typing import Callable

from .cachedir import vault_cache_dir
from .config import ConfigError, load_config
from .ignore import in_folder, is_sync_conflict
from .lock import VaultLock
from .quiet import QuietPaths
from .reading import FileState, Unreadable, read_note
from .tend import Report, Tender
from .vault import Vault, load_vault
from .walk import link_problem, walk_vault
from .watching import (CONFIG_FILES, POLL_SECONDS, WATCHDOG_LOGGER, LostEvents, PathHandler,
                       is_watch_limit, native_observer, observer_alive, polling_observer)

log = logging.getLogger("vaultkit")

# How often the loop checks that the observer's threads are still alive.
HEALTH_SECONDS = 30.0

# A note that had writing in it and reads empty is most likely mid-save (truncate, then
# write). It is only believed empty once it has stayed so for this long.
EMPTY_SETTLE_SECONDS = 30.0

_TROUBLE = ("deferred", "conflict", "refused", "error")

ObserverFactory = Callable[[str, Path, PathHandler], object]


def _default_observer(mode: str, root: Path, handler: PathHandler):
    return native_observer(root, handler) if mode == "native" else polling_observer(root, handler)


class Daemon:
    def __init__(self, root: Path, *, today: dt.date | None = None,
                 clock: Callable[[], float] = time.time,
                 observer_factory: ObserverFactory = _default_observer):
        self.root = Path(os.path.realpath(root))
        self.config, warnings = load_config(self.root)  # ConfigError: the caller exits 2
        for warning in warnings:
            log.warning("warning: %s", warning)
        self.pinned_day = today
        self.clock = clock  # wall time, for the date and midnight; injectable for tests
        self.observer_factory = observer_factory
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
        self._config_stamp = self._config_signature()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)

    # --- called from other threads and from signal handlers ---------------------------------

    def stop(self) -> None:
        """Finish the write in hand, then return from run()."""
        self._stopping = True
        self._wake()

    def request_rescan(self) -> None:
        self._rescan_wanted = True
        self._wake()

    def _on_paths(self, rels: list[str]) -> None:
        now = time.monotonic()
        for rel in rels:
            self.pending.touch(rel, now)
        self._wake()

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b".")
        except (BlockingIOError, OSError):
            pass  # a full pipe already means "wake up"; a closed one means we are done

    # --- the loop --------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self.pinned_day or dt.date.fromtimestamp(self.clock())

    def run(self) -> None:
        """Tend the vault until stop(). Raises LockHeld when another daemon has this vault."""
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
                finally:
                    self._stop_observer()
                    if self.vault is not None:
                        self.vault.save_index()  # the next start reads only what changes
        finally:
            logging.getLogger(WATCHDOG_LOGGER).removeHandler(lost)
            os.close(self._wake_r)
            os.close(self._wake_w)
        log.info("stopped")

    def mode_description(self) -> str:
        if self.mode == "polling":
            return f"polling every {POLL_SECONDS:g} s"
        return "file events"

    def _loop(self) -> None:
        rescan_every = self.config.rescan_minutes * 60
        next_rescan = time.monotonic() + rescan_every
        next_health = time.monotonic() + HEALTH_SECONDS
        while not self._stopping:
            deadlines = [next_rescan, next_health, self.pending.next_due(), self._midnight()]
            self._sleep(min(d for d in deadlines if d is not None) - time.monotonic())
            if self._stopping:
                break
            now = time.monotonic()
            if now >= next_health:
                self._guard("checking the watcher", self._check_observer)
                next_health = now + HEALTH_SECONDS
            if self._rescan_wanted or now >= next_rescan:
                self._rescan_wanted = False
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
        # One failure must never stop the daemon: it would keep running, deaf.
        try:
            step()
        except Exception as exc:  # noqa: BLE001
            log.error("error while %s: %s", what, exc, exc_info=log.isEnabledFor(logging.DEBUG))

    # --- the observer ----------------------------------------------------------------------

    def _start_observer(self) -> None:
        handler = PathHandler(self.root, self._on_paths)
        if not self.config.polling:
            try:
                self.observer, self.mode = self.observer_factory("native", self.root, handler), \
                    "native"
                return
            except OSError as exc:
                if not is_watch_limit(exc):
                    raise
                log.warning("warning: the system's limit on watched folders is reached (%s); "
                            "polling the vault every %g s instead. To watch natively, raise "
                            "fs.inotify.max_user_watches.", exc.strerror or exc, POLL_SECONDS)
        self.observer, self.mode = self.observer_factory("polling", self.root, handler), "polling"

    def _stop_observer(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=1.0)
            self.observer = None

    def _check_observer(self) -> None:
        if self.observer is None or observer_alive(self.observer):
            return
        # watchdog's thread ends on an error (a folder past the watch limit, say); every event
        # since may be lost, so poll from now on and rescan.
        log.warning("warning: file events stopped arriving; polling the vault every %g s "
                    "from now on", POLL_SECONDS)
        self._stop_observer()
        self.observer = self.observer_factory("polling", self.root,
                                              PathHandler(self.root, self._on_paths))
        self.mode = "polling"
        self.request_rescan()

    # --- reading the vault -----------------------------------------------------------------

    def _start(self) -> None:
        """Read the whole vault and do everything `vaultkit run` would."""
        self.vault = load_vault(self.root, self.config, cache=True,
                                stopping=lambda: self._stopping)
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
        if self._config_signature() != self._config_stamp:
            return self._reload_config()
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
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the rest
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
            vault.files[rel] = state  # same bytes under a new stat: nothing to do
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

    def _conflict(self, rel: str) -> None:
        """A sync conflict copy is never read as a note. A copy of the agenda may be merged
        (Tender.take_agenda_copies); any other is told about, in the same pass."""
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
        tender.take_agenda_copies()
        if any(in_folder(rel, self.config.templates_folder) for rel in changed):
            tender.templates = vault.templates()
        # A prompt note is filled only when it is new or was empty before: a note that had
        # writing in it and reads empty now was emptied by the person, not asking for a prompt.
        fresh = [rel for rel, prior in changed.items()
                 if rel in vault.files and (prior is None or prior.size == 0)]
        present = [rel for rel in changed if rel in vault.notes]
        if fresh or any(vault.notes[rel].triggers for rel in present):
            agenda = tender.agenda()
            tender.fill_prompts(fresh, agenda)
            tender.expand_triggers(present, agenda)
        tender.propagate_ticks(tender.agenda())
        tender.update_agenda()
        if self._touches_reviews(changed):
            tender.update_reviews()
        tender.drop_agenda_copies()
        tender.forget_unused_phrases()
        self._report()

    def _touches_reviews(self, changed: dict[str, FileState | None]) -> bool:
        """Whether a change can alter a weekly review: only notes dated before this week
        can (the reviews cover finished weeks), or a note that is gone, or a template."""
        monday = self.tender.today - dt.timedelta(days=self.tender.today.weekday())
        for rel in changed:
            note = self.vault.notes.get(rel)
            if note is None or note.date < monday or in_folder(rel, self.config.templates_folder):
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
        tender.report = Report()
        self._tell_warnings()

    def _tell_warnings(self) -> None:
        """Each skipped file and each note's warning once, when it first appears."""
        vault = self.vault
        current = {}
        for rel, (reason, line) in vault.skipped.items():
            current[f"skipped {rel}{f':{line}' if line else ''}: {reason}"] = rel
        for rel in vault.conflicts:
            current[f"skipped {rel}: a sync conflict copy; merge it by hand"] = rel
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

    def _reload_config(self) -> None:
        self._config_stamp = self._config_signature()
        try:
            config, warnings = load_config(self.root)
        except ConfigError as exc:
            log.error("error %s (the settings in force are kept)", exc)
            return
        if config == self.config:
            return
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


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_mtime_ns, st.st_size, st.st_ino


def _stamp_of(state: FileState) -> tuple[int, int, int]:
    return state.mtime_ns, state.size, state.inode
