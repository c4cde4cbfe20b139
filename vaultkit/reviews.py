"""Weekly reviews: the facts of one finished ISO week, from the notes alone (no I/O).

A review says what was written that week, how the mood ranged, what repeated, and which
exercises were done, with the distress a person rated before and after each one
(frontmatter `distress_before` / `distress_after`). It reports numbers; it never judges them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Mapping

from .agenda import ChartData, chart_path, is_summary, link_names
from .config import Config
from .ignore import in_folder
from .mood import Mood, emotion_points, mood_between
from .note import Note
from .repeated import Repeat, repeated_names, repeated_words

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


@dataclass(frozen=True)
class Exercise:
    kind: str  # "thought-record"
    label: str  # "thought records"
    count: int
    rated: int  # how many gave both a before and an after rating
    before: float | None  # the average distress before, over the rated ones
    after: float | None


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
    by_kind: dict[str, list[Note]] = defaultdict(list)
    for note in entries:
        kind = exercise_kind(note, config)
        if kind:
            by_kind[kind].append(note)
    found = []
    for kind, notes in sorted(by_kind.items()):
        rated = [n.distress for n in notes if None not in n.distress]
        before = round(sum(b for b, _ in rated) / len(rated), 1) if rated else None
        after = round(sum(a for _, a in rated) / len(rated), 1) if rated else None
        found.append(Exercise(kind, LABELS.get(kind, kind.replace("-", " ")), len(notes),
                              len(rated), before, after))
    return found


def build_review(notes: list[Note], config: Config, year: int, week: int,
                 sessions: list[dt.date], titles: Counter[str] | None = None,
                 phrases: Mapping[str, Mapping[str, str]] | None = None) -> Review | None:
    """The review of one week from (at least) the notes dated in it; None when nothing was
    written that week. `phrases` maps entry paths to phrases.note_phrases()."""
    start, end = week_span(year, week)
    entries = sorted((n for n in notes if start <= n.date <= end
                      and not is_summary(n.path, config)), key=lambda n: (n.date, n.path))
    if not entries:
        return None
    links = link_names(entries, titles=titles)
    review = Review(year, week, start, end, [f"[[{links[n.path]}]]" for n in entries])
    review.mood = mood_between(entries, start, end, config.mood_scale)
    review.repeated = repeated_names(entries, config, links)
    if phrases:
        review.phrases = repeated_words(entries, phrases, links)
    review.exercises = exercises(entries, config)
    if review.mood is not None:
        review.chart = chart_path(config, review.name)
        review.chart_data = ChartData(start, end, review.mood.days,
                                      emotion_points(entries, start, end),
                                      [d for d in sessions if start <= d <= end],
                                      config.mood_scale)
    return review
