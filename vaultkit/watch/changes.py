"""What one quiet path turned out to be: a note changed, new or gone, a folder moved in, a
sync conflict copy, a settings file. The vault is told (Vault methods); the notes whose
content changed are collected for the pass that follows."""

from __future__ import annotations

import logging
import os
import stat
import time
from pathlib import Path
from typing import Protocol

from vaultkit.settings.config import Config
from vaultkit.settings.spelling import spelled_as_on_disk
from vaultkit.settings.table import SETTINGS_FILES
from vaultkit.store.reading import FileState, Unreadable, read_note
from vaultkit.store.walk import link_problem, name_problem, walk_vault
from vaultkit.text.ignore import in_folder, is_sync_conflict
from vaultkit.text.names import nfc
from vaultkit.watch.tending import Tending

log = logging.getLogger("vaultkit")

# A note that had writing in it and reads empty is most likely mid-save (truncate, then
# write). It is only believed empty once it has stayed so for this long.
EMPTY_SETTLE_SECONDS = 30.0


class Host(Protocol):
    """The daemon, as the change handling needs it."""

    root: Path

    @property
    def config(self) -> Config: ...  # the settings as written

    def reload_config(self) -> bool: ...
    def restart(self) -> None: ...
    def wake(self) -> None: ...


def look(session: Tending, host: Host, rel: str, changed: dict[str, FileState | None]) -> None:
    """Look at one quiet path; a note whose bytes changed goes into `changed` (with its state
    before, None when new)."""
    vault = session.vault
    if rel in SETTINGS_FILES:
        host.reload_config()
        return
    path = host.root / rel
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return _gone(session, rel)
    if stat.S_ISDIR(st.st_mode):
        return _folder(session, host, rel)
    if not rel.lower().endswith(".md"):
        return
    if is_sync_conflict(rel):
        # Never read as a note. A copy of the agenda may be merged (agenda_step.py); any other
        # is told about, in the same pass.
        if vault.add_conflict(rel):
            session.memory.dirty = True
        return
    prior = vault.files.get(rel)
    if prior is None and _respelled(session, host, rel):
        return
    problem = name_problem(rel)
    if problem is None and stat.S_ISLNK(st.st_mode):
        problem = link_problem(str(path), str(host.root))
    if problem:
        vault.forget(rel)
        vault.pass_over(rel, problem)
        session.memory.dirty = True
        return
    if stat.S_ISLNK(st.st_mode):
        st = os.stat(path)
    if prior is not None and stamp(st) == stamp_of(prior):
        return  # nothing new: a read, a touch, or vaultkit's own write
    try:
        state = read_note(host.root, rel)
    except Unreadable:
        vault.refresh(rel)  # records why it is passed over
        session.memory.dirty = True
        return
    if prior is not None and state.digest == prior.digest:
        vault.restamp(rel, state)  # same bytes under a new stat: nothing to do
        return
    if prior is not None and prior.size and not state.size:
        age = time.time() - state.mtime
        if age < EMPTY_SETTLE_SECONDS:
            log.debug("%s reads empty; waiting to see if it is mid-save", rel)
            session.pending.retry(rel, time.monotonic() + EMPTY_SETTLE_SECONDS - age)
            return
    vault.store(rel, state)
    changed[rel] = prior
    session.memory.dirty = True


def _respelled(session: Tending, host: Host, rel: str) -> bool:
    """A new note under a name from the settings in another Unicode spelling (a prompt
    folder synced in from a Mac, say): the settings are spelled as on disk again and, if
    that changes them, the vault is read again (True)."""
    config = session.vault.config
    wanted = nfc(rel)
    if not any(
        path and not in_folder(rel, path) and in_folder(wanted, nfc(path))
        for path in _setting_paths(config)
    ):
        return False
    spelled, warnings = spelled_as_on_disk(host.config, host.root)
    if spelled == config:
        # Both spellings on disk now, the settings' one in use: the person is told.
        session.vault.set_name_warnings(warnings)
        session.tell_warnings()
        return False
    log.info(
        "%s: a name from the settings, spelled differently on disk; reading the vault again",
        rel,
    )
    host.restart()
    return True


def _gone(session: Tending, rel: str) -> None:
    vault = session.vault
    if vault.drop_conflict(rel):
        session.tell_warnings()
    known = [rel] if rel in vault.files or rel in vault.skipped else vault.known_under(rel)
    for path in known:
        vault.forget(path)
        log.debug("%s is gone", path)
    if known:
        session.memory.dirty = True


def _folder(session: Tending, host: Host, rel: str) -> None:
    """A folder appeared or moved in: every note in it is looked at (its files may have
    been written before their folder was watched, with no event of their own)."""
    walk = walk_vault(host.root, under=rel)
    now = time.monotonic()
    for path in walk.notes:
        session.pending.retry(path, now)
    for path, reason in walk.skipped:
        session.vault.pass_over(path, reason)
    present = set(walk.notes) | {p for p, _ in walk.skipped}
    for path in session.vault.known_under(rel):
        if path not in present:
            session.pending.retry(path, now)
    host.wake()


def _setting_paths(config: Config) -> list[str]:
    return [
        config.agenda_note,
        config.daily_folder,
        config.templates_folder,
        config.sessions_folder,
        config.reviews_folder,
        *config.prompt_folders,
    ]


def stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_mtime_ns, st.st_size, st.st_ino


def stamp_of(state: FileState) -> tuple[int, int, int]:
    return state.mtime_ns, state.size, state.inode
