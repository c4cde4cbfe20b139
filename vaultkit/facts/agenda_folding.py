"""One page, whatever the vault holds: the caps on the agenda's sections, and the rest of each
folded into a count (no I/O).

A folded item is not lost: it stays in its note, can be ticked there, and `vaultkit agenda
--all` lists it. The caps keep a page that can be read in a waiting room ("Pick one. Two at
most."); the byte budget holds the note well under MAX_NOTE_BYTES even when lines are long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from vaultkit.facts.agenda_model import Agenda, AgendaItem, Day

MAX_NOTE_BYTES = 64 * 1024  # what vaultkit writes between the agenda's markers stays below this
URGENT_SHOWN = 10  # "Bring up first"
DAYS_SHOWN = 14  # days of "Since last session", the most recent; two weeks of days
DAY_ITEMS_SHOWN = 10  # items of one day, in the order written
SET_DOWN_SHOWN = 20  # the collapsed list of what was set down
REPEATED_SHOWN = 12  # tags and links in "What repeated" (phrases have their own few)
MOOD_DAYS = 56  # the mood's days, like the chart: at most the last eight weeks
# Every item line shown together (its box and newline counted) takes at most this much, so a
# few very long lines fold rather than push the note past MAX_NOTE_BYTES; with the caps above,
# lines of ordinary length never reach it.
ITEM_BYTES = 32 * 1024
_BOX = len("- [ ] \n")


class Budget:
    """The bytes item lines may still take."""

    def __init__(self, size: int = ITEM_BYTES) -> None:
        self.left = size

    def take(self, entry: AgendaItem) -> bool:
        cost = len(entry.line.encode("utf-8")) + _BOX
        if cost > self.left:
            return False
        self.left -= cost
        return True


def take(entries: Sequence[AgendaItem], cap: int, budget: Budget) -> tuple[list[AgendaItem], int]:
    """The entries shown and how many fold: the first `cap`, up to the first the budget has
    no room for. Never a later one in place of an earlier, so a section shows its newest
    without gaps, and only its newest `cap` can ever show (what AgendaIndex.inputs reads)."""
    shown: list[AgendaItem] = []
    for entry in entries:
        if len(shown) >= cap or not budget.take(entry):
            break
        shown.append(entry)
    return shown, len(entries) - len(shown)


def newest(entries: Sequence[AgendaItem], cap: int, budget: Budget) -> tuple[list[AgendaItem], int]:
    """take() of the most recent entries (a list oldest first), shown oldest first."""
    shown, folded = take(entries[::-1], cap, budget)
    return shown[::-1], folded


def fold_agenda(agenda: Agenda, still_open: int) -> Agenda:
    """The agenda as one page: each section capped to its most recent few, in the note's order
    of importance (what to bring up first, then the most recent days, then what is still open,
    then what was set down), the rest counted in its section's fold. `still_open` is [agenda]
    still_open; that list runs newest first already."""
    budget = Budget()
    urgent, urgent_more = newest(agenda.urgent, URGENT_SHOWN, budget)
    days: list[Day] = []
    since_more, since_more_days = agenda.since_more, agenda.since_more_days
    for day in reversed(agenda.since):  # the most recent days are kept
        shown, more = (
            take(day.items, DAY_ITEMS_SHOWN, budget) if len(days) < DAYS_SHOWN else ([], 0)
        )
        if shown:
            days.append(Day(day.date, shown, day.more + more))
        else:
            since_more += len(day.items) + day.more
            since_more_days += 1
    kept, still_more = take(agenda.still_open, still_open, budget)
    set_down, set_down_more = newest(agenda.set_down, SET_DOWN_SHOWN, budget)
    return replace(
        agenda,
        urgent=urgent,
        urgent_more=agenda.urgent_more + urgent_more,
        since=days[::-1],
        since_more=since_more,
        since_more_days=since_more_days,
        still_open=kept,
        still_open_more=agenda.still_open_more + still_more,
        set_down=set_down,
        set_down_more=agenda.set_down_more + set_down_more,
        repeated=agenda.repeated[:REPEATED_SHOWN],
        repeated_more=agenda.repeated_more + max(len(agenda.repeated) - REPEATED_SHOWN, 0),
    )
