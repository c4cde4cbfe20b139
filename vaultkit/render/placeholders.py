"""Obsidian's core placeholders in a template (`{{date:FORMAT}}`, `{{time}}`, `{{yesterday}}`
and the rest) as the Jinja calls vaultkit renders them with."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping

from vaultkit.render.sandbox.formats import check_moment_format
from vaultkit.text.moment import format_moment
from vaultkit.text.next_finder import NextFinder

# The opening of a placeholder; a `{{date:FORMAT}}` then runs to the first `}}` on its line.
# (Found with NextFinder, not `.*?\}\}`: that reads to the end of the line again from every
# `{{date:` that has no `}}`, quadratic on a long line.)
_PLACEHOLDER = re.compile(
    r"\{\{\s*(?:(?P<what>date|time)\s*(?:(?P<n>[+-]\d+)\s*(?P<unit>[yMwdhms]))?\s*"
    r"(?:(?P<colon>:)|\}\})|(?P<word>yesterday|tomorrow)\s*\}\})",
    re.IGNORECASE,
)


def _jinja_string(value: str) -> str:
    return json.dumps(value)  # ASCII-only with \u escapes, which Jinja's string literals accept


def translate_placeholders(text: str) -> str:
    """Rewrite `{{date:FORMAT}}` and friends as Jinja calls, keeping every line where it was."""
    closers, newlines = NextFinder(text, "}}"), NextFinder(text, "\n")
    out: list[str] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() < pos:
            continue  # inside the format of the placeholder before
        end, fmt = match.end(), ""
        if match.group("colon"):
            close = closers.find(end)
            line_end = newlines.find(end)
            if close < 0 or 0 <= line_end < close:
                continue  # no `}}` on this line: not a placeholder
            fmt, end = text[end:close], close + 2
        if match.group("word"):
            call = f"obsidian_placeholder({_jinja_string(match.group('word').lower())})"
        else:
            args = [
                match.group("what").lower(),
                match.group("n") or "0",
                match.group("unit") or "d",
                fmt,
            ]
            call = f"obsidian_placeholder({', '.join(map(_jinja_string, args))})"
        out.append(text[pos : match.start()])
        out.append("{{ " + call + " }}")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _shift(moment: dt.datetime, amount: int, unit: str) -> dt.datetime:
    if unit in "yM":
        months = moment.month - 1 + amount * (12 if unit == "y" else 1)
        year, month = moment.year + months // 12, months % 12 + 1
        day = min(
            moment.day,
            [
                31,
                29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ][month - 1],
        )
        return moment.replace(year=year, month=month, day=day)
    seconds = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}[unit]
    return moment + dt.timedelta(seconds=amount * seconds)


def placeholder_function(now: dt.datetime, formats: Mapping[str, str]) -> Callable[..., str]:
    def obsidian_placeholder(what: str, amount: str = "0", unit: str = "d", fmt: str = "") -> str:
        if what in ("yesterday", "tomorrow"):
            moment = now + dt.timedelta(days=-1 if what == "yesterday" else 1)
            return format_moment(moment, formats["daily"])
        moment = _shift(now, int(amount), unit)
        fmt = fmt.strip() or formats[what]
        check_moment_format(fmt, "a date placeholder")
        return format_moment(moment, fmt)

    return obsidian_placeholder
