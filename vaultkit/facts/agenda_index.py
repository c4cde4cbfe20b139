"""Which notes the agenda can depend on, kept up to date note by note.

The agenda reads the notes of the current and previous session periods (with no session
recorded, the last [agenda] window_days), session notes, and of the notes before them with a
task still open only the newest few: "Still open from earlier" shows the newest
[agenda] still_open and folds the rest into a count, so the older ones are only counted.
In a vault of decades of daily pages that is a small part of it, and the same size at any
age. Keeping that part indexed as notes come and go makes an edit's cost independent of the
vault's size: `build_agenda` on `inputs()` gives the same agenda as on every note (tested).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from vaultkit.facts.agenda import carried_lines
from vaultkit.text.note import Note


@dataclass
class AgendaInputs:
    """The notes build_agenda is given, and what the notes left out hold: counted, not read."""

    notes: list[Note] = field(default_factory=list)
    # Items of left-out notes dated before the window with nothing open to show (Agenda.earlier).
    earlier: int = 0
    # Open tasks of left-out notes, older than the ones "Still open from earlier" shows.
    open_more: int = 0


class AgendaIndex:
    def __init__(self, agenda_note: str, is_private: Callable[[Note], bool] = lambda note: False):
        self.agenda_note = agenda_note
        self.is_private = is_private
        # The names a link can give a private note by (lower-case title and path without .md):
        # a link to one is never counted in "What repeated" (agenda.is_private).
        self.private_names: Counter[str] = Counter()
        self.notes: dict[str, Note] = {}
        self.titles: Counter[str] = Counter()  # lower-case title -> notes with it
        self._by_title: dict[str, set[str]] = defaultdict(set)  # lower-case title -> paths
        self._by_date: dict[dt.date, list[str]] = defaultdict(list)  # lists: a day has few
        self._dates: list[dt.date] = []  # sorted keys of _by_date
        # The notes holding a task not yet done (a letter let go holds none), oldest first,
        # with how many tasks are open in each and how many other items it has.
        self._open: list[tuple[dt.date, str]] = []
        self._open_counts: dict[str, tuple[int, int]] = {}
        self._open_total = [0, 0]  # the sums of _open_counts
        self._sessions: list[tuple[dt.date, str]] = []  # sorted (session_date, path)
        # Per day, the items of notes with nothing open (and not let go): before a window they
        # are only counted (Agenda.earlier), so those notes need not be given to build_agenda.
        self._settled: Counter[dt.date] = Counter()
        self._settled_total = 0
        # Up by one whenever a note enters or leaves: what is worked out from the notes at one
        # version holds until the next (agenda_state.build builds the agenda once a version).
        self.version = 0

    def add(self, note: Note) -> None:
        if note.path == self.agenda_note:
            return  # the agenda is built from the notes, never from itself
        if note.path in self.notes:
            self.remove(note.path)
        self.version += 1
        self.notes[note.path] = note
        title = note.title.lower()
        self.titles[title] += 1
        self._by_title[title].add(note.path)
        if self.is_private(note):
            self.private_names.update(_names(note))
        if _by_its_date(note):
            paths = self._by_date[note.date]
            if not paths:
                insort(self._dates, note.date)
            paths.append(note.path)
        if note.released or not note.items:
            pass  # a letter let go leaves every list, its items too (build_agenda)
        elif opened := sum(1 for item in note.items if item.is_task and not item.done):
            insort(self._open, (note.date, note.path))
            counts = self._open_counts[note.path] = (opened, len(note.items) - opened)
            self._open_total[0] += counts[0]
            self._open_total[1] += counts[1]
        elif note.items:
            self._settled[note.date] += len(note.items)
            self._settled_total += len(note.items)
        if note.session_date is not None:
            insort(self._sessions, (note.session_date, note.path))

    def remove(self, path: str) -> None:
        note = self.notes.pop(path, None)
        if note is None:
            return
        self.version += 1
        self.titles[note.title.lower()] -= 1
        if not self.titles[note.title.lower()]:
            del self.titles[note.title.lower()]
        self._by_title[note.title.lower()].discard(path)
        if not self._by_title[note.title.lower()]:
            del self._by_title[note.title.lower()]
        if self.is_private(note):
            self.private_names.subtract(_names(note))
            self.private_names += Counter()  # drops the names no private note has any more
        if _by_its_date(note):
            paths = self._by_date[note.date]
            paths.remove(path)
            if not paths:
                del self._by_date[note.date]
                del self._dates[bisect_left(self._dates, note.date)]
        if path in self._open_counts:
            counts = self._open_counts.pop(path)
            del self._open[bisect_left(self._open, (note.date, path))]
            self._open_total[0] -= counts[0]
            self._open_total[1] -= counts[1]
        elif note.items and not note.released:
            self._settled[note.date] -= len(note.items)
            self._settled_total -= len(note.items)
            if not self._settled[note.date]:
                del self._settled[note.date]
        if note.session_date is not None:
            del self._sessions[bisect_left(self._sessions, (note.session_date, path))]

    def inputs(
        self, today: dt.date, window_days: int | None = None, open_shown: int | None = None
    ) -> AgendaInputs:
        """What the agenda for `today` is built from. With no session recorded, the period is
        the last `window_days` (all of time when None): the notes from then on, and before it
        the newest notes with a task open, enough to hold `open_shown` open tasks (every one
        when None); the items of the rest are only counted."""
        sessions = self._sessions
        end = bisect_left(sessions, (today + dt.timedelta(days=1), ""))  # sessions up to today
        wanted: set[str] = set()
        if not end:
            if window_days is None:
                return AgendaInputs(list(self.notes.values()))  # the whole vault is one period
            start = window_start(today, window_days)
        else:
            last = sessions[end - 1][0]
            first_of_last = bisect_left(sessions, (last, ""))
            # The period before the last session counts too (the mood beside the current one).
            start = sessions[first_of_last - 1][0] if first_of_last else last
            wanted.update(path for _, path in sessions[bisect_left(sessions, (start, "")) :])
            # What the last session left open stays on the agenda, however old its note.
            wanted.update(self._linked(carried_lines(self.notes[sessions[end - 1][1]])))
        found = AgendaInputs()
        # With no session, the settled items before the window: all of them, less those of
        # the days read.
        settled = self._settled_total
        for day in self._dates[bisect_left(self._dates, start) :]:
            wanted.update(self._by_date[day])
            settled -= self._settled.get(day, 0)
        if not end:
            found.earlier += settled
        self._open_before(bisect_left(self._open, (start, "")), open_shown, wanted, found)
        found.notes = [self.notes[path] for path in wanted]
        return found

    def _open_before(
        self, end: int, shown: int | None, wanted: set[str], found: AgendaInputs
    ) -> None:
        """Of the notes with a task open dated before the period (`_open[:end]`), add the
        newest to `wanted` until they hold `shown` open tasks (all of them when None), and
        count the items of the rest in `found`: the totals less what `wanted` holds, so the
        work grows with what is read, never with the vault's age."""
        taken = 0
        at = end
        while at > 0 and (shown is None or taken < shown):
            at -= 1
            path = self._open[at][1]
            if path not in wanted:
                wanted.add(path)
                taken += self._open_counts[path][0]
        opened, other = self._open_total
        for path in wanted:
            counts = self._open_counts.get(path)
            if counts is not None:
                opened -= counts[0]
                other -= counts[1]
        found.open_more += opened
        found.earlier += other

    def _linked(self, lines: set[str]) -> set[str]:
        """The notes that agenda lines (`text — [[link]]`) link: by path, or by unique title."""
        found = set()
        for line in lines:
            start = line.rfind("[[")
            end = line.find("]]", start)
            if start < 0 or end < 0:
                continue
            target = line[start + 2 : end]
            if f"{target}.md" in self.notes:
                found.add(f"{target}.md")
            else:
                found.update(self._by_title.get(target.lower(), ()))
        return found

    def between(self, start: dt.date, end: dt.date) -> list[Note]:
        """The notes dated from start to end (inclusive), by path."""
        paths = [
            path
            for day in self._dates[
                bisect_left(self._dates, start) : bisect_left(
                    self._dates, end + dt.timedelta(days=1)
                )
            ]
            for path in self._by_date[day]
        ]
        return [self.notes[path] for path in sorted(paths)]

    def session_notes(self, since: dt.date) -> list[Note]:
        """The session notes from `since` on, by date."""
        return [
            self.notes[path]
            for _, path in self._sessions[bisect_left(self._sessions, (since, "")) :]
        ]

    def last_session(self, today: dt.date) -> Note | None:
        """The session note the agenda for `today` takes its threads from: the last one up
        to today (by date, then path, as agenda.last_sessions orders them)."""
        end = bisect_left(self._sessions, (today + dt.timedelta(days=1), ""))
        return self.notes[self._sessions[end - 1][1]] if end else None

    def session_dates(self, today: dt.date) -> list[dt.date]:
        """The days a session was recorded, up to today, oldest first."""
        return sorted({day for day, _ in self._sessions if day <= today})


def _by_its_date(note: Note) -> bool:
    """Whether a note is found by its date: not a reference note (dated by its file's mtime,
    so "today" after a clone or a sync) that holds no item. Such a note is no entry and says
    nothing to the agenda or a review, and ten thousand of them must not cost an edit."""
    return note.date_source != "mtime" or bool(note.items) or note.session_date is not None


def _names(note: Note) -> tuple[str, str]:
    return note.title.lower(), note.path[:-3].lower()


def window_start(today: dt.date, window_days: int) -> dt.date:
    """The first day of a window of `window_days` ending today."""
    return today - dt.timedelta(days=window_days - 1)
