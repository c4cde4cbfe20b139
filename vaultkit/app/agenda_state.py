"""The agenda as it stands: built from the notes, then read back against the agenda note
(the marks and lines the person put there, in it and in its sync conflict copies)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os

from vaultkit.app.tender import Tender
from vaultkit.facts.agenda import Agenda, build_agenda, is_summary, phrase_entries
from vaultkit.facts.agenda_index import AgendaInputs
from vaultkit.render.templates import TemplateProblem
from vaultkit.store.vault import Vault
from vaultkit.text.blocks import BlockNote, ItemKey, Reading, read_block, render_lines
from vaultkit.text.sections import section_list_items
from vaultkit.text.ticks import Decision, decide


def current_agenda(tender: Tender, since: dt.date | None = None, whole: bool = False) -> Agenda:
    """The agenda as it stands: the items with the marks and lines the person put in the
    agenda note (as the next regeneration will show them); `whole`: nothing folded, no window
    (build_agenda)."""
    base = build(tender, since, whole)
    note = block_note(tender.vault, tender.config.agenda_note)
    if note.problem is not None:
        return base  # the note is left alone; the items show their sources' marks
    reading = read_agenda(tender, note, base, [])
    return base.marked({k: d.mark for k, d in decisions(base, reading).items()}, reading.notes)


class PassAgenda:
    """The agenda as a pass began, for the templates its steps render (a daily page, a
    filled prompt, an expanded trigger): built the first time a template shows it, and
    then kept for the pass. Most templates read only the threads, which the index gives
    without building anything, so the agenda step builds the agenda once, after the pages
    it may show are written."""

    def __init__(self, tender: Tender):
        self.tender = tender
        self._agenda: Agenda | None = None

    @property
    def threads(self) -> list[str]:
        """The threads of the last session, as the agenda lists them."""
        if self._agenda is not None:
            return self._agenda.threads
        tender = self.tender
        last = tender.vault.agenda_index.last_session(tender.today)
        return section_list_items(last, tender.config.threads_heading) if last else []

    def __call__(self) -> Agenda:
        if self._agenda is None:
            self._agenda = current_agenda(self.tender)
        return self._agenda


def build(tender: Tender, since: dt.date | None = None, whole: bool = False) -> Agenda:
    """The agenda of the notes alone, before the agenda note is read: built once for each
    version of the notes it is built from (AgendaIndex.version), however many steps ask."""
    key = (tender.vault.agenda_index.version, tender.today, since, whole)
    if tender.built is None or tender.built[0] != key:
        tender.built = (key, _build(tender, since, whole))
    return tender.built[1]


def _build(tender: Tender, since: dt.date | None, whole: bool) -> Agenda:
    vault, config, today = tender.vault, tender.config, tender.today
    index = vault.agenda_index
    # A period of the person's choosing may reach back beyond what the index keeps at hand.
    # Otherwise only the period's notes and the newest with a task open: the rest are counted.
    window = None if whole else config.agenda_window_days
    if since is None:
        found = index.inputs(today, window, None if whole else config.agenda_still_open)
    else:
        found = AgendaInputs(list(vault.notes.values()))
    recent = [n for n in phrase_entries(found.notes, today) if not is_summary(n.path, config)]
    return build_agenda(
        found.notes,
        config,
        today,
        titles=index.titles,
        phrases=tender.phrases.of(recent, today),
        recurrence=tender.phrases.recurrence,
        since=since,
        private=index.private_names,
        whole=whole,
        settled=found.earlier,
        open_more=found.open_more,
    )


def read_agenda(tender: Tender, note: BlockNote, base: Agenda, copies: list[BlockNote]) -> Reading:
    """What the agenda note (and its sync conflict copies) hold of the person's."""
    items = [(e.key, e.line) for e in base.items]
    rendered: list[str] = []

    def render_now() -> list[str]:  # only when nothing better tells vaultkit's lines
        if not rendered:
            # On a template problem no line counts as vaultkit's; its error is told later.
            with contextlib.suppress(TemplateProblem):
                rendered.extend(render_lines(render_agenda(tender, base)))
        return rendered

    def read(one: BlockNote) -> Reading:
        if one.block is None:
            return Reading()
        digest = one.block.digest
        return read_block(
            one.inner(),
            digest,
            tender.written.get(tender.config.agenda_note, digest),
            items,
            render_now,
        )

    reading = read(note)
    for copy in copies:
        reading.take(read(copy), note.lines)
    return reading


def decisions(agenda: Agenda, reading: Reading) -> dict[ItemKey, Decision]:
    """Which mark each item takes, from its source's, the agenda's and the last written."""
    found = {}
    for entry in agenda.items:
        last = reading.base.get(entry.key)
        found[entry.key] = decide(
            entry.item.mark if entry.is_task else None,
            reading.marks.get(entry.key),
            last.mark if last else None,
            last.source if last else None,
        )
    return found


def render_agenda(tender: Tender, agenda: Agenda) -> str:
    title = tender.config.agenda_note.rsplit("/", 1)[-1][:-3]
    return tender.context.render("next-session", title, tender.today, agenda)


def block_note(vault: Vault, path: str) -> BlockNote:
    """A note vaultkit writes a block into, as it stands; with a problem when it must be
    left alone."""
    state = vault.files.get(path)
    if state is None:
        where = vault.root / path
        if where.is_dir():
            return BlockNote(
                path,
                None,
                problem=f"{path}: a folder has this name; vaultkit writes it only as a note",
            )
        if os.path.lexists(where):
            return BlockNote(path, None, problem="")  # passed over, and told so already
        return BlockNote(path, None)
    data = vault.data_of(path)
    if data is None:
        return BlockNote(path, None, problem="")  # changed since it was read: next time
    return BlockNote.parse(path, data)
