"""Mood and emotion figures for a span of days, from the notes alone (no I/O).

The figures are the person's own ratings, shown as they gave them: the range and the days,
each day's ratings in words beside the sparkline, each emotion with the days it was noted on
and its intensities as written. vaultkit makes no number of its own: a 4.5 stays 4.5, a day
with two ratings shows both (never their mean), and an average is there only for a template
that asks for it (`[mood] show_average = true` for the built-in ones). Counted per day: an
emotion written in the daily page and in the emotion log of one day is one day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from vaultkit.text.note import Note

SPARK = "▁▂▃▄▅▆▇█"
SHOWN_INTENSITIES = 8  # intensities listed per emotion; the rest fold into "and N more"


def rating(value: float) -> str:
    """A rating as the person wrote it: 4 as "4", 4.5 as "4.5"."""
    return f"{value:g}"


@dataclass(frozen=True)
class EmotionCount:
    name: str
    count: int  # the days it was noted on
    average: float | None  # mean intensity, for a template that shows one (the built-ins don't)
    intensities: tuple[float, ...] = ()  # as written, day by day; a value twice in a day once

    @property
    def days(self) -> int:
        return self.count

    @property
    def shown(self) -> str:
        """The intensities as a line lists them: "70, 85"."""
        more = len(self.intensities) - SHOWN_INTENSITIES
        values = ", ".join(map(str, self.intensities[:SHOWN_INTENSITIES]))
        return values + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class Mood:
    # (day, the day's last rating), oldest first: what the sparkline and the chart draw
    days: list[tuple[dt.date, float]]
    sparkline: str
    average: float | None  # of the days (a day's ratings averaged first); see show_average
    previous_average: float | None  # the period before, when there is one
    scale: int
    low: float | None  # the lowest rating written in the span; None when there is none
    high: float | None
    emotions: list[EmotionCount]
    # Each day's ratings, distinct, low to high: what `in_words` says
    ratings: list[tuple[dt.date, tuple[float, ...]]] = field(default_factory=list)
    previous_low: float | None = None
    previous_high: float | None = None
    previous_days: int = 0
    show_average: bool = False  # [mood] show_average: the built-in templates show it only then

    @property
    def range(self) -> str:
        """ "3 to 6" ("6" when every rating was 6); "" without ratings."""
        return _range(self.low, self.high)

    @property
    def previous_range(self) -> str:
        return _range(self.previous_low, self.previous_high)

    @property
    def in_words(self) -> str:
        """The sparkline's days in words: "3, 4.5–6, 5" (a day with two ratings shows both
        ends)."""
        return ", ".join(
            rating(v[0]) if len(v) == 1 else f"{rating(v[0])}–{rating(v[-1])}"
            for _, v in self.ratings
        )


def _range(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return rating(low) if low == high else f"{rating(low)} to {rating(high)}"


def daily_ratings(
    notes: Iterable[Note], start: dt.date | None, end: dt.date
) -> dict[dt.date, list[float]]:
    """Every rating of each day from start (or the beginning) to end, in the order written
    (notes by path, then line by line)."""
    values: dict[dt.date, list[float]] = defaultdict(list)
    for note in sorted(notes, key=lambda n: n.path):
        if note.moods and (start is None or note.date >= start) and note.date <= end:
            values[note.date].extend(note.moods)
    return dict(sorted(values.items()))


def daily_moods(
    notes: Iterable[Note], start: dt.date | None, end: dt.date
) -> list[tuple[dt.date, float]]:
    """(day, the last rating written that day) for the days from start (or the beginning) to
    end: one of the person's own numbers per day, never a mean of them."""
    return [(day, values[-1]) for day, values in daily_ratings(notes, start, end).items()]


def emotion_points(
    notes: Iterable[Note], start: dt.date | None, end: dt.date
) -> list[tuple[dt.date, str, float]]:
    """(day, emotion, intensity) of the emotion fields with an intensity in the span; the same
    emotion at the same intensity twice in a day (the daily page and the emotion log) once."""
    return sorted(
        {
            (e.date, e.name, e.intensity)
            for note in notes
            for e in note.emotions
            if e.intensity is not None and (start is None or e.date >= start) and e.date <= end
        }
    )


def emotion_counts(
    notes: Iterable[Note], start: dt.date | None, end: dt.date
) -> list[EmotionCount]:
    """Each emotion named in the span with the days it was noted on, most days first."""
    found: dict[str, dict[dt.date, set[float]]] = defaultdict(lambda: defaultdict(set))
    given: dict[str, list[float]] = defaultdict(list)
    for note in notes:
        for emotion in note.emotions:
            if (start is None or emotion.date >= start) and emotion.date <= end:
                values = found[emotion.name][emotion.date]
                if emotion.intensity is not None:
                    values.add(emotion.intensity)
                    given[emotion.name].append(emotion.intensity)
    counts = []
    for name, days in found.items():
        intensities = tuple(v for day in sorted(days) for v in sorted(days[day]))
        named = given[name]
        counts.append(
            EmotionCount(
                name,
                len(days),
                round(sum(named) / len(named), 1) if named else None,
                intensities,
            )
        )
    counts.sort(key=lambda c: (-c.count, c.name))
    return counts


def sparkline(days: list[tuple[dt.date, float]], scale: int) -> str:
    def spark(value: float) -> str:
        step = (min(max(value, 1), scale) - 1) / max(scale - 1, 1)
        return SPARK[round(step * (len(SPARK) - 1))]

    return "".join(spark(v) for _, v in days)


def _average(ratings: dict[dt.date, list[float]]) -> float | None:
    if not ratings:
        return None
    return round(sum(sum(v) / len(v) for v in ratings.values()) / len(ratings), 1)


def _bounds(ratings: dict[dt.date, list[float]]) -> tuple[float | None, float | None]:
    values = [v for day in ratings.values() for v in day]
    return (min(values), max(values)) if values else (None, None)


def mood_between(
    notes: list[Note],
    start: dt.date | None,
    end: dt.date,
    scale: int,
    before: tuple[dt.date, dt.date] | None = None,
    show_average: bool = False,
) -> Mood | None:
    """The mood of a span, beside the range of the span `before` it; None when the span holds
    neither a mood value nor an emotion."""
    ratings = daily_ratings(notes, start, end)
    emotions = emotion_counts(notes, start, end)
    if not ratings and not emotions:
        return None
    days = [(day, values[-1]) for day, values in ratings.items()]
    previous = daily_ratings(notes, *before) if before else {}
    low, high = _bounds(ratings)
    previous_low, previous_high = _bounds(previous)
    return Mood(
        days,
        sparkline(days, scale),
        _average(ratings),
        _average(previous),
        scale,
        low,
        high,
        emotions,
        [(day, tuple(sorted(set(values)))) for day, values in ratings.items()],
        previous_low,
        previous_high,
        len(previous),
        show_average,
    )
