"""One pass over a vault: today's page, prompt notes, trigger lines, ticks, and the agenda.

Each step is also callable on its own, so the daemon can run just what one change needs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .agenda import PHRASE_DAYS, SNAPSHOT_HEADING, Agenda, ChartData, build_agenda, \
    is_summary, phrase_entries, ticked_lines
from .agenda_copies import agenda_copies, copy_ticks, mergeable, read_copy, remove_if_unchanged
from .agenda_note import generated_part, splice
from .config import Config
from .edits import replace_lines, tick_line
from .ignore import in_folder
from .moment import format_moment
from .note import Note, parse_note, section_lines, section_list_items, split_lines
from .phrases import note_phrases, template_phrases
from .questions import choose_question, parse_questions, question_line
from .reading import FileState, Unreadable, digest_of, read_note
from .reviews import Review, build_review, finished_weeks, review_path, week_span
from .templates import ASK, LAYOUTS, NOT_TRIGGERS, TemplateProblem, TemplateSet, choose_prompt, \
    render, strip_frontmatter
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
        # path -> (digest, phrases): the phrases of the entries the agenda and reviews count,
        # worked out once per version of a note; `_phrases_used` says which to keep.
        self._phrase_memo: dict[str, tuple[bytes, dict[str, str]]] = {}
        self._phrases_used: set[str] = set()
        self._boilerplate: tuple[object, frozenset[str]] | None = None

    # --- rendering --------------------------------------------------------------------------

    def variables(self, kind: str, title: str, day: dt.date, agenda: Agenda,
                  review: Review | None = None, **extra) -> dict:
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
            "review": review,
            **extra,
        }

    def render(self, kind: str, title: str, day: dt.date, agenda: Agenda,
               review: Review | None = None, **extra) -> str:
        formats = {"date": self.config.date_format, "time": self.config.time_format,
                   "daily": self.config.daily_format}
        return render(self.templates.get(kind), self.variables(kind, title, day, agenda, review, **extra),
                      date_formats=formats)

    def agenda(self, since: dt.date | None = None) -> Agenda:
        note = self.config.agenda_note
        old = self.vault.files[note].data if note in self.vault.files else None
        index = self.vault.agenda_index
        # A period of the person's choosing may reach back beyond what the index keeps at hand.
        inputs = index.inputs(self.today) if since is None else list(self.vault.notes.values())
        recent = phrase_entries([n for n in inputs if not is_summary(n.path, self.config)],
                                self.today)
        return build_agenda(inputs, self.config, self.today,
                            ticked_lines(generated_part(old)) | self._copy_ticks,
                            titles=index.titles, phrases=self.phrases(recent), since=since)

    # --- phrases ----------------------------------------------------------------------------

    def phrases(self, notes: Iterable[Note]) -> dict[str, dict[str, str]]:
        """Each note's phrases (phrases.py), read from its bytes. The templates' own words and
        the sessions' threads are left out: every daily page repeats them, copied in."""
        words = self.boilerplate()
        found = {}
        for note in notes:
            state = self.vault.files.get(note.path)
            if state is None:
                continue
            self._phrases_used.add(note.path)
            known = self._phrase_memo.get(note.path)
            if known is None or known[0] != state.digest:
                data = self.vault.data_of(note.path)
                if data is None:
                    continue  # changed since it was read: counted once it is read again
                text = data.decode("utf-8", "replace")
                if note.session_date is not None:
                    # The agenda snapshot repeats the items; their own notes count them.
                    copied = {i for i, _ in section_lines(note, SNAPSHOT_HEADING)}
                    text = "\n".join(line for i, line in enumerate(split_lines(text))
                                      if i not in copied)
                known = (state.digest, note_phrases(text, words))
                self._phrase_memo[note.path] = known
            found[note.path] = known[1]
        return found

    def boilerplate(self) -> frozenset[str]:
        # The threads copied into the pages phrases are counted in: those of the sessions
        # before the oldest such page, or since.
        days = max(PHRASE_DAYS, 7 * (self.config.reviews_weeks + 1)) + 31
        sessions = self.vault.agenda_index.session_notes(self.today - dt.timedelta(days=days))
        key = (self.templates, tuple((n.path, n.lines) for n in sessions))
        if self._boilerplate is None or self._boilerplate[0] != key:
            threads = ["\n".join(section_list_items(n, self.config.threads_heading))
                       for n in sessions]
            words = template_phrases([*self.templates.texts(), *threads])
            self._boilerplate = (key, words)
            self._phrase_memo = {}  # worked out without these words
        return self._boilerplate[1]

    def forget_unused_phrases(self) -> None:
        """Keep only the phrases of notes counted since the last call: memory stays the size
        of a few weeks of entries however long the daemon runs."""
        self._phrase_memo = {p: v for p, v in self._phrase_memo.items()
                             if p in self._phrases_used}
        self._phrases_used = set()

    # --- writing ----------------------------------------------------------------------------

    def apply(self, change: Change, quiet: float | None = None) -> bool:
        """Write one change (or show it, in a dry run); True when the vault now holds it.
        `quiet` overrides the quiet period (for files vaultkit alone writes)."""
        if self.stopping():
            return False  # the daemon is shutting down: the next start finishes this
        if self.dry_run:
            self._show(change)
            if change.path.lower().endswith(".md"):
                self._assume(change.path, change.new)
            self.report.actions.append(Action(change.action, change.path, change.detail))
            return True
        result = write_note(self.vault.root, change.path, change.new, expect=change.old,
                            quiet_seconds=self._quiet_for(change.path) if quiet is None
                            else quiet,
                            expect_inode=change.inode, clock=self.clock)
        if result.outcome is Outcome.WRITTEN:
            if not change.path.lower().endswith(".md"):
                self.report.actions.append(Action(change.action, change.path, change.detail))
                return True  # not a note: nothing to index
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
                if name.lower() == ASK:
                    question = self.question(path, note, line)
                    if question:
                        replacements[line] = question
                        kinds.append("a question")
                    continue
                kind = self.templates.resolve(name)
                if kind is None or name.lower() in NOT_TRIGGERS or kind in LAYOUTS:
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

    def question(self, path: str, note: Note, line: int) -> str | None:
        """The line that replaces an `{{ask}}` trigger: one question about what the entry
        above it names (questions.py); None when there is none to ask."""
        data = self.vault.data_of(path)
        if data is None:
            return None
        questions = parse_questions(self.templates.text("prompts/ask"))
        lines = split_lines(data.decode("utf-8", "replace"))
        question = choose_question(lines, line, note.date, questions)
        return question_line(question) + "\n" if question else None

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
        if agenda.chart and agenda.chart_data:
            self.write_chart(agenda.chart, agenda.chart_data, "Mood since the last session")

    def write_chart(self, rel: str, data: ChartData, title: str) -> None:
        """Write a mood chart (chart.py) when its bytes differ from the file's. A chart is
        vaultkit's own drawing, not a note: no quiet period, but still compare-and-swap."""
        new = data.svg(title).encode("utf-8")
        real, root = os.path.realpath(self.vault.root / rel), os.path.realpath(self.vault.root)
        if not real.startswith(root + os.sep):
            return self.error(rel, "leads outside the vault; not written")
        try:
            old = read_note(self.vault.root, rel).data
        except Unreadable as exc:
            if str(exc) != "vanished before it could be read":
                return self.error(rel, f"{exc}; not written")
            old = None
        if new != old:
            self.apply(Change(rel, old, new, "updated" if old else "created", "mood chart"),
                       quiet=0.0)

    def update_reviews(self) -> None:
        """The weekly review of each of the last few finished weeks that has entries
        (reviews.py), and its mood chart. The review's generated part sits between the same
        markers as the agenda's, so what the person adds around it is kept."""
        index = self.vault.agenda_index
        sessions = index.session_dates(self.today)
        # A review's template sees the variables every template does; the agenda is not one
        # of its inputs, so an empty one stands in.
        agenda = Agenda(self.today, None, None)
        for year, week in finished_weeks(self.today, self.config.reviews_weeks):
            start, end = week_span(year, week)
            notes = index.between(start, end)
            entries = [n for n in notes if not is_summary(n.path, self.config)]
            review = build_review(notes, self.config, year, week, sessions, index.titles,
                                  self.phrases(entries))
            if review is None:
                continue
            path = review_path(self.config, year, week)
            try:
                text = self.render("weekly-review", review.name, end, agenda, review)
            except TemplateProblem as exc:
                self.error(path, str(exc))
                continue
            state = self.vault.files.get(path)
            if state is None and (self.vault.root / path).exists():
                continue  # passed over as unreadable: never written
            old = self.vault.data_of(path) if state else None
            if state and old is None:
                continue  # changed since it was read: looked at again
            new = splice(old, text)
            if new != old:
                self.apply(Change(path, old, new, "updated" if old else "created", "weekly review"))
            if review.chart and review.chart_data:
                self.write_chart(review.chart, review.chart_data, f"Mood, week {review.name}")

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
        self.update_reviews()
        self.drop_agenda_copies()
        self.forget_unused_phrases()
        return self.finish()

    def finish(self) -> Report:
        self.report.warnings = self.vault.warnings()
        self.report.skipped = len(self.vault.skipped)
        return self.report


def run_pass(root: Path, config: Config, today: dt.date, **options) -> Report:
    return Tender(load_vault(root, config), today, **options).run_all()
