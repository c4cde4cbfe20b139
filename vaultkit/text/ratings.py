"""Ratings as people write them: the one rule for every mood and intensity, and the warning
that quotes a value vaultkit cannot use."""

from __future__ import annotations

import json
import re
from typing import Any

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_NUMBER = r"\d++(?:[.,]\d++)?"  # 4, 4.5, and 4,5 as a decimal comma writes it
# The person's number first, then whatever they wrote after it ("4 - tired", "4 (tired)",
# "4, tired"), unless it runs on into a word ("4th"). "4/10" and "4 out of 10" say the scale
# they meant; "4-5" and "4 to 5" are two ratings, both theirs. Anchored and matched once, with
# each run read once (possessive), so it is linear in the value however long.
_RATING = re.compile(
    rf"(?P<first>{_NUMBER}|{'|'.join(_WORDS)})"
    r"(?:\s*+(?:/|out\s++of)\s*+(?P<scale>\d++)"
    rf"|\s*+(?:-|–|—|to)\s*+(?P<second>{_NUMBER}))?"
    r"(?!\w)",
    re.IGNORECASE,
)
SHOWN_CHARS = 40  # of a value quoted in a warning


def read_rating(value: Any, low: int, high: int) -> tuple[tuple[float, ...], str | None]:
    """The ratings in one field's value, and what stops vaultkit using them (None when
    nothing does). The one rule for every mood and intensity, frontmatter or inline.

    Empty (a template's `mood:` before the check-in) is no rating and no problem. A fraction
    of the scale in force is its number; of another scale it is left out, never converted:
    the figures are the person's own numbers, and vaultkit makes none of its own."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return (), None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        # A whole number alone ("7", "70"), what most ratings are, read as _RATING reads it.
        number = float(value)
        if low <= number <= high:
            return (number,), None
        return (), f"is not a number from {low} to {high}"
    if isinstance(value, bool):
        return (), f"is not a number from {low} to {high}"
    if isinstance(value, (int, float)):
        if isinstance(value, int) and not low <= value <= high:
            return (), f"is not a number from {low} to {high}"  # and maybe too big for a float
        numbers = [float(value)]
    elif isinstance(value, str) and (match := _RATING.match(value.strip())):
        if match.group("scale") is not None and int(match.group("scale")) != high:
            return (), (
                f"is out of {int(match.group('scale'))}, and the scale here is {low} to {high}"
            )
        numbers = [_number(match.group("first"))]
        if match.group("second") is not None:
            numbers.append(_number(match.group("second")))
    else:
        return (), f"is not a number from {low} to {high}"
    if not all(low <= number <= high for number in numbers):
        return (), f"is not a number from {low} to {high}"
    return tuple(numbers), None


def as_written(value: float | None) -> float | None:
    """A whole number as an int (shown "70", not "70.0"); anything else as it is."""
    return int(value) if value is not None and value == int(value) else value


def _number(text: str) -> float:
    low = text.lower()
    return float(_WORDS.index(low)) if low in _WORDS else float(text.replace(",", "."))


def shown(value: Any) -> str:
    """A value as a warning quotes it: on one line, and short."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, (dict, list)):
        # Close to what was typed ({a: 1}, [4, 5]) rather than Python's {'a': 1}.
        text = json.dumps(value, ensure_ascii=False, default=str).replace('"', "")
    else:
        text = " ".join(str(value)[: SHOWN_CHARS * 4].split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def mood_warning(path: str, line: int, value: Any, problem: str) -> str:
    return f'{path}:{line}: mood "{shown(value)}" {problem}; left out of the chart'
