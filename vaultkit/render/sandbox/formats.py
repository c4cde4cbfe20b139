"""Sizing what a format writes: %-formatting, str.format's fields, strftime and Moment.js
date formats."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Undefined

from vaultkit.render.sandbox.bounds import (
    MAX_FORMAT_CHARS,
    MAX_ITEMS,
    MAX_OUTPUT_CHARS,
    cap_text,
)
from vaultkit.render.sandbox.measure import size_of

# cuts it (`'%.3s' % huge` still makes huge).
_PRINTF = re.compile(
    r"%(?P<key>\([^()]*\)|\()?(?P<flags>[-+ #0]*)(?P<width>\*|\d*)"
    r"(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<kind>.?)",
    re.DOTALL,
)


def printf_chars(fmt: str | bytes, values: Any, what: str, escaping: bool = False) -> int:
    conversions = fmt.count(b"%") if isinstance(fmt, bytes) else fmt.count("%")
    if conversions > 2 * MAX_ITEMS:
        raise SecurityError(f"{what}: more than {MAX_ITEMS} conversions")
    if isinstance(values, tuple):
        args, mapping = list(values), None
    elif hasattr(type(values), "__getitem__") and not isinstance(values, (str, bytes)):
        args, mapping = [values], values
    else:
        args, mapping = [values], None
    position, total = 0, len(fmt)
    for match in _PRINTF.finditer(fmt.decode("latin-1") if isinstance(fmt, bytes) else fmt):
        key, kind = match["key"], match["kind"]
        if match.group() == "%%":
            continue
        if key == "(" or kind in ("", "%"):
            return total  # a key with parentheses inside, or no conversion: Python refuses it
        numbers = []
        for part in (match["width"], match["precision"]):
            if part == "*":
                if position >= len(args) or not isinstance(args[position], int):
                    return total  # Python refuses it here
                numbers.append(abs(args[position]))
                position += 1
            else:
                numbers.append(None if part is None else int(part or 0))
        width, precision = numbers
        if key is not None:
            try:
                value = mapping[key[1:-1]] if mapping is not None else None
            except (LookupError, TypeError):
                return total
            if mapping is None:
                return total
        elif position < len(args):
            value, position = args[position], position + 1
        else:
            return total
        chars = _conversion_chars(value, kind, precision, what, isinstance(fmt, bytes))
        if escaping and kind in "sra":
            chars *= 5
        total += max(width or 0, chars)
        if total > MAX_OUTPUT_CHARS:
            cap_text(total, what)
    return total


def _conversion_chars(
    value: Any, kind: str, precision: int | None, what: str, into_bytes: bool
) -> int:
    if kind in "sb":
        return len(value) if into_bytes and isinstance(value, bytes) else size_of(value, what)
    if kind == "r":
        return size_of(value, what, "repr")
    if kind == "a":
        return size_of(value, what, "ascii")
    if kind in "diuoxX":
        digits = value.bit_length() + 4 if isinstance(value, int) else 1100  # any float is
        return max(digits, precision or 0) + 4  # below 2 ** 1024
    if kind in "eEfFgG":
        return 330 + (6 if precision is None else precision)
    return 1  # c, or a conversion Python refuses


# str.format's spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type]
_SPEC = re.compile(
    r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?"
    r"(?P<kind>[bcdeEfFgGnosxX%]?)",
    re.DOTALL,
)


def field_chars(value: Any, spec: str, what: str) -> int:
    if isinstance(value, Undefined):
        return 0
    if not spec:
        return size_of(value, what)
    if isinstance(value, (dt.date, dt.time)):
        return strftime_chars(spec, what)
    match = _SPEC.fullmatch(spec)
    if match is None or not isinstance(value, (str, int, float)):
        raise SecurityError(
            f"{what}: the format spec {spec[:40]!r} for a {type(value).__name__} cannot be sized"
        )
    width = int(match["width"] or 0)
    precision = None if match["precision"] is None else int(match["precision"])
    if isinstance(value, str):
        chars = len(value) if precision is None else min(len(value), precision)
    elif isinstance(value, int) and match["kind"] not in "eEfFgG%":
        chars = (value.bit_length() + 2) * 5 // 4 + 8  # binary, grouped, is the longest
    elif match["kind"] == "c":
        chars = 1  # a float, which Python refuses to write as a character
    else:
        chars = (1100 + (6 if precision is None else precision)) * 4 // 3
    return max(width, chars)


def strftime_chars(fmt: Any, what: str) -> int:
    if not isinstance(fmt, str):
        return 0
    if len(fmt) > MAX_FORMAT_CHARS:
        raise SecurityError(f"{what}: a date format of more than {MAX_FORMAT_CHARS} characters")
    return 256 * len(fmt) + 64


def check_moment_format(fmt: Any, what: str) -> None:
    """Refuse a Moment.js format whose output could be longer than the output cap."""
    cap_text(moment_chars(fmt, what), what)


def moment_chars(fmt: Any, what: str) -> int:
    if not isinstance(fmt, str):
        return 0
    if len(fmt) > MAX_FORMAT_CHARS:
        raise SecurityError(f"{what}: a date format of more than {MAX_FORMAT_CHARS} characters")
    return 13 * len(fmt)  # `x`, the Unix time in milliseconds, is the widest token
