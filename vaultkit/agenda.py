"""The agenda for the next session, computed from the notes alone (no I/O)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from .blocks import ItemKey, checkbox
from .chart import mood_chart
from .config import Config
from .ignore import in_folder
from .mood import Mood, daily_moods, emotion_points, mood_between
from .note import Item, Note, section_lines, section_list_items
from .repeated import Repeat, repeated_names, repeated_words
from .sessions import next_session, parse_schedule

SNAPSHOT_HEADING = "The agenda I brought"
CHART_DAYS = 56  # the agenda's mood chart shows at most the last eight weeks
PHRASE_DAYS = 42  # phrases are looked for in at most the last six weeks of entries


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


@dataclass(frozen=True)
class ChartData:
    """What the mood chart (chart.py) draws."""
    start: dt.date
    end: dt.date
    moods: list[tuple[dt.date, float]]
    emotions: list[tuple[dt.date, str, int]]
    sessions: list[dt.date]
    scale: int

    def svg(self, title: str) -> str:
        return mood_chart(start=self.start, end=self.end, moods=self.moods,
                          emotions=self.emotions, sessions=self.sessions, scale=self.scale,
                          title=title)


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
    phrases: list[Repeat] = field(default_factory=list)
    mood: Mood | None = None
    chart: str | None = None  # the vault path of the mood chart, when there is one
    chart_data: ChartData | None = None
    support: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[AgendaItem]:
        """Every item, in the order the note lists them."""
        return [*self.urgent, *(i for day in self.since for i in day.items), *self.still_open]

    def marked(self, marks: Mapping[ItemKey, str],
               notes: Mapping[ItemKey, Sequence[str]]) -> Agenda:
        """The same agenda with the marks decided for its items (ticks.py) and the lines the
        person wrote under them."""
        def one(entry: AgendaItem) -> AgendaItem:
            return replace(entry, mark=marks.get(entry.key, entry.mark),
                           notes=tuple(notes.get(entry.key, ())))
        return replace(self, urgent=[one(e) for e in self.urgent],
                       since=[Day(d.date, [one(e) for e in d.items]) for d in self.since],
                       still_open=[one(e) for e in self.still_open])


def item_keys(note: Note) -> list[ItemKey]:
    """Each item of a note with its key: identical items in one note are told apart by
    their order."""
    seen: Counter[str] = Counter()
    keys = []
    for item in note.items:
        keys.append((note.path, item.text, seen[item.text]))
        seen[item.text] += 1
    return keys


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


def chart_path(config: Config, name: str) -> str:
    """Where the mood chart called `name` lives: the reviews folder's Charts/."""
    return f"{config.reviews_folder}/Charts/{name}.svg" if config.reviews_folder \
        else f"Charts/{name}.svg"


def is_summary(path: str, config: Config) -> bool:
    """vaultkit's own summaries and the templates: never entries of the journal."""
    return (path == config.agenda_note or in_folder(path, config.templates_folder)
            or bool(config.reviews_folder) and in_folder(path, config.reviews_folder))


def period_entries(notes: Iterable[Note], config: Config, last: dt.date | None) -> list[Note]:
    """The entries written since the session on `last` (all of them when there was none), by
    path. The session's own note belongs to the period it closes."""
    return sorted((n for n in notes if not is_summary(n.path, config) and (
        last is None or n.date > last or (n.date == last and n.session_date != last))),
        key=lambda n: n.path)


def phrase_entries(entries: list[Note], today: dt.date) -> list[Note]:
    """The entries whose phrases are counted: a recent window, so a vault that has never
    recorded a session does not have every note read again on every change."""
    return [n for n in entries if n.date > today - dt.timedelta(days=PHRASE_DAYS)]


def build_agenda(notes: list[Note], config: Config, today: dt.date,
                 titles: Counter[str] | None = None,
                 phrases: Mapping[str, Mapping[str, str]] | None = None,
                 since: dt.date | None = None) -> Agenda:
    """The agenda, from every note of the vault or from AgendaIndex.inputs() and the vault's
    `titles` (the same agenda, faster). `phrases` maps the paths of phrase_entries() to their
    phrases (phrases.note_phrases); `since` starts the period on that day instead of at the
    last session."""
    notes = sorted((n for n in notes if n.path != config.agenda_note), key=lambda n: n.path)
    links = link_names(notes, only_with_items=True, titles=titles)
    sessions = last_sessions(notes, today)
    last = sessions[-1].session_date if sessions else None
    previous = next((s.session_date for s in reversed(sessions) if s.session_date != last), None)
    if since is not None:
        last, previous = since, None
    brought = {line for s in sessions if s.session_date == last
               for line in snapshot_lines(s)}

    upcoming = None
    if config.schedule:
        upcoming = next_session(parse_schedule(config.schedule), today, last)
    agenda = Agenda(today, last, upcoming, support=list(config.support))

    def in_period(day: dt.date) -> bool:
        return last is None or day >= last

    since_days: dict[dt.date, list[AgendaItem]] = defaultdict(list)
    for note in notes:
        for item, item_key in zip(note.items, item_keys(note)):
            # A task shows its source's mark until the agenda's own is decided (ticks.py).
            entry = AgendaItem(item, links[item.path], item.mark if item.is_task else " ",
                               item_key)
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

    entries = period_entries(notes, config, last)
    entry_links = link_names(entries, titles=titles)
    agenda.repeated = repeated_names(entries, config, entry_links)
    if phrases:
        agenda.phrases = repeated_words(phrase_entries(entries, today), phrases, entry_links)
    # A period runs from a session's day up to the day before the next one, as items do.
    journal = [n for n in notes if not is_summary(n.path, config)]
    before = (previous, last - dt.timedelta(days=1)) if last and previous else None
    agenda.mood = mood_between(journal, last, today, config.mood_scale, before)
    if agenda.mood is not None:
        agenda.chart_data = _chart_data(journal, config, today, previous or last, sessions)
        agenda.chart = chart_path(config, config.agenda_note.rsplit("/", 1)[-1][:-3])
    return agenda


def _chart_data(journal: list[Note], config: Config, today: dt.date, first: dt.date | None,
                sessions: list[Note]) -> ChartData:
    """The chart spans the previous period and this one (so the averages beside each other can
    be seen), at most CHART_DAYS; with no session yet, from the first day with a value."""
    window = today - dt.timedelta(days=CHART_DAYS - 1)
    start = max(first, window) if first else window
    moods = daily_moods(journal, start, today)
    emotions = emotion_points(journal, start, today)
    if first is None:
        start = min([d for d, _ in moods] + [d for d, _, _ in emotions] + [today])
    return ChartData(start, today, moods, emotions,
                     sorted({s.session_date for s in sessions if s.session_date >= start}),
                     config.mood_scale)


def snapshot_lines(note: Note) -> set[str]:
    """The item lines a session note's snapshot lists, ticked or not (not the person's lines
    under them)."""
    found = set()
    for _, line in section_lines(note, SNAPSHOT_HEADING):
        box = checkbox(line) if line[:1] not in (" ", "\t") else None
        if box:
            found.add(box[1])
    return found


def snapshot_text(note: Note) -> set[str]:
    """Every line of a session note's snapshot, stripped: what it keeps of the agenda."""
    return {line.strip() for _, line in section_lines(note, SNAPSHOT_HEADING) if line.strip()}
