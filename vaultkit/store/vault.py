"""The vault as read from disk: every note parsed, every file passed over with its reason.

Only what the agenda needs is kept of each note; the bytes are kept only of the few files
vaultkit may write or render from (`keeps_bytes`). An unchanged note is taken from the index
cache (note_cache.py) instead of being read again.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from vaultkit.facts.agenda import is_private
from vaultkit.facts.agenda_index import AgendaIndex
from vaultkit.render.support import may_be_plan
from vaultkit.render.templates import TemplateSet
from vaultkit.settings.config import Config
from vaultkit.settings.spelling import spelled_as_on_disk
from vaultkit.store.cached_note import CachedNote
from vaultkit.store.helper_pool import helpers_wanted
from vaultkit.store.kept_bytes import keeps_bytes
from vaultkit.store.note_cache import NoteCache
from vaultkit.store.parallel_read import read_all, state_of
from vaultkit.store.reading import FileState, Unreadable, Vanished, read_note
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.store.walk import Walk, walk_vault
from vaultkit.text.ignore import in_folder
from vaultkit.text.note import Note, parse_note
from vaultkit.text.note_lines import NotText

log = logging.getLogger("vaultkit")

# Given the number of files to read, a context manager whose value is called once per file.
Progress = Callable[[int], ContextManager[Callable[[], None]]]


@dataclass
class Vault:
    root: Path
    config: Config
    files: dict[str, FileState] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    # path -> (reason, line or None): the files passed over, one warning each
    skipped: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    temps: list[str] = field(default_factory=list)  # vaultkit's own temp files, as walked
    # a name in the settings found on disk in two Unicode spellings (see spelled_as_on_disk)
    name_warnings: list[str] = field(default_factory=list)
    # the index cache as read when the vault was loaded (see load_vault)
    cached: NoteCache | None = field(default=None, repr=False)
    # the same, with the runs helpers pickled, until the index is next saved: the runs whose
    # notes are unchanged are written again as they are (note_cache.Piece)
    index_runs: NoteCache | None = field(default=None, repr=False)
    index_changed: bool = False
    agenda_index: AgendaIndex = field(init=False, repr=False)
    warned: set[str] = field(init=False, repr=False)  # the notes with a warning
    # the notes that are a safety plan by kind or title (support.may_be_plan), kept as notes
    # come and go: every render links the plan, and must not look through every note for it
    plans: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        config = self.config
        self.agenda_index = AgendaIndex(config.agenda_note, lambda note: is_private(note, config))
        self.warned, self.plans = set(), set()
        for note in self.notes.values():
            self._index(note.path, note)

    def put(self, rel: str, state: FileState, note: Note) -> None:
        """Index a note: the one place notes enter, so the indexes never go stale."""
        self.files[rel] = state
        self.notes[rel] = note
        self._index(rel, note)

    def _index(self, rel: str, note: Note) -> None:
        self.agenda_index.add(note)
        if note.warnings:
            self.warned.add(rel)
        if may_be_plan(note):
            self.plans.add(rel)

    def refresh(self, rel: str) -> Note | None:
        """Re-read one file (after vaultkit or the person changed it); None if passed over."""
        try:
            state = read_note(self.root, rel)
        except Unreadable as exc:
            self.forget(rel)
            if not isinstance(exc, Vanished) or (self.root / rel).is_symlink():
                self.skipped[rel] = (str(exc), None)
            return None
        return self.store(rel, state)

    def store(self, rel: str, state: FileState, parsed: Note | None = None) -> Note | None:
        """Take `state` as the file's content now (`parsed`: what it says, when it was read
        elsewhere, parallel_read.py); None if it is not a note after all."""
        if rel in self.files or rel in self.skipped:  # (a first read stores 50,000 new ones)
            self.forget(rel)
        known = self.cached.same_bytes(rel, state.digest) if self.cached else None
        if known is not None:
            note = known  # only the mtime changed: the same bytes say the same things
        elif parsed is not None:
            note = parsed
        else:
            if state.data is None:  # a state as read_note gives it always holds the bytes
                raise ValueError(f"{rel}: a note is stored with the bytes it was read with")
            try:
                note = parse_note(rel, state.data, state.mtime, self.config.note_rules)
            except NotText as exc:
                self.skipped[rel] = (str(exc), exc.line)
                return None
            except Exception as exc:
                # A note vaultkit cannot make sense of is passed over like an unreadable one,
                # named, and the rest of the vault is tended; the note itself is never touched.
                reason = (
                    f"vaultkit could not read it ({type(exc).__name__}: "
                    f"{str(exc)[:80]}); the note is left as it is"
                )
                self.skipped[rel] = (reason, None)
                return None
        if not self.keeps_bytes(rel, note, state):
            if state.data is not None:  # (a helper's reads come without: _replace is slow)
                state = state._replace(data=None)
            self.index_changed = True  # a note the cache holds
        self.put(rel, state, note)
        return note

    def keeps_bytes(self, rel: str, note: Note, state: FileState) -> bool:
        """Whether the bytes of `rel` stay in memory (kept_bytes.keeps_bytes)."""
        return keeps_bytes(rel, note, state.size, self.config.agenda_note)

    def data_of(self, rel: str) -> bytes | None:
        """The bytes `rel` was read with, from memory or from disk; None if the file has
        changed since (it will be looked at again, and acted on then)."""
        state = self.files.get(rel)
        if state is None:
            return None
        if state.data is not None:
            return state.data
        try:
            now = read_note(self.root, rel)
        except Unreadable:
            return None
        return now.data if now.digest == state.digest else None

    def _reuse(self, rel: str) -> bool:
        """Take a note from the cache when its file is unchanged since (NoteCache.unchanged)."""
        found = self.cached.unchanged(self.root, rel) if self.cached else None
        if found is None:
            return False
        state, note = found
        if self.keeps_bytes(rel, note, state):
            return False  # now the agenda or a template, by other settings: its bytes are needed
        self.put(rel, state, note)
        return True

    def index_entries(self) -> dict[str, CachedNote]:
        """What the cache should hold: every note whose bytes are not kept (the others are few,
        and read again each time)."""
        return {
            rel: CachedNote(state.mtime_ns, state.size, state.digest, self.notes[rel])
            for rel, state in self.files.items()
            if state.data is None and rel in self.notes
        }

    def save_index(self) -> None:
        """Write the index cache if anything was read afresh. A cache that cannot be written
        costs speed, never correctness: say so and go on."""
        runs, self.index_runs = self.index_runs, None  # only the next save may copy them
        if not self.index_changed:
            return
        if (runs or NoteCache.at(self.root, self.config)).write(self.index_entries()):
            self.index_changed = False

    def forget(self, rel: str) -> bool:
        """Drop a file that is gone; True if it was known."""
        known = rel in self.files or rel in self.skipped
        if rel in self.files and self.files[rel].data is None:
            self.index_changed = True
        self.files.pop(rel, None)
        self.notes.pop(rel, None)
        self.agenda_index.remove(rel)
        self.warned.discard(rel)
        self.plans.discard(rel)
        self.skipped.pop(rel, None)
        return known

    def restamp(self, rel: str, state: FileState) -> None:
        """A known file's new stat, its bytes the same (a touch, a copy, a new vault folder):
        its bytes stay out of memory unless kept before, and the note in the index cache."""
        prior = self.files[rel]
        if prior.data is None:
            state = state._replace(data=None)
            if (state.mtime_ns, state.size) != (prior.mtime_ns, prior.size):
                self.index_changed = True
        self.files[rel] = state

    def pass_over(self, rel: str, reason: str, line: int | None = None) -> None:
        """Record that `rel` is passed over, and why (told once as a warning)."""
        self.skipped[rel] = (reason, line)

    def set_conflicts(self, paths: list[str]) -> None:  # sorted, as a walk finds them
        self.conflicts = paths

    def add_conflict(self, rel: str) -> bool:
        """A new sync conflict copy; True if it was not known."""
        if rel in self.conflicts:
            return False
        self.conflicts = sorted([*self.conflicts, rel])
        return True

    def drop_conflict(self, rel: str) -> bool:
        """A sync conflict copy gone (merged, or removed by the person); True if it was known."""
        if rel not in self.conflicts:
            return False
        self.conflicts = [path for path in self.conflicts if path != rel]
        return True

    def set_name_warnings(self, warnings: list[str]) -> None:
        """The names in the settings found on disk in two Unicode spellings, as now."""
        self.name_warnings = warnings

    def known_under(self, folder: str) -> list[str]:
        """Every file known inside `folder`, read or passed over."""
        prefix = folder + "/"
        return sorted(p for p in {*self.files, *self.skipped} if p.startswith(prefix))

    def warnings(self) -> list[str]:
        lines = [
            f"{path}:{line}: {reason}" if line else f"{path}: {reason}"
            for path, (reason, line) in sorted(self.skipped.items())
        ]
        for path in sorted(self.warned):
            lines.extend(self.notes[path].warnings)
        lines.extend(f"{path}: a sync conflict copy; merge it by hand" for path in self.conflicts)
        lines.extend(self.name_warnings)
        return lines


def templates_of(vault: Vault) -> TemplateSet:
    """The templates the vault holds (its templates folder), over vaultkit's own."""
    folder = vault.config.templates_folder
    user = {}
    for path in vault.notes:
        if in_folder(path, folder) and path.lower().endswith(".md"):
            name = path[len(folder) + 1 : -3] if folder else path[:-3]
            data = vault.files[path].data  # a template's bytes are kept (keeps_bytes)
            if data is not None:
                user[name] = (path, data.decode("utf-8").lstrip("\ufeff"))
    return TemplateSet(builtin_templates_dir(), user)


def load_vault(
    root: Path,
    config: Config,
    *,
    cache: bool = False,
    progress: Progress | None = None,
    stopping: Callable[[], bool] = lambda: False,
    opened: Callable[[Vault], None] | None = None,
    parallel: bool = False,
    walk: Walk | None = None,
) -> Vault:
    """Read the vault. With `cache`, notes unchanged since the index cache was written are
    taken from it; `progress` is told how many files are read afresh, and of each one. When
    `stopping()` turns true the reading ends early: the vault is then incomplete, and only
    good for saving the index of what was read. `opened` is given the vault before any note is
    read, so a reading cut short by an exception still leaves what was read to be saved.
    With `parallel`, many notes to read are read on every core (parallel_read.py), by
    helper processes that import the main module again: a program asks for it only when its
    main module is safe to import (the command line is). `walk` is the vault's walk when the
    caller has just walked it (a first read begun ahead, first_read.py).

    The vault's config is `config` with its paths spelled as on disk (spelled_as_on_disk):
    everything that tends the vault takes it from here, never from the settings as typed."""
    with _collector_paused():
        return _read_vault(root, config, cache, progress, stopping, opened, parallel, walk)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Tens of thousands of notes, items and states are made while a vault is read, and none
    is garbage: the collector would walk the whole growing heap again and again (a third of
    a warm start at 50,000 notes). What was read is then frozen (gc.freeze): it lives as
    long as the vault, and a collection set off by anything after would otherwise walk all of
    it, first as the youngest generation, then the middle, then the oldest (a tenth of a cold
    `run` at 10,000 notes). A frozen note is still freed when nothing refers to it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _read_vault(
    root: Path,
    config: Config,
    cache: bool,
    progress: Progress | None,
    stopping: Callable[[], bool],
    opened: Callable[[Vault], None] | None,
    parallel: bool,
    walk: Walk | None,
) -> Vault:
    if walk is None or walk.root != root:  # (a walk of another folder is no walk of this one)
        walk = walk_vault(root)
    config, name_warnings = spelled_as_on_disk(config, root)
    vault = Vault(
        root, config, conflicts=walk.conflicts, temps=walk.temps, name_warnings=name_warnings
    )
    vault.skipped.update({path: (reason, None) for path, reason in walk.skipped})
    if opened is not None:
        opened(vault)
    runs = NoteCache.at(root, config)
    if cache:
        vault.cached = runs.read()
    vault.index_runs = runs
    to_read = []
    for rel in walk.notes:
        if stopping():
            vault.cached = None
            return vault  # nothing read afresh: the index stays as it was
        if not vault._reuse(rel):
            to_read.append(rel)
    # Gone since the cache was written; a note read afresh marks the index changed in store().
    vault.index_changed = vault.cached is not None and vault.cached.holds_others(walk.notes)
    with (progress or _no_progress)(len(to_read)) as step:
        found = read_all(
            str(root),
            to_read,
            config.note_rules,
            config.agenda_note,
            vault.cached.reusable(to_read) if vault.cached else {},
            stopping,
            step,
            helpers_wanted(len(to_read)) if parallel else 0,
            runs.add_piece,
        )
        for rel, fields, note in found:
            if fields is None:
                vault.refresh(rel)  # passed over: read again here, to say why
            else:
                vault.store(rel, state_of(fields), note)  # note None: the cached one stands
    vault.cached = None  # only needed while loading; the index lives on in vault.notes
    return vault


@contextmanager
def _no_progress(total: int) -> Iterator[Callable[[], None]]:
    yield lambda: None
