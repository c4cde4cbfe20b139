"""One pass over a vault: today's page, prompt notes, trigger lines, ticks, and the agenda.

Each step is also callable on its own, so the daemon can run just what one change needs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .agenda import Agenda, build_agenda, ticked_lines
from .agenda_copies import agenda_copies, copy_ticks, mergeable, read_copy, remove_if_unchanged
from .agenda_note import generated_part, splice
from .config import Config
from .edits import replace_lines, tick_line
from .ignore import in_folder
from .moment import format_moment
from .note import parse_note
from .reading import FileState, digest_of
from .templates import NOT_TRIGGERS, TemplateProblem, TemplateSet, choose_prompt, render, \
    strip_frontmatter
from .vault import Vault, load_vault
from .writer import Outcome, sweep_stale_temps, write_note


@dataclass(frozen=True)
class Change:
    path: str
    old: bytes | None  # None: a new file
    new: bytes
    action: str  # created, filled, expanded, ticked, updated
    detail: str = ""
    inode: int | None = None


@dataclass(frozen=True)
class Action:
    action: str  # what happened: created, filled, ..., deferred, conflict, refused, error
    path: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.action} {self.path}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class Report:
    actions: list[Action] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0  # files passed over (a note read without its bad frontmatter is not)

    @property
    def trouble(self) -> bool:
        """Something was skipped or put off: the run's exit status is 1."""
        return bool(self.skipped) or any(
            a.action in ("deferred", "conflict", "refused", "error") for a in self.actions)


class Tender:
    """Applies vaultkit's changes to one loaded vault, through the one writer."""

    def __init__(self, vault: Vault, today: dt.date, *, dry_run: bool = False,
                 now: dt.datetime | None = None, clock: Callable[[], float] = time.time,
                 out=None, stopping: Callable[[], bool] = lambda: False):
        self.vault, self.config, self.today = vault, vault.config, today
        self.dry_run, self.now, self.clock = dry_run, now, clock
        self.out = out or sys.stdout
        self.stopping = stopping
        self.report = Report()
        self.templates: TemplateSet = vault.templates()
        # What each note looked like right after vaultkit wrote it (mtime_ns, size, inode).
        self.own_writes: dict[str, tuple[int, int, int]] = {}
        # Sync conflict copies of the agenda being merged in this pass, and their ticks.
        self._copies: dict[str, bytes] = {}
        self._copy_ticks: set[str] = set()

    # --- rendering --------------------------------------------------------------------------

    def variables(self, kind: str, title: str, day: dt.date, agenda: Agenda) -> dict:
        now = self.now if self.now is not None and self.now.date() == day \
            else dt.datetime.combine(day, dt.time())
        return {
            "title": title,
            "date": day,
            "now": now,
            "config": self.config.as_dict(),
            "prompt": choose_prompt(self.templates.prompts(kind), day),
            "threads": list(agenda.threads),
            "agenda": agenda,
        }

    def render(self, kind: str, title: str, day: dt.date, agenda: Agenda) -> str:
        formats = {"date": self.config.date_format, "time": self.config.time_format,
                   "daily": self.config.daily_format}
        return render(self.templates.get(kind), self.variables(kind, title, day, agenda),
                      date_formats=formats)

    def agenda(self) -> Agenda:
        note = self.config.agenda_note
        old = self.vault.files[note].data if note in self.vault.files else None
        index = self.vault.agenda_index
        return build_agenda(index.inputs(self.today), self.config, self.today,
                            ticked_lines(generated_part(old)) | self._copy_ticks,
                            titles=index.titles)

    # --- writing ----------------------------------------------------------------------------

    def apply(self, change: Change) -> bool:
        """Write one change (or show it, in a dry run); True when the vault now holds it."""
        if self.stopping():
            return False  # the daemon is shutting down: the next start finishes this
        if self.dry_run:
            self._show(change)
            self._assume(change.path, change.new)
            self.report.actions.append(Action(change.action, change.path, change.detail))
            return True
        result = write_note(self.vault.root, change.path, change.new, expect=change.old,
                            quiet_seconds=self._quiet_for(change.path),
                            expect_inode=change.inode, clock=self.clock)
        if result.outcome is Outcome.WRITTEN:
            self.vault.refresh(change.path)
            state = self.vault.files.get(change.path)
            if state:
                self.own_writes[change.path] = (state.mtime_ns, state.size, state.inode)
            self.report.actions.append(Action(change.action, change.path, change.detail))
            return True
        if result.outcome is not Outcome.UNCHANGED:
            self.report.actions.append(Action(result.outcome.value, change.path, result.reason))
        return False

    def _quiet_for(self, rel: str) -> float:
        """The quiet period protects the person's saves; a note still exactly as vaultkit last
        wrote it (the agenda, typically) was not saved by them, so it needs none."""
        state = self.vault.files.get(rel)
        if state and self.own_writes.get(rel) == (state.mtime_ns, state.size, state.inode):
            return 0.0
        return self.config.quiet_seconds

    def _assume(self, rel: str, data: bytes) -> None:
        now = self.clock()
        self.vault.put(rel, FileState(data, now, int(now * 1e9), len(data), 0, digest_of(data)),
                       parse_note(rel, data, now, self.config))

    def _show(self, change: Change) -> None:
        old = (change.old or b"").decode("utf-8", "replace").splitlines(keepends=True)
        new = change.new.decode("utf-8", "replace").splitlines(keepends=True)
        before = "/dev/null" if change.old is None else f"a/{change.path}"
        self.out.writelines(difflib.unified_diff(old, new, before, f"b/{change.path}"))

    def error(self, path: str, message: str) -> None:
        self.report.actions.append(Action("error", path, message))

    # --- the steps --------------------------------------------------------------------------

    def daily_path(self, day: dt.date) -> str:
        name = format_moment(day, self.config.daily_format) + ".md"
        return f"{self.config.daily_folder}/{name}" if self.config.daily_folder else name

    def ensure_daily(self, agenda: Agenda) -> None:
        path = self.daily_path(self.today)
        if path in self.vault.files or (self.vault.root / path).exists():
            return
        kind = self._daily_template()
        if kind is None:
            return
        title = path.rsplit("/", 1)[-1][:-3]
        try:
            text = self.render(kind, title, self.today, agenda)
        except TemplateProblem as exc:
            return self.error(path, str(exc))
        self.apply(Change(path, None, text.encode("utf-8"), "created", "daily page"))

    def _daily_template(self) -> str | None:
        name = self.config.daily_template
        if "/" in name:  # Obsidian names a vault path without .md
            name = name[len(self.config.templates_folder) + 1:] if in_folder(
                name, self.config.templates_folder) else name
        kind = self.templates.resolve(name)
        if kind is None:
            self.error(self.daily_path(self.today), f"daily template '{name}' not found")
        return kind

    def prompt_kind(self, path: str) -> str | None:
        """The template of the prompt folder a note sits in (the deepest folder wins)."""
        folders = [f for f in self.config.prompt_folders if in_folder(path, f)]
        return self.config.prompt_folders[max(folders, key=len)] if folders else None

    def fill_prompts(self, paths: Iterable[str], agenda: Agenda) -> None:
        for path in sorted(paths):
            state = self.vault.files.get(path)
            name = self.prompt_kind(path)
            if state is None or state.size or name is None:
                continue
            kind = self.templates.resolve(name)
            if kind is None:
                self.error(path, f"prompt folder template '{name}' not found")
                continue
            note = self.vault.notes[path]
            day = note.date if note.date_source == "name" else self.today
            try:
                text = self.render(kind, note.title, day, agenda)
            except TemplateProblem as exc:
                self.error(path, str(exc))
                continue
            self.apply(Change(path, b"", text.encode("utf-8"), "filled", kind, state.inode))

    def expand_triggers(self, paths: Iterable[str], agenda: Agenda) -> None:
        for path in sorted(paths):
            note = self.vault.notes.get(path)
            if note is None or not note.triggers or path == self.config.agenda_note:
                continue
            replacements, kinds = {}, []
            for line, name in note.triggers:
                kind = self.templates.resolve(name)
                if kind is None or name.lower() in NOT_TRIGGERS or kind == "next-session":
                    continue
                try:
                    text = strip_frontmatter(self.render(kind, note.title, note.date, agenda))
                except TemplateProblem as exc:
                    self.error(path, str(exc))
                    replacements = {}
                    break
                replacements[line] = text
                kinds.append(kind)
            if replacements:
                old = self.vault.data_of(path)
                if old is None:
                    continue  # changed since it was read: it is looked at again
                new = replace_lines(old, replacements)
                self.apply(Change(path, old, new, "expanded", ", ".join(kinds)))

    def propagate_ticks(self, agenda: Agenda) -> None:
        """A task ticked in the agenda is ticked at its source line too."""
        by_note: dict[str, list[int]] = {}
        for entry in agenda.items:
            item = entry.item
            if entry.ticked and item.is_task and not item.done and item.line >= 0:
                by_note.setdefault(item.path, []).append(item.line)
        for path, lines in sorted(by_note.items()):
            old = self.vault.data_of(path)
            if old is None:
                continue
            new = old
            for line in sorted(lines):
                new = tick_line(new, line) or new
            if new != old:
                self.apply(Change(path, old, new, "ticked", f"{len(lines)} from the agenda"))

    def update_agenda(self) -> None:
        path = self.config.agenda_note
        agenda = self.agenda()
        title = path.rsplit("/", 1)[-1][:-3]
        try:
            text = self.render("next-session", title, self.today, agenda)
        except TemplateProblem as exc:
            return self.error(path, str(exc))
        state = self.vault.files.get(path)
        if state is None and (self.vault.root / path).exists():
            return  # passed over as unreadable: never written
        old = state.data if state else None
        new = splice(old, text)
        if new != old:
            self.apply(Change(path, old, new, "updated" if old else "created", "agenda"))

    def take_agenda_copies(self) -> None:
        """Take the ticks of the sync conflict copies of the agenda that hold nothing else of
        the person's (see agenda_copies.py); drop_agenda_copies() removes them once the
        agenda holds those ticks."""
        state = self.vault.files.get(self.config.agenda_note)
        current = state.data if state else None
        self._copies, self._copy_ticks = {}, set()
        for rel in agenda_copies(self.vault.conflicts, self.config.agenda_note):
            data = read_copy(self.vault.root, rel)
            if data is not None and mergeable(data, current):
                self._copies[rel] = data
                self._copy_ticks |= copy_ticks(data)

    def drop_agenda_copies(self) -> None:
        state = self.vault.files.get(self.config.agenda_note)
        kept = ticked_lines(generated_part(state.data if state else None))
        for rel, data in sorted(self._copies.items()):
            if self.dry_run or self.stopping() or not copy_ticks(data) <= kept:
                continue  # its ticks are not all in the agenda yet: next time
            if remove_if_unchanged(self.vault.root, rel, data):
                self.vault.conflicts = [path for path in self.vault.conflicts if path != rel]
                self.report.actions.append(Action(
                    "merged", rel, "a sync conflict copy of the agenda; its ticks are kept"))
        self._copies, self._copy_ticks = {}, set()

    def prompt_folder_paths(self) -> list[str]:
        return [p for p, s in self.vault.files.items() if s.size == 0 and self.prompt_kind(p)]

    def trigger_paths(self) -> list[str]:
        return [p for p, n in self.vault.notes.items() if n.triggers]

    def sweep_temps(self, temps: list[str]) -> None:
        """Remove the temp files a killed vaultkit left (see writer.sweep_stale_temps)."""
        if self.dry_run:
            return
        for rel in sweep_stale_temps(self.vault.root, temps):
            self.report.actions.append(Action("removed", rel, "a temp file a stopped vaultkit left"))

    def run_all(self) -> Report:
        self.sweep_temps(self.vault.temps)
        self.take_agenda_copies()
        agenda = self.agenda()
        self.ensure_daily(agenda)
        self.fill_prompts(self.prompt_folder_paths(), agenda)
        self.expand_triggers(self.trigger_paths(), agenda)
        self.propagate_ticks(self.agenda())
        self.update_agenda()
        self.drop_agenda_copies()
        return self.finish()

    def finish(self) -> Report:
        self.report.warnings = self.vault.warnings()
        self.report.skipped = len(self.vault.skipped)
        return self.report


def run_pass(root: Path, config: Config, today: dt.date, **options) -> Report:
    return Tender(load_vault(root, config), today, **options).run_all()
