"""One pass over a vault: today's page, prompt notes, trigger lines, ticks, and the agenda.

Each step is also callable on its own, so the daemon can run just what one change needs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from vaultkit.app.conflict_copies import agenda_copies, read_copy, remove_if_unchanged
from vaultkit.facts.agenda import (
    PHRASE_DAYS,
    SNAPSHOT_HEADING,
    Agenda,
    ChartData,
    build_agenda,
    is_counted,
    is_summary,
    last_sessions,
    phrase_entries,
    snapshot_text,
)
from vaultkit.facts.reviews import Review, build_review, finished_weeks, review_path, week_span
from vaultkit.render.support import (
    CALLOUT_START,
    SafetyPlans,
    callout,
    plan_lines,
    plan_link,
    set_apart,
)
from vaultkit.render.support import boilerplate as support_boilerplate
from vaultkit.render.templates import (
    ASK,
    HELP,
    LAYOUTS,
    NOT_TRIGGERS,
    TemplateProblem,
    TemplateSet,
    choose_prompt,
    daily_template_fallback,
    daily_template_name,
    render,
)
from vaultkit.store.cache_dir import vault_cache_dir
from vaultkit.store.own_writes import OwnWrites
from vaultkit.store.reading import FileState, Unreadable, digest_of, read_note
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.store.vault import Vault
from vaultkit.store.writer import Outcome, reason_of, sweep_stale_temps, write_note
from vaultkit.store.written_blocks import WrittenBlocks
from vaultkit.text.blocks import (
    BlockNote,
    ItemKey,
    Reading,
    Written,
    compose,
    read_block,
    render_lines,
    splice,
)
from vaultkit.text.edits import replace_lines, set_marks
from vaultkit.text.expansion import (
    as_list_item,
    fit,
    is_private_template,
    private_passage,
    section_levels,
    under_item,
)
from vaultkit.text.ignore import in_folder
from vaultkit.text.moment import format_moment
from vaultkit.text.note import Note, parse_note, section_lines, section_list_items, split_lines
from vaultkit.text.phrases import Boilerplate, EntryText, read_entry, template_boilerplate
from vaultkit.text.questions import (
    SUPPORT,
    SUPPORT_SECTION,
    choose_questions,
    keep_support,
    parse_questions,
    question_line,
)
from vaultkit.text.ticks import Decision, decide


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
    # `PATH[:LINE]: what is wrong` of a note vaultkit left alone this pass (its markers, say)
    problems: list[str] = field(default_factory=list)

    @property
    def trouble(self) -> bool:
        """Something was skipped or put off: the run's exit status is 1."""
        return (
            bool(self.skipped)
            or bool(self.problems)
            or any(a.action in ("deferred", "conflict", "refused", "error") for a in self.actions)
        )


class Tender:
    """Applies vaultkit's changes to one loaded vault, through the one writer."""

    def __init__(
        self,
        vault: Vault,
        today: dt.date,
        *,
        dry_run: bool = False,
        now: dt.datetime | None = None,
        clock: Callable[[], float] = time.time,
        out=None,
        stopping: Callable[[], bool] = lambda: False,
    ):
        self.vault, self.config, self.today = vault, vault.config, today
        self.dry_run, self.now, self.clock = dry_run, now, clock
        self.out = out or sys.stdout
        self.stopping = stopping
        self.report = Report()
        self.templates: TemplateSet = vault.templates()
        # What each note looked like right after vaultkit wrote it (own_writes.py), from
        # earlier runs too: its own writes need no quiet period.
        self.own_writes = OwnWrites(None if dry_run else vault_cache_dir(vault.root))
        self.writing = False  # inside write_note
        self._safety_plans = SafetyPlans()  # where the safety plan is, remembered between renders
        # What vaultkit last wrote in each generated block (blocks.py), by digest.
        self.written = WrittenBlocks(None if dry_run else vault_cache_dir(vault.root))
        # path -> (digest, phrases): the phrases of the entries the agenda and reviews count,
        # worked out once per version of a note; `_phrases_used` says which to keep.
        self._phrase_memo: dict[str, tuple[bytes, EntryText]] = {}
        self._phrases_used: set[str] = set()
        self._boilerplate: tuple[object, Boilerplate] | None = None

    # --- rendering --------------------------------------------------------------------------

    def variables(
        self,
        kind: str,
        title: str,
        day: dt.date,
        agenda: Agenda,
        review: Review | None = None,
        **extra,
    ) -> dict:
        now = (
            self.now
            if self.now is not None and self.now.date() == day
            else dt.datetime.combine(day, dt.time())
        )
        plan = self.safety_plan()
        return {
            "title": title,
            "date": day,
            "now": now,
            "config": self.config.as_dict(),
            "prompt": choose_prompt(self.templates.prompts(kind), day),
            "threads": list(agenda.threads),
            "agenda": agenda,
            "review": review,
            # support.py's callout: open at the top of the agenda, folded on writing pages
            "support_callout": callout(self.config, plan, collapsed=False),
            "support_callout_collapsed": callout(self.config, plan, collapsed=True),
            "support_contacts": plan_lines(self.config),  # the safety plan's crisis lines
            **extra,
        }

    def safety_plan(self) -> str | None:
        """How to link the person's safety plan (support.py), or None when there is none.
        Asked at every render, so the answer is remembered between them (SafetyPlans)."""
        path = self._safety_plans.find(self.vault.notes, self.config.templates_folder)
        return plan_link(path, self.vault.agenda_index.titles) if path else None

    def render(
        self,
        kind: str,
        title: str,
        day: dt.date,
        agenda: Agenda,
        review: Review | None = None,
        **extra,
    ) -> str:
        formats = {
            "date": self.config.date_format,
            "time": self.config.time_format,
            "daily": self.config.daily_format,
        }
        return render(
            self.templates.get(kind),
            self.variables(kind, title, day, agenda, review, **extra),
            date_formats=formats,
        )

    def agenda(self, since: dt.date | None = None) -> Agenda:
        """The agenda as it stands: the items with the marks and lines the person put in the
        agenda note (as the next regeneration will show them)."""
        base = self._build(since)
        note = self.block_note(self.config.agenda_note)
        if note.problem is not None:
            return base  # the note is left alone; the items show their sources' marks
        reading = self._read_agenda(note, base, [])
        return base.marked(
            {k: d.mark for k, d in self._decide(base, reading).items()}, reading.notes
        )

    def _build(self, since: dt.date | None = None) -> Agenda:
        index = self.vault.agenda_index
        # A period of the person's choosing may reach back beyond what the index keeps at hand.
        inputs = index.inputs(self.today) if since is None else list(self.vault.notes.values())
        recent = phrase_entries(
            [n for n in inputs if not is_summary(n.path, self.config)], self.today
        )
        return build_agenda(
            inputs,
            self.config,
            self.today,
            titles=index.titles,
            phrases=self.phrases(recent),
            since=since,
            private=index.private_names,
        )

    def _read_agenda(self, note: BlockNote, base: Agenda, copies: list[BlockNote]) -> Reading:
        """What the agenda note (and its sync conflict copies) hold of the person's."""
        items = [(e.key, e.line) for e in base.items]
        rendered: list[str] = []

        def render_now() -> list[str]:  # only when nothing better tells vaultkit's lines
            if not rendered:
                # On a template problem no line counts as vaultkit's; its error is told later.
                with contextlib.suppress(TemplateProblem):
                    rendered.extend(render_lines(self._render_agenda(base)))
            return rendered

        def read(one: BlockNote) -> Reading:
            if one.block is None:
                return Reading()
            digest = one.block.digest
            return read_block(
                one.inner(),
                digest,
                self.written.get(self.config.agenda_note, digest),
                items,
                render_now,
            )

        reading = read(note)
        for copy in copies:
            reading.take(read(copy), note.lines)
        return reading

    def _decide(self, agenda: Agenda, reading: Reading) -> dict[ItemKey, Decision]:
        decisions = {}
        for entry in agenda.items:
            last = reading.base.get(entry.key)
            decisions[entry.key] = decide(
                entry.item.mark if entry.is_task else None,
                reading.marks.get(entry.key),
                last.mark if last else None,
                last.source if last else None,
            )
        return decisions

    def _render_agenda(self, agenda: Agenda) -> str:
        title = self.config.agenda_note.rsplit("/", 1)[-1][:-3]
        return self.render("next-session", title, self.today, agenda)

    # --- phrases ----------------------------------------------------------------------------

    def phrases(self, notes: Iterable[Note]) -> dict[str, EntryText]:
        """What each note's text says to the counts (phrases.read_entry: its phrases, what
        was worked on in it, whether the person wrote in it), read from its bytes. The
        templates' own words and the sessions' threads are left out: every daily page repeats
        them, copied in. Notes the counts may not read (agenda.is_counted: private notes,
        released letters, reference notes) are not read at all."""
        words = self.boilerplate()
        found = {}
        for note in notes:
            state = self.vault.files.get(note.path)
            if state is None or not is_counted(note, self.config):
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
                    text = "\n".join(
                        line for i, line in enumerate(split_lines(text)) if i not in copied
                    )
                known = (state.digest, read_entry(text, words))
                self._phrase_memo[note.path] = known
            found[note.path] = known[1]
        return found

    def boilerplate(self) -> Boilerplate:
        """What vaultkit itself writes into notes (phrases.template_boilerplate): the
        templates and prompt lists, the threads copied from sessions, the support callout on
        every writing page (support.boilerplate). Neither a phrase of the person's nor a line
        they wrote."""
        # The threads copied into the pages phrases are counted in: those of the sessions
        # before the oldest such page, or since.
        days = max(PHRASE_DAYS, 7 * (self.config.reviews_weeks + 1)) + 31
        sessions = self.vault.agenda_index.session_notes(self.today - dt.timedelta(days=days))
        key = (self.templates, tuple((n.path, n.lines) for n in sessions))
        if self._boilerplate is None or self._boilerplate[0] != key:
            threads = [
                "\n".join(section_list_items(n, self.config.threads_heading)) for n in sessions
            ]
            # The templates and prompt lists whose words reach entries (the person's copies
            # first); not the layouts of the agenda, reviews and brief, whose wording ("came
            # back", "last time") never reaches a note and must not hide the same words of
            # the person's.
            names = self.templates.names() | {
                name[:-3] for name, _ in self.templates.builtin_files()
            }
            texts = [self.templates.text(name) for name in sorted(names - LAYOUTS)]
            # The support callout sits folded on every writing page: its lines are vaultkit's.
            words = template_boilerplate([*texts, *threads, support_boilerplate(self.config)])
            self._boilerplate = (key, words)
            self._phrase_memo = {}  # worked out without these words
        return self._boilerplate[1]

    def forget_unused_phrases(self) -> None:
        """Keep only the phrases of notes counted since the last call: memory stays the size
        of a few weeks of entries however long the daemon runs."""
        self._phrase_memo = {p: v for p, v in self._phrase_memo.items() if p in self._phrases_used}
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
        self.writing = True  # a stop waits for this write (daemon.py)
        try:
            result = write_note(
                self.vault.root,
                change.path,
                change.new,
                expect=change.old,
                quiet_seconds=self._quiet_for(change.path) if quiet is None else quiet,
                expect_inode=change.inode,
                clock=self.clock,
            )
        finally:
            self.writing = False
        if result.outcome is Outcome.WRITTEN:
            if not change.path.lower().endswith(".md"):
                self.report.actions.append(Action(change.action, change.path, change.detail))
                return True  # not a note: nothing to index
            self.vault.refresh(change.path)
            state = self.vault.files.get(change.path)
            if state:
                self.own_writes.remember(change.path, (state.mtime_ns, state.size, state.inode))
            self.report.actions.append(Action(change.action, change.path, change.detail))
            return True
        if result.outcome is not Outcome.UNCHANGED:
            self.report.actions.append(Action(result.outcome.value, change.path, result.reason))
        return False

    def _quiet_for(self, rel: str) -> float:
        """The quiet period protects the person's saves; a note still exactly as vaultkit last
        wrote it (the agenda, typically) was not saved by them, so it needs none."""
        state = self.vault.files.get(rel)
        if state and self.own_writes.is_as_left(rel, (state.mtime_ns, state.size, state.inode)):
            return 0.0
        return self.config.quiet_seconds

    def _assume(self, rel: str, data: bytes) -> None:
        now = self.clock()
        self.vault.put(
            rel,
            FileState(data, now, int(now * 1e9), len(data), 0, digest_of(data)),
            parse_note(rel, data, now, self.config.note_rules),
        )

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
        if path in self.vault.files or os.path.lexists(self.vault.root / path):
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
        name = daily_template_name(self.config)
        kind = self.templates.resolve(name)
        if kind is None:
            self.error(self.daily_path(self.today), f"daily template '{name}' not found")
            return None
        # The person's own template named but missing: the page is still made, from the
        # built-in one, and the pass says so (doctor too) rather than fall back in silence.
        warning = daily_template_fallback(self.config, kind, self.vault.files)
        if warning and warning not in self.report.problems:
            self.report.problems.append(warning)
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
        """Replace each note's trigger lines (expansion.py says how a template fits there). A
        trigger written as a list item takes a result of one line as that item; a template
        that cannot be one is left where it is and said, as the person can move it."""
        for path in sorted(paths):
            note = self.vault.notes.get(path)
            if note is None or not note.triggers or path == self.config.agenda_note:
                continue
            old = self.vault.data_of(path)
            if old is None:
                continue  # changed since it was read: it is looked at again
            lines = split_lines(old.decode("utf-8", "replace"))
            listed = dict(note.list_triggers)
            levels = section_levels(
                lines, note.body_start, [line for line, _ in note.triggers if line not in listed]
            )
            # blocks: the lines replaced by more than a line of text, set apart from their
            # neighbours so that neither runs into the other (a callout swallows the line
            # below it, a quote joins the one above).
            replacements, kinds, blocks = {}, [], set()
            questions = self.questions(path, note)
            for line, name in note.triggers:
                marker = listed.get(line)
                if name.lower() == HELP:
                    # The support callout, whatever template a person may have called "help".
                    # In a list too: it cannot be an item, and takes the item's place instead,
                    # where it was asked for, rather than waiting at the end of the list.
                    replacements[line] = callout(self.config, self.safety_plan(), collapsed=True)
                    blocks.add(line)
                    kinds.append("{{help}}")
                    continue
                if name.lower() == ASK:
                    asked = questions.get(line)
                    if asked and asked.startswith(CALLOUT_START):
                        blocks.add(line)  # support, in a list too, as for {{help}}
                    elif asked and marker is not None:
                        asked = as_list_item(marker, asked)
                    if asked:
                        replacements[line] = asked
                        # The same words whether a question or support took its place: what
                        # was written above it is not the log's business.
                        kinds.append("{{ask}}")
                    continue
                kind = self.templates.resolve(name)
                if kind is None or name.lower() in NOT_TRIGGERS or kind in LAYOUTS:
                    continue
                try:
                    text = self.render(kind, note.title, note.date, agenda)
                except TemplateProblem as exc:
                    self.error(path, str(exc))
                    replacements = {}
                    break
                if marker is None:
                    fitted = fit(text, levels[line])
                    # A letter's privacy goes with it into whatever page it is written in.
                    replacements[line] = (
                        private_passage(fitted) if is_private_template(text) else fitted
                    )
                    blocks.add(line)
                else:
                    item = as_list_item(marker, text)
                    if item is None:
                        self.report.problems.append(
                            f"{path}:{line + 1}: {{{{{name}}}}} inside a list cannot be expanded "
                            f"there; put it on a line of its own"
                        )
                        continue
                    replacements[line] = item
                kinds.append(kind)
            if replacements:
                for line in replacements:
                    if line not in listed:
                        # A trigger indented under a list item (`- before` / `  {{free}}`):
                        # the result goes there, indented as the trigger was, so that the
                        # item and the lines after it stay one.
                        replacements[line] = under_item(replacements[line], lines[line])
                if blocks:
                    set_apart(replacements, blocks, lines)
                new = replace_lines(old, replacements)
                self.apply(Change(path, old, new, "expanded", ", ".join(kinds)))

    def questions(self, path: str, note: Note) -> dict[int, str]:
        """The lines that replace a note's `{{ask}}` triggers: one question each about what
        the entry above it names (questions.py), all chosen in one reading of the note, or
        the support callout, open, where the lines above read as a risk statement; a trigger
        with no question to ask is left out."""
        asks = [line for line, name in note.triggers if name.lower() == ASK]
        data = self.vault.data_of(path) if asks else None
        if data is None:
            return {}
        questions = parse_questions(self.templates.text("prompts/ask"))
        if SUPPORT_SECTION not in questions.cues:
            builtin = builtin_templates_dir() / "prompts" / "ask.md"
            questions = keep_support(questions, parse_questions(builtin.read_text("utf-8")))
        lines = split_lines(data.decode("utf-8", "replace"))
        chosen = choose_questions(lines, asks, note.date, questions)
        support = (
            callout(self.config, self.safety_plan(), collapsed=False)
            if SUPPORT in chosen.values()
            else ""
        )
        return {
            line: support if q == SUPPORT else question_line(q) + "\n"
            for line, q in chosen.items()
            if q
        }

    def update_agenda(self) -> None:
        """Regenerate the agenda note: carry tick changes between it and the sources, keep the
        lines the person wrote in it (and in its sync conflict copies), write the block."""
        path = self.config.agenda_note
        note = self.block_note(path)
        if note.problem is not None:
            if note.problem:
                self.report.problems.append(note.problem)
            return
        copies = self._agenda_copies(note)
        for _ in range(2):  # again once the sources took new marks: they change the agenda
            base = self._build()
            reading = self._read_agenda(note, base, list(copies.values()))
            decisions = self._decide(base, reading)
            if not self._write_marks(base, decisions):
                break
        for entry in base.items:
            if decisions[entry.key].conflict:
                self.report.actions.append(
                    Action(
                        "kept",
                        entry.item.path,
                        f"'{entry.text}' was changed here and in the "
                        f"agenda; the source's [{decisions[entry.key].mark}] is kept",
                    )
                )
        agenda = base.marked({k: d.mark for k, d in decisions.items()}, reading.notes)
        for entry in agenda.set_down:
            # The quiet list of what was set down is one collapsed line: lines written under
            # such an item go below the block with it, as for any item that left.
            lines = reading.notes.pop(entry.key, None)
            if lines:
                reading.orphans.append((f"- [{entry.mark}] {entry.line}", lines))
        try:
            text = self._render_agenda(agenda)
        except TemplateProblem as exc:
            return self.error(path, str(exc))
        written = compose(
            render_lines(text),
            [(e.key, e.line) for e in agenda.items],
            reading.notes,
            {e.key: e.item.mark if e.is_task else None for e in agenda.items},
        )
        if self._write_block(note, written, reading, "agenda"):
            self._drop_copies(copies)
        if agenda.chart and agenda.chart_data:
            self.write_chart(agenda.chart, agenda.chart_data, "Mood since the last session")

    def _write_marks(self, agenda: Agenda, decisions: dict[ItemKey, Decision]) -> bool:
        """Copy the marks decided for tasks to their source lines; True if any was written."""
        by_note: dict[str, list[tuple[int, str]]] = {}
        for entry in agenda.items:
            mark = decisions[entry.key].write
            if mark is not None and entry.item.line >= 0:
                by_note.setdefault(entry.item.path, []).append((entry.item.line, mark))
        wrote = False
        for path, marks in sorted(by_note.items()):
            old = self.vault.data_of(path)
            if old is None:
                continue  # changed since it was read: looked at again
            new = set_marks(old, dict(marks))
            detail = (
                f"[{marks[0][1]}] from the agenda"
                if len(marks) == 1
                else f"{len(marks)} marks from the agenda"
            )
            if new != old:
                action = "ticked" if all(m != " " for _, m in marks) else "marked"
                wrote |= self.apply(Change(path, old, new, action, detail))
        return wrote

    def block_note(self, path: str) -> BlockNote:
        """A note vaultkit writes a block into, as it stands; with a problem when it must be
        left alone."""
        state = self.vault.files.get(path)
        if state is None:
            where = self.vault.root / path
            if where.is_dir():
                return BlockNote(
                    path,
                    None,
                    problem=f"{path}: a folder has this name; vaultkit writes it only as a note",
                )
            if os.path.lexists(where):
                return BlockNote(path, None, problem="")  # passed over, and told so already
            return BlockNote(path, None)
        data = self.vault.data_of(path)
        if data is None:
            return BlockNote(path, None, problem="")  # changed since it was read: next time
        return BlockNote.parse(path, data)

    def _write_block(self, note: BlockNote, written: Written, reading: Reading, what: str) -> bool:
        """Write a block into its note, the person's loose lines just below it; True when the
        vault holds it afterwards."""
        below = list(reading.loose)
        snapshot = self._last_snapshot() if reading.orphans else set()
        for item_line, lines in reading.orphans:
            # An item that left the agenda took its lines into the session's snapshot; any
            # other's lines go below the block, with the item line for context.
            if not all(line.strip() in snapshot for line in lines if line.strip()):
                below.extend([item_line, *lines])
        old = note.text
        new = splice(old or "", note.block, written, below)
        done = new == old or self.apply(
            Change(
                note.path,
                None if old is None else old.encode("utf-8"),
                new.encode("utf-8"),
                "updated" if old else "created",
                what,
            )
        )
        if done:
            self.written.put(note.path, written)
            if below:
                count = sum(1 for line in below if line.strip())
                self.report.actions.append(
                    Action(
                        "moved",
                        note.path,
                        f"{count} line{'s' if count != 1 else ''} written inside "
                        f"the generated part, now just below it",
                    )
                )
        return done

    def _last_snapshot(self) -> set[str]:
        """The lines of the latest session note's snapshot of the agenda."""
        sessions = last_sessions(self.vault.agenda_index.session_notes(dt.date.min), self.today)
        return snapshot_text(sessions[-1]) if sessions else set()

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
            self.apply(
                Change(rel, old, new, "updated" if old else "created", "mood chart"), quiet=0.0
            )

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
            # Read only what a review may count: its own words decide which days were written.
            entries = [n for n in notes if is_counted(n, self.config)]
            review = build_review(
                notes,
                self.config,
                year,
                week,
                sessions,
                index.titles,
                self.phrases(entries),
                private=index.private_names,
            )
            if review is None:
                continue
            path = review_path(self.config, year, week)
            try:
                text = self.render("weekly-review", review.name, end, agenda, review)
            except TemplateProblem as exc:
                self.error(path, str(exc))
                continue
            note = self.block_note(path)
            if note.problem is not None:
                if note.problem:
                    self.report.problems.append(note.problem)
                continue
            rendered = render_lines(text)
            reading = Reading()
            if note.block is not None:
                reading = read_block(
                    note.inner(),
                    note.block.digest,
                    self.written.get(path, note.block.digest),
                    [],
                    functools.partial(list, rendered),
                )
            self._write_block(note, compose(rendered, [], {}, {}), reading, "weekly review")
            if review.chart and review.chart_data:
                self.write_chart(review.chart, review.chart_data, f"Mood, week {review.name}")

    def _agenda_copies(self, note: BlockNote) -> dict[str, BlockNote]:
        """The sync conflict copies of the agenda whose text outside the markers is the
        agenda's own (agenda_copies.py): what they hold inside is merged into the agenda."""
        copies = {}
        for rel in agenda_copies(self.vault.conflicts, self.config.agenda_note):
            data = read_copy(self.vault.root, rel)
            copy = BlockNote.parse(rel, data) if data is not None else None
            if copy is not None and copy.problem is None and copy.outside() == note.outside():
                copies[rel] = copy
        return copies

    def _drop_copies(self, copies: dict[str, BlockNote]) -> None:
        """Remove the copies merged into the agenda just written (unless they changed since)."""
        for rel, copy in sorted(copies.items()):
            if self.dry_run or self.stopping():
                continue
            try:
                removed = remove_if_unchanged(
                    self.vault.root, rel, (copy.text or "").encode("utf-8")
                )
            except OSError as exc:
                self.error(rel, f"{reason_of(exc)}; the copy is kept")
                continue
            if removed:
                self.vault.conflicts = [path for path in self.vault.conflicts if path != rel]
                self.report.actions.append(
                    Action(
                        "merged", rel, "a sync conflict copy of the agenda; what it held is kept"
                    )
                )

    def prompt_folder_paths(self) -> list[str]:
        return [p for p, s in self.vault.files.items() if s.size == 0 and self.prompt_kind(p)]

    def trigger_paths(self) -> list[str]:
        return [p for p, n in self.vault.notes.items() if n.triggers]

    def sweep_temps(self, temps: list[str]) -> None:
        """Remove the temp files a killed vaultkit left (see writer.sweep_stale_temps)."""
        if self.dry_run:
            return
        for rel in sweep_stale_temps(self.vault.root, temps):
            self.report.actions.append(
                Action("removed", rel, "a temp file a stopped vaultkit left")
            )

    def run_all(self) -> Report:
        self.sweep_temps(self.vault.temps)
        agenda = self.agenda()
        self.ensure_daily(agenda)
        self.fill_prompts(self.prompt_folder_paths(), agenda)
        self.expand_triggers(self.trigger_paths(), agenda)
        self.update_agenda()
        self.update_reviews()
        self.forget_unused_phrases()
        return self.finish()

    def finish(self) -> Report:
        self.written.save()
        self.own_writes.save()
        self.report.warnings = self.vault.warnings() + self.report.problems
        self.report.skipped = len(self.vault.skipped)
        return self.report
