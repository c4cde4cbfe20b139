"""What a value writes out, at most, worked out without writing it: the sizes every other
sizer in the sandbox is built from."""

from __future__ import annotations

import collections
import dataclasses
import itertools
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from jinja2.runtime import Undefined
from jinja2.utils import Namespace
from markupsafe import Markup

from vaultkit.render.sandbox.bounds import (
    MAX_ITEMS,
    MAX_OUTPUT_CHARS,
    cap_list,
    cap_walk,
    too_long,
)

# The positional and keyword arguments of a call, as a sizer is given them.
Args = tuple[Any, ...]
Kwargs = dict[str, Any]


def _digits(number: int) -> int:
    return number.bit_length() * 30103 // 100000 + 2  # log10(2), and a sign


VIEWS: tuple[type[Collection[Any]], ...] = (type({}.keys()), type({}.values()), type({}.items()))
COLLECTIONS: tuple[type[Collection[Any]], ...] = (
    list,
    tuple,
    set,
    frozenset,
    collections.deque,
    *VIEWS,
)
_OBJECT_CHARS = 256  # a date, a macro, any other object that writes itself as a short text


def _quoted(text: str, style: str) -> int:
    """The most characters repr() ("repr"), ascii() or json.dumps() may write for a text."""
    if style == "json":  # \uXXXX for non-ASCII and for <, >, &, ' (htmlsafe); two for astral
        return (6 if text.isascii() else 12) * len(text) + 2
    if text.isascii():
        return (2 if text.isprintable() else 4) * len(text) + 2
    if style == "repr" and text.isprintable():
        return 2 * len(text) + 2
    return 10 * len(text) + 2  # \U0010ffff


def measure(value: Any, what: str, style: str = "str") -> tuple[int, int, int]:
    """(characters, items, depth): at most what str(value) (style "str"), repr(), ascii() or
    json.dumps() writes. Containers are walked, never converted; past MAX_OUTPUT_CHARS
    characters or MAX_ITEMS items the walk stops and the operation is refused."""
    chars = count = depth = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        value, level = pending.pop()
        count += 1
        depth = max(depth, level)
        look = "repr" if style == "str" and level else style  # a list writes repr() of its items
        inner: Iterable[Any] = ()
        if isinstance(value, Undefined):
            size = 0  # writing it raises, as it did
        elif isinstance(value, str):
            size = len(value) if look == "str" else _quoted(value, look)
        elif isinstance(value, (bytes, bytearray)):
            size = 4 * len(value) + 3
        elif value is None or isinstance(value, bool):
            size = 5
        elif isinstance(value, int):
            size = _digits(value)
        elif isinstance(value, float):
            size = 24
        elif isinstance(value, dict):
            cap_walk(count + len(pending) + 2 * len(value), what)
            size, inner = 16 + 4 * len(value), itertools.chain(value, value.values())
        elif isinstance(value, COLLECTIONS):
            cap_walk(count + len(pending) + len(value), what)
            size, inner = 16 + 2 * len(value), value
        elif isinstance(value, Namespace):
            size, inner = 16, (object.__getattribute__(value, "_Namespace__attrs"),)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            shown = [f.name for f in dataclasses.fields(value) if f.repr]
            size = len(type(value).__qualname__) + 2 + sum(len(name) + 3 for name in shown)
            cap_walk(count + len(pending) + len(shown), what)
            inner = [getattr(value, name) for name in shown]
        else:
            size = _OBJECT_CHARS
        chars += size
        if chars > MAX_OUTPUT_CHARS:
            raise too_long(what)
        pending.extend((item, level + 1) for item in inner)
    return chars, count, depth


def size_of(value: Any, what: str, style: str = "str") -> int:
    return measure(value, what, style)[0]


def escaped_chars(value: Any, what: str) -> int:
    """The most characters markupsafe.escape(value) writes."""
    if isinstance(value, Markup):
        return len(value)
    if isinstance(value, str):
        return (
            len(value)
            + 4 * (value.count("&") + value.count('"') + value.count("'"))
            + 3 * (value.count("<") + value.count(">"))
        )
    return 5 * size_of(value, what)  # '"' becomes '&#34;'


def materialized(values: Any, what: str) -> Any:
    """`values`, or the items of a lazy iterable as a list (refused past MAX_ITEMS), so that
    they can be sized and then still be handed on."""
    if isinstance(values, (str, bytes, dict, range, Undefined, *COLLECTIONS)) or not isinstance(
        values, Iterable
    ):
        return values
    items = list(itertools.islice(values, MAX_ITEMS + 1))
    cap_walk(len(items), what)
    return items


WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_LINE_BREAKS = "\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029"


def count_any(text: str | bytes, chars: str) -> int:
    if isinstance(text, bytes):
        chars = "".join(c for c in chars if c in " \t\n\r\x0b\x0c")  # bytes: ASCII only
        return sum(text.count(c.encode()) for c in chars)
    return sum(map(text.count, chars))


def line_count(text: str | bytes) -> int:
    breaks = "\n\r" if isinstance(text, bytes) else _LINE_BREAKS
    return count_any(text, breaks) + 1


def cap_pieces(text: Any, separators: str, what: str, per_separator: int = 1) -> None:
    """Refuse cutting a text into more than MAX_ITEMS pieces: each piece is an object of its
    own, some fifty bytes for two characters, all made in one call."""
    if isinstance(text, str) and len(text) > MAX_ITEMS:
        cap_list(per_separator * count_any(text, separators) + 1, what)


def argument(
    args: Args, kwargs: Mapping[str, Any], index: int, name: str, default: Any = None
) -> Any:
    """A call's argument by position or by name, as Python would bind it."""
    return args[index] if len(args) > index else kwargs.get(name, default)
