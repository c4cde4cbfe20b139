"""Which mark an agenda item shows, and which source line gets a new mark: changes are carried
between the agenda and the source, never states.

vaultkit remembers, per item, the mark it last wrote in the agenda and the mark the source line
had then (blocks.Line). A mark that differs from that on one side is a change made there, and
is carried to the other side once; nothing is applied again. When both sides changed to
different marks, the source wins (it is the person's own page) and the caller says so.

Without a memory of the item (a new item, or a block vaultkit has no record of), a mark on
either side is news and a blank box is its absence: the mark is shown, and copied to the
source; two different marks keep the source's. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN = " "


@dataclass(frozen=True)
class Decision:
    mark: str  # what the agenda shows
    write: str | None = None  # the mark the source line should get; None: leave it
    conflict: bool = False  # both sides changed, to different marks: the source won


def decide(
    source: str | None, agenda: str | None, last_mark: str | None, last_source: str | None
) -> Decision:
    """source: the source line's mark now (None: the item is not a task, its mark lives in the
    agenda alone); agenda: the box in the agenda now (None: the agenda does not show it);
    last_mark / last_source: what vaultkit last wrote and saw (None: not known)."""
    if source is None:
        return Decision(agenda if agenda is not None else last_mark or OPEN)
    if last_mark is None or last_source is None:
        return _reconcile(source, agenda)
    source_changed = source != last_source
    agenda_changed = agenda is not None and agenda != last_mark
    if source_changed:
        return Decision(source, conflict=agenda_changed and agenda != source)
    if agenda_changed:
        assert agenda is not None
        return Decision(agenda, write=agenda if agenda != source else None)
    # Nothing changed since; a copy to the source that was put off is still owed.
    return Decision(last_mark, write=last_mark if last_mark != source else None)


def _reconcile(source: str, agenda: str | None) -> Decision:
    if agenda is None or agenda == source:
        return Decision(source)
    if source == OPEN:
        return Decision(agenda, write=agenda)
    return Decision(source, conflict=agenda != OPEN)
