"""The agenda for the next session, computed from the notes alone (no I/O)."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping

from vaultkit.facts.agenda_folding import MOOD_DAYS, REPEATED_SHOWN, fold_agenda
from vaultkit.facts.agenda_model import SET_DOWN, Agenda, AgendaItem, ChartData, Day
from vaultkit.facts.mood import daily_moods, emotion_points, mood_between
from vaultkit.facts.repeated import Repeat, repeated_names, repeated_words
from vaultkit.settings.config import Config
from vaultkit.text.blocks import ItemKey, checkbox
from vaultkit.text.ignore import in_folder
from vaultkit.text.note import Note
from vaultkit.text.note_metadata import PRIVATE_KINDS
from vaultkit.text.phrases import EntryText
from vaultkit.text.recurring_phrases import Recurrence
from vaultkit.text.sections import section_lines, section_list_items
from vaultkit.text.sessions import next_session, parse_schedule

# The agenda's parts live in agenda_model.py and its caps in agenda_folding.py; they are
# named here too, where the rest of vaultkit has always found them.
__all__ = ["SET_DOWN", "Agenda", "AgendaItem", "ChartData", "Day", "Repeat", "build_agenda"]

SNAPSHOT_HEADING = "The agenda I brought"
CHART_DAYS = 56  # the agenda's mood chart shows at most the last eight weeks
PHRASE_DAYS = 42  # phrases are looked for in at most the last six weeks of entries


def item_keys(note: Note) -> list[ItemKey]:
    """Each item of a note with its key: identical items in one note are told apart by
    their order."""
    seen: Counter[str] = Counter()
    keys = []
    for item in note.items:
        keys.append((note.path, item.text, seen[item.text]))
        seen[item.text] += 1
    return keys


def link_names(
    notes: Iterable[Note], only_with_items: bool = False, titles: Counter[str] | None = None
) -> dict[str, str]:
    """How to link each note: its title when unique in the vault, else its path without .md.
    `titles` counts the titles of the whole vault when `notes` is only part of it."""
    notes = list(notes)
    counts = titles if titles is not None else Counter(note.title.lower() for note in notes)
    return {
        note.path: note.title if counts[note.title.lower()] == 1 else note.path[:-3]
        for note in notes
        if note.items or not only_with_items
    }


def last_sessions(notes: Iterable[Note], today: dt.date) -> list[Note]:
    """Session notes dated up to today, oldest first."""
    sessions = [n for n in notes if n.session_date is not None and n.session_date <= today]
    return sorted(sessions, key=lambda n: (n.session_date, n.path))


def chart_path(config: Config, name: str) -> str:
    """Where the mood chart called `name` lives: the reviews folder's Charts/."""
    return (
        f"{config.reviews_folder}/Charts/{name}.svg"
        if config.reviews_folder
        else f"Charts/{name}.svg"
    )


def is_summary(path: str, config: Config) -> bool:
    """vaultkit's own summaries and the templates: never entries of the journal."""
    return (
        path == config.agenda_note
        or in_folder(path, config.templates_folder)
        or (bool(config.reviews_folder) and in_folder(path, config.reviews_folder))
    )


def is_private(note: Note, config: Config) -> bool:
    """A note the person keeps to themselves: in a privacy folder (unsent letters by default),
    an unsent letter wherever it is, or marked `private: true`. Its text never reaches counts,
    reviews or the brief; a #next line in it still reaches the agenda (tagging it was the
    person's choice). A line tagged #private is the same for that line (note.PRIVATE_TAG)."""
    if note.private or note.kind in PRIVATE_KINDS:
        return True
    # Asked of every note at every start: a loop, not a generator.
    for folder in config.privacy_folders:  # noqa: SIM110
        if in_folder(note.path, folder):
            return True
    return False


def is_entry(note: Note, config: Config) -> bool:
    """A journal entry: a note dated by its name (daily pages, and prompt-folder and session
    notes named by date) or by frontmatter `date:` (what the templates write), and not one of
    vaultkit's summaries. A note whose only date is its modification time is reference, never
    an entry: a clone, a restore or a newly synced device makes every such date "today"."""
    return note.date_source != "mtime" and not is_summary(note.path, config)


def is_counted(note: Note, config: Config) -> bool:
    """An entry whose text the counts, summaries and look-backs may read: not private
    (is_private) and not a letter the person let go (`released: true`), which leaves every
    count and summary while the note itself stays."""
    return is_entry(note, config) and not note.released and not is_private(note, config)


def is_written(note: Note, texts: Mapping[str, EntryText]) -> bool:
    """Whether the person wrote in an entry, rather than vaultkit alone (a daily page left as
    it was made, a prompt note never filled in): a line of their own words (read where the
    note's bytes are read, phrases.read_entry), or a rating, an emotion, or an item of theirs.
    A note whose text was not read is taken as written."""
    text = texts.get(note.path)
    return (
        text is None
        or text.own_words
        or bool(note.moods or note.emotions)
        or any(item.text for item in note.items)
        or any(value is not None for value in note.distress)
    )


def period_entries(notes: Iterable[Note], config: Config, last: dt.date | None) -> list[Note]:
    """The entries the counts read (is_counted) written since the session on `last` (all of
    them when there was none), by path. The session's own note belongs to the period it
    closes."""
    return sorted(
        (
            n
            for n in notes
            if is_counted(n, config)
            and (last is None or n.date > last or (n.date == last and n.session_date != last))
        ),
        key=lambda n: n.path,
    )


def phrase_entries(entries: list[Note], today: dt.date) -> list[Note]:
    """The entries whose phrases are counted: a recent window, so a vault that has never
    recorded a session does not have every note read again on every change."""
    return [n for n in entries if n.date > today - dt.timedelta(days=PHRASE_DAYS)]


def build_agenda(
    notes: list[Note],
    config: Config,
    today: dt.date,
    titles: Counter[str] | None = None,
    phrases: Mapping[str, EntryText | Mapping[str, str]] | None = None,
    since: dt.date | None = None,
    private: Collection[str] = (),
    whole: bool = False,
    settled: int = 0,
    open_more: int = 0,
    recurrence: Recurrence | None = None,
) -> Agenda:
    """The agenda, from every note of the vault or from AgendaIndex.inputs() and the vault's
    `titles` (the same agenda, faster). `phrases` maps the paths of phrase_entries() to what
    their text says (phrases.read_entry, or plain note_phrases); `since` starts the period on
    that day instead of at the last session; `private` names the vault's private notes
    (AgendaIndex.private_names), which links to are never counted; `settled` and `open_more`
    count the items of the notes AgendaIndex.inputs left out (AgendaInputs): those before the
    window, and the open tasks older than the newest few "Still open from earlier" shows;
    `recurrence` is the phrases counted for the last agenda, kept to count only what changed.

    One page: with no session recorded the period is the last [agenda] window_days, and each
    section is capped, the rest folded into counts (agenda_folding.py). `whole` is everything
    instead (`vaultkit agenda --all`): no window, nothing folded."""
    notes = sorted((n for n in notes if n.path != config.agenda_note), key=lambda n: n.path)
    if titles is None:
        # Every note given is the vault: a title is unique only if no note in it shares it,
        # whether or not that note is an entry of the period.
        titles = Counter(n.title.lower() for n in notes)
    links = link_names(notes, only_with_items=True, titles=titles)
    sessions = last_sessions(notes, today)
    last = sessions[-1].session_date if sessions else None
    previous = next((s.session_date for s in reversed(sessions) if s.session_date != last), None)
    if since is not None:
        last, previous = since, None
    brought = {line for s in sessions if s.session_date == last for line in snapshot_lines(s)}
    # What was on the agenda at the last session and not talked about (nor set down) stays.
    carried = carried_lines(sessions[-1]) if sessions and since is None else set()

    upcoming = None
    if config.schedule:
        upcoming = next_session(parse_schedule(config.schedule), today, last)
    window = config.agenda_window_days if last is None and not whole else None
    start = today - dt.timedelta(days=window - 1) if window is not None else last
    agenda = Agenda(today, last, upcoming, support=list(config.support), window_days=window)
    if window is not None:
        agenda.earlier = settled
    agenda.still_open_more = open_more

    def in_period(day: dt.date) -> bool:
        return start is None or day >= start

    since_days: dict[dt.date, list[AgendaItem]] = defaultdict(list)
    still_open: list[AgendaItem] = []
    for note in notes:
        if note.released:
            continue  # a letter let go leaves every list, its items too; nothing is deleted
        for item, item_key in zip(note.items, item_keys(note), strict=False):
            # A task shows its source's mark until the agenda's own is decided (ticks.py).
            entry = AgendaItem(item, links[item.path], item.mark if item.is_task else " ", item_key)
            fresh = in_period(item.date) and not (item.date == last and entry.line in brought)
            if fresh and item.tag.rsplit("/", 1)[-1] == "urgent":
                agenda.urgent.append(entry)
            elif fresh:
                since_days[item.date].append(entry)
            elif (item.is_task and not item.done) or (not item.is_task and entry.line in carried):
                still_open.append(entry)
            elif window is not None:
                agenda.earlier += 1
    agenda.since = [Day(day, items) for day, items in since_days.items()]
    agenda.still_open = still_open
    # Sorted, and a task set down at its source ([-]) moved to the quiet list.
    agenda = agenda.marked({}, {})
    if sessions:
        agenda.threads = section_list_items(sessions[-1], config.threads_heading)

    # Items above come from every note (a #next line is the person's choice, even in a
    # private note); what is counted below comes from the entries the counts may read.
    # With a window, nothing dated before it is counted (nor is the mood or the chart read
    # there): those notes are left out before each is asked whether it counts.
    recent = notes if window is None or start is None else [n for n in notes if n.date >= start]
    entries = period_entries(recent, config, last)
    entry_links = link_names(entries, titles=titles)
    # Only the shown are linked; the rest are counted into the fold.
    agenda.repeated, agenda.repeated_more = repeated_names(
        entries,
        config,
        entry_links,
        limit=sys.maxsize if whole else REPEATED_SHOWN,
        private=private,
    )
    if phrases and config.agenda_phrases:
        agenda.phrases = repeated_words(
            phrase_entries(entries, today), phrases, entry_links, recurrence=recurrence
        )
    # A period runs from a session's day up to the day before the next one, as items do.
    journal = [n for n in recent if is_counted(n, config)]
    before = (previous, last - dt.timedelta(days=1)) if last and previous else None
    # The mood's days, like the chart's, reach back at most MOOD_DAYS: a sparkline per day of
    # years without a session would be no page at all.
    floor = None if whole else today - dt.timedelta(days=MOOD_DAYS - 1)
    mood_start = max(start, floor) if start and floor else start or floor
    agenda.mood = mood_between(
        journal, mood_start, today, config.mood_scale, before, config.mood_show_average
    )
    if agenda.mood is not None:
        agenda.chart_data = _chart_data(
            journal, config, today, previous or last, sessions, start if window else None
        )
        agenda.chart = chart_path(config, config.agenda_note.rsplit("/", 1)[-1][:-3])
    return agenda if whole else fold_agenda(agenda, config.agenda_still_open)


def _chart_data(
    journal: list[Note],
    config: Config,
    today: dt.date,
    first: dt.date | None,
    sessions: list[Note],
    earliest: dt.date | None = None,
) -> ChartData:
    """The chart spans the previous period and this one (so the averages beside each other can
    be seen), at most CHART_DAYS; with no session yet, from the first day with a value (at
    `earliest`, the window's first day, or later)."""
    window = today - dt.timedelta(days=CHART_DAYS - 1)
    if earliest is not None:
        window = max(window, earliest)
    start = max(first, window) if first else window
    moods = daily_moods(journal, start, today)
    emotions = emotion_points(journal, start, today)
    if first is None:
        start = min([d for d, _ in moods] + [d for d, _, _ in emotions] + [today])
    return ChartData(
        start,
        today,
        moods,
        emotions,
        sorted({d for s in sessions if (d := s.session_date) is not None and d >= start}),
        config.mood_scale,
    )


def carried_lines(session: Note) -> set[str]:
    """The item lines a session note's snapshot lists with an open box: on the agenda at that
    session and not talked about (nor set down), so they stay on the next one."""
    found = set()
    for _, line in section_lines(session, SNAPSHOT_HEADING):
        box = checkbox(line) if line[:1] not in (" ", "\t") else None
        if box and box[0] == " ":
            found.add(box[1])
    return found


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
