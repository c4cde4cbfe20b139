"""What the agenda holds: its items, days and sections, what was folded out of each, and how
the person's marks move an item between sections (no I/O)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from vaultkit.facts.mood import Mood
from vaultkit.facts.repeated import Repeat
from vaultkit.text.blocks import ItemKey
from vaultkit.text.note import Item

SET_DOWN = "-"  # the mark that sets an item down: it leaves the agenda, quietly counted


@dataclass(frozen=True)
class AgendaItem:
    item: Item
    link: str
    mark: str = " "  # the box the agenda shows (edits.MARKS)
    key: ItemKey = ("", "", 0)  # which item it is, across regenerations (blocks.ItemKey)
    notes: tuple[str, ...] = ()  # lines the person wrote under it in the agenda, as written

    @property
    def ticked(self) -> bool:
        return self.mark != " "

    @property
    def text(self) -> str:
        return self.item.text

    @property
    def is_task(self) -> bool:
        return self.item.is_task

    @property
    def line(self) -> str:
        """The item as the agenda shows it; also how a tick is recognised across regenerations."""
        if self.item.line < 0:
            return f"[[{self.link}]]"
        return f"{self.item.text} — [[{self.link}]]"


@dataclass(frozen=True)
class Day:
    date: dt.date
    items: list[AgendaItem]
    more: int = 0  # items of this day folded into a count (agenda_folding.py)


@dataclass(frozen=True)
class ChartData:
    """What the mood chart (chart.py) draws."""

    start: dt.date
    end: dt.date
    moods: list[tuple[dt.date, float]]
    emotions: list[tuple[dt.date, str, float]]
    sessions: list[dt.date]
    scale: int


@dataclass
class Agenda:
    today: dt.date
    last_date: dt.date | None
    next_date: dt.date | None
    urgent: list[AgendaItem] = field(default_factory=list)
    since: list[Day] = field(default_factory=list)
    threads: list[str] = field(default_factory=list)
    still_open: list[AgendaItem] = field(default_factory=list)
    set_down: list[AgendaItem] = field(default_factory=list)  # marked [-] this period
    repeated: list[Repeat] = field(default_factory=list)
    phrases: list[Repeat] = field(default_factory=list)
    mood: Mood | None = None
    chart: str | None = None  # the vault path of the mood chart, when there is one
    chart_data: ChartData | None = None
    support: list[str] = field(default_factory=list)
    # With no session recorded, the period is the last so many days ([agenda] window_days);
    # None when a session (or a day asked for) starts it, or when everything is shown.
    window_days: int | None = None
    earlier: int = 0  # items from before the window in no section: they stay in their notes
    # What each section folded into a count, so that the note stays one page
    # (agenda_folding.py); `vaultkit agenda --all` shows all of it.
    urgent_more: int = 0
    since_more: int = 0  # the items of the earlier days not shown ...
    since_more_days: int = 0  # ... and how many days they are on
    still_open_more: int = 0  # older things still open
    set_down_more: int = 0
    repeated_more: int = 0  # tags and links that came back, past the ones shown

    @property
    def items(self) -> list[AgendaItem]:
        """Every item shown, in the order the note lists them (the ones set down last)."""
        return [
            *self.urgent,
            *(i for day in self.since for i in day.items),
            *self.still_open,
            *self.set_down,
        ]

    @property
    def since_folded(self) -> int:
        """How many items of "Since last session" the note does not show."""
        return self.since_more + sum(day.more for day in self.since)

    @property
    def folded(self) -> int:
        """How many items the note does not show: they stay in their notes."""
        return self.urgent_more + self.since_folded + self.still_open_more + self.set_down_more

    def marked(
        self, marks: Mapping[ItemKey, str], notes: Mapping[ItemKey, Sequence[str]]
    ) -> Agenda:
        """The same agenda with the marks decided for its items (ticks.py) and the lines the
        person wrote under them. An item marked [-] is set down: it leaves its section for the
        quiet list of what was set down, and goes back when its mark is taken away. What was
        folded stays folded, counted as before."""
        urgent, still_open, set_down = [], [], []
        since: dict[dt.date, list[AgendaItem]] = defaultdict(list)
        earlier = {entry.key for entry in self.still_open}
        for entry in self.items:
            mark, below = marks.get(entry.key, entry.mark), tuple(notes.get(entry.key, ()))
            if mark != entry.mark or below != entry.notes:  # most items keep theirs
                entry = replace(entry, mark=mark, notes=below)
            if entry.mark == SET_DOWN:
                set_down.append(entry)
            elif entry.key in earlier or (
                self.last_date is not None and entry.item.date < self.last_date
            ):
                still_open.append(entry)
            elif entry.item.tag.rsplit("/", 1)[-1] == "urgent":
                urgent.append(entry)
            else:
                since[entry.item.date].append(entry)
        more = {day.date: day.more for day in self.since}
        # A day whose every shown item was set down still has its folded ones: counted with
        # the earlier days, so no fold line hangs under a day with nothing shown.
        gone = [day for day in more if day not in since and more[day]]
        return replace(
            self,
            urgent=sorted(urgent, key=by_source),
            since=[
                Day(day, sorted(since[day], key=by_source), more.get(day, 0))
                for day in sorted(since)
            ],
            still_open=sorted(still_open, key=by_source, reverse=True),
            set_down=sorted(set_down, key=by_source),
            since_more=self.since_more + sum(more[day] for day in gone),
            since_more_days=self.since_more_days + len(gone),
        )


def by_source(entry: AgendaItem) -> tuple[dt.date, str, int]:
    return entry.item.date, entry.item.path, entry.item.line
