"""Sessions: the schedule setting and when the next session falls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ScheduleError(ValueError):
    pass


@dataclass(frozen=True)
class Schedule:
    weekday: int  # Monday = 0
    anchor: dt.date | None = None  # a date of one session: fortnightly from it; None: weekly


def parse_schedule(text: str) -> Schedule:
    """`weekly:thu` or `fortnightly:tue:2026-11-17` (the date of any one session)."""
    parts = [p.strip().lower() for p in text.split(":")]
    usage = "schedule must look like 'weekly:thu' or 'fortnightly:tue:2026-11-17'"
    if len(parts) < 2 or parts[0] not in ("weekly", "fortnightly") or parts[1][:3] not in WEEKDAYS:
        raise ScheduleError(usage)
    weekday = WEEKDAYS.index(parts[1][:3])
    if parts[0] == "weekly":
        if len(parts) != 2:
            raise ScheduleError(usage)
        return Schedule(weekday)
    if len(parts) != 3:
        raise ScheduleError("a fortnightly schedule needs the date of one session: " + usage)
    try:
        anchor = dt.date.fromisoformat(parts[2])
    except ValueError:
        raise ScheduleError(f"'{parts[2]}' is not a date (YYYY-MM-DD)") from None
    if anchor.weekday() != weekday:
        raise ScheduleError(f"{anchor} is not a {WEEKDAYS[weekday]}")
    return Schedule(weekday, anchor)


def next_session(schedule: Schedule, today: dt.date, last: dt.date | None) -> dt.date:
    """The first scheduled day from today on, after the last recorded session."""
    start = today if last is None or last < today else last + dt.timedelta(days=1)
    day = start + dt.timedelta(days=(schedule.weekday - start.weekday()) % 7)
    if schedule.anchor is not None and (day - schedule.anchor).days % 14:
        day += dt.timedelta(days=7)
    return day
