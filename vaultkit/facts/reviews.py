"""Weekly reviews: the facts of one finished ISO week, from the notes alone (no I/O).

A review names the days the person wrote on, how the mood ranged, what repeated, and which
exercises were done, with how strong it felt before and after each one, as the person rated
it (frontmatter `distress_before` / `distress_after`; the keys keep their names, the word
never reaches the page). It reports the person's own numbers; it never judges or averages
them. Only entries the counts may read (agenda.is_counted) that the person wrote in
(agenda.is_written) are looked at: private notes, released letters, reference notes and
pages vaultkit made that nobody wrote in are not.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from vaultkit.facts.agenda import (
    ChartData,
    chart_path,
    is_counted,
    is_private,
    is_written,
    link_names,
)
from vaultkit.facts.mood import Mood, emotion_points, mood_between, rating
from vaultkit.facts.repeated import Repeat, entry_texts, repeated_names, repeated_words
from vaultkit.settings.config import Config
from vaultkit.text.ignore import in_folder
from vaultkit.text.note import Note
from vaultkit.text.phrases import EntryText

# How a kind of exercise (a template's name, or frontmatter `type:`) reads in a sentence.
LABELS = {
    "free-writing": "free writing",
    "unsent-letter": "unsent letters",
    "emotion-log": "emotion logs",
    "thought-record": "thought records",
    "dream": "dream notes",
    "session-reflection": "session reflections",
}
NOT_EXERCISES = {"", "daily", "session", "review", "weekly-review", "next-session"}
SHOWN_RATINGS = 6  # before/after pairs listed per kind; the rest fold into "and N more"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Exercise:
    kind: str  # "thought-record"
    label: str  # "thought records"
    count: int
    rated: int  # how many gave both a before and an after rating
    # The averages over the rated ones, for a template that shows them (the built-in one
    # lists each pair as the person rated it: `shown`)
    before: float | None
    after: float | None
    ratings: tuple[tuple[float, float], ...] = ()  # (before, after) of each rated one, by date

    @property
    def shown(self) -> str:
        """How strong it felt, before and after, as rated: "80 → 50, 70 → 40"."""
        more = len(self.ratings) - SHOWN_RATINGS
        pairs = ", ".join(f"{rating(b)} → {rating(a)}" for b, a in self.ratings[:SHOWN_RATINGS])
        return pairs + (f" and {more} more" if more > 0 else "")


@dataclass
class Review:
    year: int
    week: int
    start: dt.date  # Monday
    end: dt.date  # Sunday
    entries: list[str] = field(default_factory=list)  # links, oldest first
    mood: Mood | None = None
    repeated: list[Repeat] = field(default_factory=list)
    phrases: list[Repeat] = field(default_factory=list)
    exercises: list[Exercise] = field(default_factory=list)
    chart: str | None = None
    chart_data: ChartData | None = None
    days: list[dt.date] = field(default_factory=list)  # the days the person wrote on

    @property
    def days_in_words(self) -> str:
        """ "Monday, Tuesday and Thursday"."""
        names = [WEEKDAYS[day.weekday()] for day in self.days]
        return " and ".join(filter(None, (", ".join(names[:-1]), names[-1]))) if names else ""

    @property
    def name(self) -> str:
        """GGGG-[W]WW in Moment's tokens: the ISO week-numbering year and week."""
        return f"{self.year}-W{self.week:02d}"


def finished_weeks(today: dt.date, count: int) -> list[tuple[int, int]]:
    """The last `count` ISO weeks that ended before today, oldest first."""
    monday = today - dt.timedelta(days=today.weekday())
    weeks = []
    for back in range(count, 0, -1):
        year, week, _ = (monday - dt.timedelta(weeks=back)).isocalendar()
        weeks.append((year, week))
    return weeks


def week_span(year: int, week: int) -> tuple[dt.date, dt.date]:
    start = dt.date.fromisocalendar(year, week, 1)
    return start, start + dt.timedelta(days=6)


def review_path(config: Config, year: int, week: int) -> str:
    name = f"{year}-W{week:02d}.md"
    return f"{config.reviews_folder}/{name}" if config.reviews_folder else name


def exercise_kind(note: Note, config: Config) -> str:
    """The kind of exercise a note is: its `type:`, else its prompt folder's template."""
    if note.kind:
        return "" if note.kind in NOT_EXERCISES else note.kind
    folders = [f for f in config.prompt_folders if in_folder(note.path, f)]
    return config.prompt_folders[max(folders, key=len)] if folders else ""


def exercises(entries: list[Note], config: Config) -> list[Exercise]:
    """The exercises among `entries` by kind; a private one (an unsent letter) is not one."""
    by_kind: dict[str, list[Note]] = defaultdict(list)
    for note in entries:
        kind = exercise_kind(note, config)
        if kind and not is_private(note, config) and not note.released:
            by_kind[kind].append(note)
    found = []
    for kind, notes in sorted(by_kind.items()):
        notes.sort(key=lambda n: (n.date, n.path))
        rated = [(b, a) for b, a in (n.distress for n in notes) if b is not None and a is not None]
        before = round(sum(b for b, _ in rated) / len(rated), 1) if rated else None
        after = round(sum(a for _, a in rated) / len(rated), 1) if rated else None
        found.append(
            Exercise(
                kind,
                LABELS.get(kind, kind.replace("-", " ")),
                len(notes),
                len(rated),
                before,
                after,
                tuple(rated),
            )
        )
    return found


def build_review(
    notes: list[Note],
    config: Config,
    year: int,
    week: int,
    sessions: list[dt.date],
    titles: Counter[str] | None = None,
    phrases: Mapping[str, EntryText | Mapping[str, str]] | None = None,
    private: Collection[str] = (),
) -> Review | None:
    """The review of one week from (at least) the notes dated in it; None when the person
    wrote nothing that week. `phrases` maps entry paths to what their text says
    (phrases.read_entry, or plain note_phrases); a note it does not hold is taken as
    written."""
    start, end = week_span(year, week)
    texts = entry_texts(phrases)
    entries = sorted(
        (
            n
            for n in notes
            if start <= n.date <= end and is_counted(n, config) and is_written(n, texts)
        ),
        key=lambda n: (n.date, n.path),
    )
    if not entries:
        return None
    links = link_names(entries, titles=titles)
    review = Review(year, week, start, end, [f"[[{links[n.path]}]]" for n in entries])
    review.days = sorted({n.date for n in entries})
    review.mood = mood_between(
        entries, start, end, config.mood_scale, show_average=config.mood_show_average
    )
    review.repeated, _ = repeated_names(entries, config, links, private=private)
    if texts and config.agenda_phrases:
        review.phrases = repeated_words(entries, texts, links)
    review.exercises = exercises(entries, config)
    if review.mood is not None:
        review.chart = chart_path(config, review.name)
        review.chart_data = ChartData(
            start,
            end,
            review.mood.days,
            emotion_points(entries, start, end),
            [d for d in sessions if start <= d <= end],
            config.mood_scale,
        )
    return review
