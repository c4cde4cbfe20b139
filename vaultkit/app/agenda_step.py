"""The agenda step: regenerate the agenda note, carrying tick changes between it and the
source notes and merging in its sync conflict copies."""

from __future__ import annotations

from vaultkit.app.agenda_state import block_note, build, decisions, read_agenda, render_agenda
from vaultkit.app.conflict_copies import agenda_copies, read_copy
from vaultkit.app.gateway import Change
from vaultkit.app.generated import write_block, write_chart
from vaultkit.app.report import Action
from vaultkit.app.tender import Tender
from vaultkit.facts.agenda import Agenda
from vaultkit.render.templates import TemplateProblem
from vaultkit.store.removing import remove_if_unchanged
from vaultkit.store.writer import reason_of
from vaultkit.text.blocks import BlockNote, ItemKey, compose, render_lines
from vaultkit.text.edits import set_marks
from vaultkit.text.ticks import Decision


def update_agenda(tender: Tender) -> None:
    """Regenerate the agenda note: carry tick changes between it and the sources, keep the
    lines the person wrote in it (and in its sync conflict copies), write the block."""
    path = tender.config.agenda_note
    note = block_note(tender.vault, path)
    if note.problem is not None:
        if note.problem:
            tender.report.problems.append(note.problem)
        return
    copies = _agenda_copies(tender, note)
    for _ in range(2):  # again once the sources took new marks: they change the agenda
        base = build(tender)
        reading = read_agenda(tender, note, base, list(copies.values()))
        decided = decisions(base, reading)
        if not _write_marks(tender, base, decided):
            break
    for entry in base.items:
        if decided[entry.key].conflict:
            tender.report.actions.append(
                Action(
                    "kept",
                    entry.item.path,
                    f"'{entry.text}' was changed here and in the "
                    f"agenda; the source's [{decided[entry.key].mark}] is kept",
                )
            )
    agenda = base.marked({k: d.mark for k, d in decided.items()}, reading.notes)
    for entry in agenda.set_down:
        # The quiet list of what was set down is one collapsed line: lines written under
        # such an item go below the block with it, as for any item that left.
        lines = reading.notes.pop(entry.key, None)
        if lines:
            reading.orphans.append((f"- [{entry.mark}] {entry.line}", lines))
    try:
        text = render_agenda(tender, agenda)
    except TemplateProblem as exc:
        return tender.gateway.error(path, str(exc))
    written = compose(
        render_lines(text),
        [(e.key, e.line) for e in agenda.items],
        reading.notes,
        {e.key: e.item.mark if e.is_task else None for e in agenda.items},
    )
    if write_block(tender, note, written, reading, "agenda"):
        _drop_copies(tender, copies)
    if agenda.chart and agenda.chart_data:
        write_chart(tender, agenda.chart, agenda.chart_data, "Mood since the last session")


def _write_marks(tender: Tender, agenda: Agenda, decided: dict[ItemKey, Decision]) -> bool:
    """Copy the marks decided for tasks to their source lines; True if any was written."""
    by_note: dict[str, list[tuple[int, str]]] = {}
    for entry in agenda.items:
        mark = decided[entry.key].write
        if mark is not None and entry.item.line >= 0:
            by_note.setdefault(entry.item.path, []).append((entry.item.line, mark))
    wrote = False
    for path, marks in sorted(by_note.items()):
        old = tender.vault.data_of(path)
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
            wrote |= tender.gateway.apply(Change(path, old, new, action, detail))
    return wrote


def _agenda_copies(tender: Tender, note: BlockNote) -> dict[str, BlockNote]:
    """The sync conflict copies of the agenda whose text outside the markers is the
    agenda's own (conflict_copies.py): what they hold inside is merged into the agenda."""
    copies = {}
    for rel in agenda_copies(tender.vault.conflicts, tender.config.agenda_note):
        data = read_copy(tender.vault.root, rel)
        copy = BlockNote.parse(rel, data) if data is not None else None
        if copy is not None and copy.problem is None and copy.outside() == note.outside():
            copies[rel] = copy
    return copies


def _drop_copies(tender: Tender, copies: dict[str, BlockNote]) -> None:
    """Remove the copies merged into the agenda just written (unless they changed since)."""
    gateway = tender.gateway
    for rel, copy in sorted(copies.items()):
        if gateway.dry_run or gateway.stopping():
            continue
        try:
            removed = remove_if_unchanged(tender.vault.root, rel, (copy.text or "").encode("utf-8"))
        except OSError as exc:
            gateway.error(rel, f"{reason_of(exc)}; the copy is kept")
            continue
        if removed:
            tender.vault.drop_conflict(rel)
            tender.report.actions.append(
                Action("merged", rel, "a sync conflict copy of the agenda; what it held is kept")
            )
