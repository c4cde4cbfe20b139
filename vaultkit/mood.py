"""Mood and emotion figures for a span of days, from the notes alone (no I/O).

Mood values (frontmatter `mood:`, inline `mood::`) are averaged per day; emotion fields
(`[emotion:: anxious] [intensity:: 70]`) are counted per word. The figures describe what was
written down; they never score or interpret it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from .note import Note

SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class EmotionCount:
    name: str
    count: int
    average: float | None  # mean intensity (0-100) of the entries that gave one


@dataclass(frozen=True)
class Mood:
    days: list[tuple[dt.date, float]]  # (day, that day's average mood), oldest first
    sparkline: str
    average: float | None  # one decimal; None when no day has a mood value
    previous_average: float | None  # the period before, when there is one
    scale: int
    low: float | None
    high: float | None
    emotions: list[EmotionCount]


def daily_moods(notes: Iterable[Note], start: dt.date | None,
                end: dt.date) -> list[tuple[dt.date, float]]:
    """(day, average mood that day) for the days from start (or the beginning) to end."""
    values: dict[dt.date, list[float]] = defaultdict(list)
    for note in notes:
        if note.moods and (start is None or note.date >= start) and note.date <= end:
            values[note.date].extend(note.moods)
    return [(day, sum(v) / len(v)) for day, v in sorted(values.items())]


def emotion_points(notes: Iterable[Note], start: dt.date | None,
                   end: dt.date) -> list[tuple[dt.date, str, int]]:
    """(day, emotion, intensity) of every emotion field with an intensity in the span."""
    return sorted((e.date, e.name, e.intensity) for note in notes for e in note.emotions
                  if e.intensity is not None and (start is None or e.date >= start)
                  and e.date <= end)


def emotion_counts(notes: Iterable[Note], start: dt.date | None,
                   end: dt.date) -> list[EmotionCount]:
    """Each emotion named in the span, most often first."""
    found: dict[str, list[int | None]] = defaultdict(list)
    for note in notes:
        for emotion in note.emotions:
            if (start is None or emotion.date >= start) and emotion.date <= end:
                found[emotion.name].append(emotion.intensity)
    counts = []
    for name, values in found.items():
        given = [v for v in values if v is not None]
        counts.append(EmotionCount(name, len(values),
                                   round(sum(given) / len(given), 1) if given else None))
    counts.sort(key=lambda c: (-c.count, c.name))
    return counts


def sparkline(days: list[tuple[dt.date, float]], scale: int) -> str:
    def spark(value: float) -> str:
        step = (min(max(value, 1), scale) - 1) / max(scale - 1, 1)
        return SPARK[round(step * (len(SPARK) - 1))]

    return "".join(spark(v) for _, v in days)


def _average(days: list[tuple[dt.date, float]]) -> float | None:
    return round(sum(v for _, v in days) / len(days), 1) if days else None


def mood_between(notes: list[Note], start: dt.date | None, end: dt.date, scale: int,
                 before: tuple[dt.date, dt.date] | None = None) -> Mood | None:
    """The mood of a span, beside the average of the span `before` it; None when the span
    holds neither a mood value nor an emotion."""
    days = daily_moods(notes, start, end)
    emotions = emotion_counts(notes, start, end)
    if not days and not emotions:
        return None
    previous = _average(daily_moods(notes, *before)) if before else None
    values = [v for _, v in days]
    return Mood(days, sparkline(days, scale), _average(days), previous, scale,
                round(min(values), 1) if values else None,
                round(max(values), 1) if values else None, emotions)
