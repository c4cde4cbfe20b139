"""Format and parse dates with Moment.js format tokens (English locale only),
as Obsidian writes them in daily-note names and template placeholders."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Sunday first, because moment's d and e tokens count from Sunday = 0.
WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _ordinal(n: int) -> str:
    # 11, 12 and 13 take "th" even though they end in 1, 2 and 3.
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _weekday(day: dt.date) -> int:
    return day.isoweekday() % 7


def _day_of_year(day: dt.date) -> int:
    return day.timetuple().tm_yday


def _locale_week(day: dt.date) -> tuple[int, int]:
    """(week-year, week) in moment's en locale."""
    # Weeks run Sunday to Saturday and week 1 is the one holding Jan 1, so the
    # last days of December belong to next year once that week has begun.
    # Counting days instead of building dates keeps 9999-12-31 in range.
    weekday, yday = _weekday(day), _day_of_year(day)
    days_in_year = 366 if calendar.isleap(day.year) else 365
    if days_in_year - yday < 6 - weekday:
        return day.year + 1, 1
    jan1_weekday = (weekday - (yday - 1)) % 7
    return day.year, (yday - 1 + jan1_weekday) // 7 + 1


def _unix_ms(value: dt.datetime) -> int:
    # moment reads a value without a zone as local time; astimezone() does too.
    aware = value if value.utcoffset() is not None else value.astimezone()
    return (aware - _EPOCH) // dt.timedelta(milliseconds=1)


_Formatter = Callable[[dt.datetime], str]

_FORMATTERS: dict[str, _Formatter] = {
    "YYYY": lambda v: f"{v.year:04d}",
    "YY": lambda v: f"{v.year % 100:02d}",
    "Q": lambda v: str((v.month - 1) // 3 + 1),
    "M": lambda v: str(v.month),
    "MM": lambda v: f"{v.month:02d}",
    "MMM": lambda v: MONTHS[v.month - 1][:3],
    "MMMM": lambda v: MONTHS[v.month - 1],
    "Mo": lambda v: _ordinal(v.month),
    "D": lambda v: str(v.day),
    "DD": lambda v: f"{v.day:02d}",
    "Do": lambda v: _ordinal(v.day),
    "DDD": lambda v: str(_day_of_year(v)),
    "DDDD": lambda v: f"{_day_of_year(v):03d}",
    "d": lambda v: str(_weekday(v)),
    "do": lambda v: _ordinal(_weekday(v)),
    "dd": lambda v: WEEKDAYS[_weekday(v)][:2],
    "ddd": lambda v: WEEKDAYS[_weekday(v)][:3],
    "dddd": lambda v: WEEKDAYS[_weekday(v)],
    "E": lambda v: str(v.isoweekday()),
    "e": lambda v: str(_weekday(v)),
    "w": lambda v: str(_locale_week(v)[1]),
    "ww": lambda v: f"{_locale_week(v)[1]:02d}",
    "wo": lambda v: _ordinal(_locale_week(v)[1]),
    "gg": lambda v: f"{_locale_week(v)[0] % 100:02d}",
    "gggg": lambda v: f"{_locale_week(v)[0]:04d}",
    "W": lambda v: str(v.isocalendar()[1]),
    "WW": lambda v: f"{v.isocalendar()[1]:02d}",
    "Wo": lambda v: _ordinal(v.isocalendar()[1]),
    "GG": lambda v: f"{v.isocalendar()[0] % 100:02d}",
    "GGGG": lambda v: f"{v.isocalendar()[0]:04d}",
    "H": lambda v: str(v.hour),
    "HH": lambda v: f"{v.hour:02d}",
    "h": lambda v: str(v.hour % 12 or 12),
    "hh": lambda v: f"{v.hour % 12 or 12:02d}",
    "k": lambda v: str(v.hour or 24),
    "kk": lambda v: f"{v.hour or 24:02d}",
    "m": lambda v: str(v.minute),
    "mm": lambda v: f"{v.minute:02d}",
    "s": lambda v: str(v.second),
    "ss": lambda v: f"{v.second:02d}",
    "A": lambda v: "AM" if v.hour < 12 else "PM",
    "a": lambda v: "am" if v.hour < 12 else "pm",
    "X": lambda v: str(_unix_ms(v) // 1000),
    "x": lambda v: str(_unix_ms(v)),
}

# Brackets first, then tokens longest first so that MMMM beats MMM and Do
# beats D; anything else is literal: a run of characters that start neither,
# a run of "[" that each meet another "[" before any "]", or one character
# (a piece per character made a long format slow). The bracket rule is
# moment's own: it runs to the last "]" before the next "[".
_TOKEN_RE = re.compile(
    r"\[[^\[]*\]|"
    + "|".join(sorted(_FORMATTERS, key=len, reverse=True))
    + rf"|[^\[{''.join(sorted({t[0] for t in _FORMATTERS}))}]+|\[+(?=\[)|.",
    re.DOTALL,
)


def _split(fmt: str) -> Iterator[tuple[str | None, str]]:
    """Yield (token, text) pairs; token is None for literal text."""
    for match in _TOKEN_RE.finditer(fmt):
        piece = match.group()
        if piece in _FORMATTERS:
            yield piece, piece
        elif len(piece) > 1 and piece[0] == "[" and piece[-1] == "]":
            yield None, piece[1:-1]
        else:
            yield None, piece


def format_moment(value: dt.date | dt.datetime, fmt: str) -> str:
    """Write ``value`` the way moment's ``format(fmt)`` would."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    # Each token is written once: "x" asks the clock for the local zone every time.
    written: dict[str, str] = {}
    out = []
    for token, text in _split(fmt):
        if token:
            text = written.get(token) or written.setdefault(token, _FORMATTERS[token](value))
        out.append(text)
    return "".join(out)


# Parsing: each token becomes (field, regex, converter). Fields written more
# than once must agree; a None field is matched but says nothing about the day.
_Parser = tuple[str | None, str, Callable[[str], int]]


def _choices(field: str | None, table: dict[str, int]) -> _Parser:
    # Spelling out every allowed value lets the regex backtrack to a real date
    # in runs like YYYYMMDD. ASCII-only case folding keeps the lookup exact
    # (full Unicode folding would let "ſunday" match but miss the table).
    alternatives = "|".join(map(re.escape, sorted(table, key=len, reverse=True)))
    lookup = {key.lower(): value for key, value in table.items()}
    return field, f"(?ai:{alternatives})", lambda text: lookup[text.lower()]


def _numbers(field: str | None, low: int, high: int, width: int = 0) -> _Parser:
    return _choices(field, {f"{n:0{width}d}": n for n in range(low, high + 1)})


def _ordinals(field: str, low: int, high: int) -> _Parser:
    return _choices(field, {_ordinal(n): n for n in range(low, high + 1)})


def _names(
    field: str, names: tuple[str, ...], length: int | None = None, start: int = 0
) -> _Parser:
    return _choices(field, {name[:length]: i for i, name in enumerate(names, start)})


def _year(field: str, digits: int) -> _Parser:
    # Two-digit years are read as 20xx, which is all a journal needs.
    century = 2000 if digits == 2 else 0
    return field, f"[0-9]{{{digits}}}", lambda text: century + int(text)


_PARSERS: dict[str, _Parser] = {
    "YYYY": _year("year", 4),
    "YY": _year("year", 2),
    "Q": _numbers("quarter", 1, 4),
    "M": _numbers("month", 1, 12),
    "MM": _numbers("month", 1, 12, 2),
    "MMM": _names("month", MONTHS, 3, start=1),
    "MMMM": _names("month", MONTHS, start=1),
    "Mo": _ordinals("month", 1, 12),
    "D": _numbers("day", 1, 31),
    "DD": _numbers("day", 1, 31, 2),
    "Do": _ordinals("day", 1, 31),
    "DDD": _numbers("yday", 1, 366),
    "DDDD": _numbers("yday", 1, 366, 3),
    "d": _numbers("weekday", 0, 6),
    "do": _ordinals("weekday", 0, 6),
    "dd": _names("weekday", WEEKDAYS, 2),
    "ddd": _names("weekday", WEEKDAYS, 3),
    "dddd": _names("weekday", WEEKDAYS),
    "E": _choices("weekday", {str(n): n % 7 for n in range(1, 8)}),
    "e": _numbers("weekday", 0, 6),
    "w": _numbers("locale_week", 1, 53),
    "ww": _numbers("locale_week", 1, 53, 2),
    "wo": _ordinals("locale_week", 1, 53),
    "gg": _year("locale_year", 2),
    "gggg": _year("locale_year", 4),
    "W": _numbers("iso_week", 1, 53),
    "WW": _numbers("iso_week", 1, 53, 2),
    "Wo": _ordinals("iso_week", 1, 53),
    "GG": _year("iso_year", 2),
    "GGGG": _year("iso_year", 4),
    "H": _numbers(None, 0, 23),
    "HH": _numbers(None, 0, 23, 2),
    "h": _numbers(None, 1, 12),
    "hh": _numbers(None, 1, 12, 2),
    "k": _numbers(None, 1, 24),
    "kk": _numbers(None, 1, 24, 2),
    "m": _numbers(None, 0, 59),
    "mm": _numbers(None, 0, 59, 2),
    "s": _numbers(None, 0, 59),
    "ss": _numbers(None, 0, 59, 2),
    "A": _choices(None, {"AM": 0, "PM": 1}),
    "a": _choices(None, {"am": 0, "pm": 1}),
    # A timestamp's day depends on the time zone, so it is matched, not read.
    "X": (None, "-?[0-9]+", int),
    "x": (None, "-?[0-9]+", int),
}

# Any of these sets of fields pins down exactly one day.
_DAY_FIELDS = (
    {"year", "month", "day"},
    {"year", "yday"},
    {"iso_year", "iso_week", "weekday"},
    {"locale_year", "locale_week", "weekday"},
)


@functools.lru_cache(maxsize=256)
def _compile(fmt: str) -> tuple[re.Pattern[str], tuple[_Parser, ...]]:
    pattern, parsers = [], []
    for token, text in _split(fmt):
        if token is None:
            pattern.append(re.escape(text))
        else:
            parsers.append(_PARSERS[token])
            pattern.append(f"({_PARSERS[token][1]})")
    return re.compile("".join(pattern)), tuple(parsers)


def _resolve(fields: dict[str, int]) -> dt.date | None:
    weekday = fields.get("weekday")
    if {"year", "month", "day"} <= fields.keys():
        return dt.date(fields["year"], fields["month"], fields["day"])
    if {"year", "yday"} <= fields.keys():
        jan1 = dt.date(fields["year"], 1, 1)
        return dt.date.fromordinal(jan1.toordinal() + fields["yday"] - 1)
    # A week without a weekday stands for its first day.
    if {"iso_year", "iso_week"} <= fields.keys():
        iso_weekday = 1 if weekday is None else weekday or 7
        return dt.date.fromisocalendar(fields["iso_year"], fields["iso_week"], iso_weekday)
    if {"locale_year", "locale_week"} <= fields.keys():
        jan1 = dt.date(fields["locale_year"], 1, 1)
        first_sunday = jan1.toordinal() - _weekday(jan1)
        return dt.date.fromordinal(first_sunday + 7 * (fields["locale_week"] - 1) + (weekday or 0))
    return None


def _fields_of(day: dt.date) -> dict[str, int]:
    iso_year, iso_week, _ = day.isocalendar()
    locale_year, locale_week = _locale_week(day)
    return {
        "year": day.year,
        "quarter": (day.month - 1) // 3 + 1,
        "month": day.month,
        "day": day.day,
        "yday": _day_of_year(day),
        "weekday": _weekday(day),
        "iso_year": iso_year,
        "iso_week": iso_week,
        "locale_year": locale_year,
        "locale_week": locale_week,
    }


def parse_moment(text: str, fmt: str, *, prefix: bool = False) -> dt.date | None:
    """Read the day ``text`` names when written in ``fmt``, or None.

    With ``prefix`` only the start of ``text`` has to match, so a note named
    "2026-11-12 session" still reads as 2026-11-12.
    """
    if fmt == ISO_DAY:
        return _iso_day(text, prefix)
    return _parsed(text, fmt, prefix)


ISO_DAY = "YYYY-MM-DD"  # the daily format of nearly every vault, and its file names
# What _compile makes of ISO_DAY, read without its month and day alternatives (tried one by
# one) and its table of fields: every daily page's name is read with it.
_ISO_DAY = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")


def _iso_day(text: str, prefix: bool) -> dt.date | None:
    match = _ISO_DAY.match(text) if prefix else _ISO_DAY.fullmatch(text)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 2026-02-30, year 0000
        return None


def _parsed(text: str, fmt: str, prefix: bool) -> dt.date | None:
    """parse_moment for any format."""
    pattern, parsers = _compile(fmt)
    match = pattern.match(text) if prefix else pattern.fullmatch(text)
    if match is None:
        return None
    fields: dict[str, int] = {}
    for (field, _, convert), raw in zip(parsers, match.groups(), strict=False):
        if field is None:
            continue
        value = convert(raw)
        if fields.setdefault(field, value) != value:
            return None
    try:
        day = _resolve(fields)
    except (ValueError, OverflowError):  # 2026-02-30, year 0000, week 53 of a 52-week year
        return None
    if day is None:
        return None
    if len(fields) == 3 and "year" in fields and "month" in fields and "day" in fields:
        return day  # made of these three, it is described by them (the common YYYY-MM-DD)
    # Every field read must describe the day found, which rejects a Monday
    # that is really a Sunday, day 366 of a common year, or a YYYY that
    # disagrees with its GGGG.
    actual = _fields_of(day)
    if any(actual[field] != value for field, value in fields.items()):
        return None
    return day


def has_date_tokens(fmt: str) -> bool:
    """True when dates written in ``fmt`` can be read back to a single day."""
    fields = {field for field, _, _ in _compile(fmt)[1]}
    return any(needed <= fields for needed in _DAY_FIELDS)
