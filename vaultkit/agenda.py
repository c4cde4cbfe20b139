"""The agenda for the next session, computed from the notes alone (no I/O)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable

from .config import Config
from .moment import parse_moment
from .note import Item, Note, section_list_items, section_lines
from .sessions import next_session, parse_schedule

SNAPSHOT_HEADING = "The agenda I brought"
SPARK = "▁▂▃▄▅▆▇█"
_TICKED_LINE = re.compile(r"^\s*[-*+]\s+\[[^ \]]\]\s+(.*?)\s*$")


@dataclass(frozen=True)
class AgendaItem:
    item: Item
    link: str
    ticked: bool

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


@dataclass(frozen=True)
class Repeat:
    name: str  # "#sleep" or "[[Sam]]"
    count: int


@dataclass(frozen=True)
class Mood:
    days: list[tuple[dt.date, float]]
    sparkline: str
    average: float
    previous_average: float | None
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
    repeated: list[Repeat] = field(default_factory=list)
    mood: Mood | None = None
    support: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[AgendaItem]:
        """Every item, in the order the note lists them."""
        return [*self.urgent, *(i for day in self.since for i in day.items), *self.still_open]


def ticked_lines(text: str) -> set[str]:
    """The lines a person ticked in a previous agenda (the part after the checkbox)."""
    return {m.group(1) for m in map(_TICKED_LINE.match, text.splitlines()) if m}


def link_names(notes: Iterable[Note], only_with_items: bool = False,
               titles: Counter[str] | None = None) -> dict[str, str]:
    """How to link each note: its title when unique in the vault, else its path without .md.
    `titles` counts the titles of the whole vault when `notes` is only part of it."""
    notes = list(notes)
    counts = titles if titles is not None else Counter(note.title.lower() for note in notes)
    return {note.path: note.title if counts[note.title.lower()] == 1 else note.path[:-3]
            for note in notes if note.items or not only_with_items}


def last_sessions(notes: Iterable[Note], today: dt.date) -> list[Note]:
    """Session notes dated up to today, oldest first."""
    sessions = [n for n in notes if n.session_date is not None and n.session_date <= today]
    return sorted(sessions, key=lambda n: (n.session_date, n.path))


def build_agenda(notes: list[Note], config: Config, today: dt.date,
                 ticked: set[str] = frozenset(), titles: Counter[str] | None = None) -> Agenda:
    """The agenda, from every note of the vault or from AgendaIndex.inputs() and the vault's
    `titles` (the same agenda, faster)."""
    notes = sorted((n for n in notes if n.path != config.agenda_note), key=lambda n: n.path)
    links = link_names(notes, only_with_items=True, titles=titles)
    sessions = last_sessions(notes, today)
    last = sessions[-1].session_date if sessions else None
    previous = next((s.session_date for s in reversed(sessions) if s.session_date != last), None)
    brought = {line for s in sessions if s.session_date == last
               for line in snapshot_lines(s)}

    upcoming = None
    if config.schedule:
        upcoming = next_session(parse_schedule(config.schedule), today, last)
    agenda = Agenda(today, last, upcoming, support=list(config.support))

    def wrap(item: Item) -> AgendaItem:
        entry = AgendaItem(item, links[item.path], item.is_task and item.done)
        return entry if entry.ticked or entry.line not in ticked else replace(entry, ticked=True)

    def in_period(day: dt.date) -> bool:
        return last is None or day >= last

    since_days: dict[dt.date, list[AgendaItem]] = defaultdict(list)
    for note in notes:
        for item in note.items:
            entry = wrap(item)
            fresh = in_period(item.date) and not (item.date == last and entry.line in brought)
            if fresh and item.tag.rsplit("/", 1)[-1] == "urgent":
                agenda.urgent.append(entry)
            elif fresh:
                since_days[item.date].append(entry)
            elif item.is_task and not item.done:
                agenda.still_open.append(entry)
    key = lambda e: (e.item.date, e.item.path, e.item.line)
    agenda.urgent.sort(key=key)
    agenda.still_open.sort(key=key)
    agenda.since = [Day(day, sorted(since_days[day], key=key)) for day in sorted(since_days)]
    if sessions:
        agenda.threads = section_list_items(sessions[-1], config.threads_heading)

    entries = [n for n in notes if last is None or n.date > last
               or (n.date == last and n.session_date != last)]
    agenda.repeated = _repeated(entries, config)
    agenda.mood = _mood(notes, config, today, last, previous)
    return agenda


def snapshot_lines(note: Note) -> set[str]:
    """The item lines a session note's snapshot lists, ticked or not."""
    found = set()
    for _, line in section_lines(note, SNAPSHOT_HEADING):
        match = re.match(r"^\s*[-*+]\s+\[.\]\s+(.*?)\s*$", line)
        if match:
            found.add(match.group(1))
    return found


def _is_date_link(target: str, config: Config) -> bool:
    name = target.rsplit("/", 1)[-1]
    return (parse_moment(name, config.daily_format) is not None
            or parse_moment(name, "YYYY-MM-DD", prefix=True) is not None)


def _repeated(entries: list[Note], config: Config, limit: int = 12) -> list[Repeat]:
    counts: Counter[str] = Counter()
    for note in entries:
        tags = {f"#{t}" for t in note.tags
                if not any(t == a or t.startswith(a + "/") for a in config.agenda_tags)}
        links = {f"[[{t}]]" for t in note.links if not _is_date_link(t, config)}
        counts.update(tags | links)
    repeated = [Repeat(name, n) for name, n in counts.items() if n >= 2]
    repeated.sort(key=lambda r: (-r.count, r.name.lower(), r.name))
    return repeated[:limit]


def _daily_moods(notes: list[Note], start: dt.date | None, end: dt.date) -> list[tuple[dt.date, float]]:
    """(day, average mood that day) for the days from start (or the beginning) to end."""
    values: dict[dt.date, list[float]] = defaultdict(list)
    for note in notes:
        if note.moods and (start is None or note.date >= start) and note.date <= end:
            values[note.date].extend(note.moods)
    return [(day, sum(v) / len(v)) for day, v in sorted(values.items())]


def _mood(notes: list[Note], config: Config, today: dt.date, last: dt.date | None,
          previous: dt.date | None) -> Mood | None:
    # A period runs from a session's day up to the day before the next one, as items do.
    days = _daily_moods(notes, last, today)
    if not days:
        return None
    before = []
    if last is not None and previous is not None:
        before = _daily_moods(notes, previous, last - dt.timedelta(days=1))
    scale = config.mood_scale

    def spark(value: float) -> str:
        step = (min(max(value, 1), scale) - 1) / max(scale - 1, 1)
        return SPARK[round(step * (len(SPARK) - 1))]

    average = round(sum(v for _, v in days) / len(days), 1)
    previous_average = round(sum(v for _, v in before) / len(before), 1) if before else None
    return Mood(days, "".join(spark(v) for _, v in days), average, previous_average, scale)
