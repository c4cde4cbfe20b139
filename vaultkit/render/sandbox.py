"""The Jinja2 sandbox vaultkit renders templates in, bounded in time and memory.

Jinja2's SandboxedEnvironment keeps a template from reaching files, processes or attributes it
should not, but not from looping for hours or from one C call allocating gigabytes
(`'%5000000000s' % 'x'`). Here every operation that can build a text, a list or a number is
sized from its operands before it runs and refused past the output cap, a method or filter that
cannot be sized is refused, and `Limits` stops a rendering that runs too long or raises the
process's peak memory too far. templates.py finds templates and renders them in this sandbox.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
import itertools
import re
import sys
import time
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Self

import jinja2
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.runtime import LoopContext, Macro, Undefined, str_join
from jinja2.sandbox import (
    MAX_RANGE,
    SandboxedEnvironment,
    SandboxedFormatter,
    safe_range,
)
from jinja2.utils import Cycler, Joiner, Namespace, generate_lorem_ipsum
from markupsafe import EscapeFormatter, Markup, escape

from vaultkit.text.moment import format_moment

try:
    import resource
except ImportError:  # POSIX only; without it the memory watch is left out
    resource = None

MAX_OUTPUT_CHARS = 8_000_000  # far above any real note; stops a runaway template
MAX_EXPONENT = 64  # `9 ** 999999999` would keep a core busy for hours
# What one operation of a template may make. Each is worked out from the operands before the
# operation runs, because one call into C (`'%5000000000s' % 'x'`) allocates gigabytes before
# the deadline or the output cap can act.
MAX_ITEMS = MAX_RANGE  # a list, as long as the longest range the sandbox allows (100,000)
MAX_INT_BITS = 1 << 16  # 19,729 digits; Python will not even print more than 4,300
# A date format (strftime, strptime, moment) longer than this is refused: time.strftime's buffer
# grows to 256 times the format's length.
MAX_FORMAT_CHARS = 1000
MAX_ARGUMENT_CHARS = MAX_OUTPUT_CHARS // 16  # an argument to a function from vaultkit's data
# Many objects, each allowed, kept at once (appended to a list, nested in list literals): how far
# a rendering may raise the process's peak memory, looked at every millisecond. Not a count of
# what the operations made, which would also count what was dropped again at once (a text built
# line by line with `~` in a loop).
MAX_RENDER_MEMORY = 128 << 20
MEMORY_PROBE_SECONDS = 0.001


# --- sizes: what an operation would make, worked out before it runs --------------------------
#
# Every way a template reaches Python code that builds a text or a list goes through one of the
# sandbox's hooks below: binary operators (call_binop), `~` (joined), calls of methods and
# functions (call), str.format (wrap_str_format), filters (each wrapped), `{{ value }}`
# (finalize) and captured output of macros, blocks and `{% set %}` (concat). Each hook sizes the
# result from its operands and refuses past MAX_OUTPUT_CHARS characters or MAX_ITEMS items; a
# method or C function it cannot size is refused, not let through. What is left, many allowed
# objects kept at once, is for the memory watch in Limits.


def _text(chars: int, what: str) -> None:
    """Refuse an operation that would make a text longer than the output may be."""
    if chars > MAX_OUTPUT_CHARS:
        raise SecurityError(f"{what} would make {chars} characters (at most {MAX_OUTPUT_CHARS})")


def _too_long(what: str) -> SecurityError:
    """For a sum given up on as soon as it passed the cap."""
    return SecurityError(f"{what} would make more than {MAX_OUTPUT_CHARS} characters")


def _list(items: int, what: str) -> None:
    if items > MAX_ITEMS:
        raise SecurityError(f"{what} would make a list of {items} items (at most {MAX_ITEMS})")


def _bits(bits: int, what: str) -> None:
    if bits > MAX_INT_BITS:
        raise SecurityError(f"{what} would make a number of {bits} bits (at most {MAX_INT_BITS})")


def _digits(number: int) -> int:
    return number.bit_length() * 30103 // 100000 + 2  # log10(2), and a sign


_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))
_COLLECTIONS = (list, tuple, set, frozenset, collections.deque, *_VIEWS)
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


def _measure(value: Any, what: str, style: str = "str") -> tuple[int, int, int]:
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
            _walkable(count + len(pending) + 2 * len(value), what)
            size, inner = 16 + 4 * len(value), itertools.chain(value, value.values())
        elif isinstance(value, _COLLECTIONS):
            _walkable(count + len(pending) + len(value), what)
            size, inner = 16 + 2 * len(value), value
        elif isinstance(value, Namespace):
            size, inner = 16, (object.__getattribute__(value, "_Namespace__attrs"),)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            shown = [f.name for f in dataclasses.fields(value) if f.repr]
            size = len(type(value).__qualname__) + 2 + sum(len(name) + 3 for name in shown)
            _walkable(count + len(pending) + len(shown), what)
            inner = [getattr(value, name) for name in shown]
        else:
            size = _OBJECT_CHARS
        chars += size
        if chars > MAX_OUTPUT_CHARS:
            raise _too_long(what)
        pending.extend((item, level + 1) for item in inner)
    return chars, count, depth


def _walkable(items: int, what: str) -> None:
    if items > MAX_ITEMS:
        raise SecurityError(f"{what} would write out more than {MAX_ITEMS} items")


def _size(value: Any, what: str, style: str = "str") -> int:
    return _measure(value, what, style)[0]


def _escaped_chars(value: Any, what: str) -> int:
    """The most characters markupsafe.escape(value) writes."""
    if isinstance(value, Markup):
        return len(value)
    if isinstance(value, str):
        return (
            len(value)
            + 4 * (value.count("&") + value.count('"') + value.count("'"))
            + 3 * (value.count("<") + value.count(">"))
        )
    return 5 * _size(value, what)  # '"' becomes '&#34;'


def _materialized(values: Any, what: str) -> Any:
    """`values`, or the items of a lazy iterable as a list (refused past MAX_ITEMS), so that
    they can be sized and then still be handed on."""
    if isinstance(values, (str, bytes, dict, range, Undefined, *_COLLECTIONS)) or not isinstance(
        values, Iterable
    ):
        return values
    items = list(itertools.islice(values, MAX_ITEMS + 1))
    _walkable(len(items), what)
    return items


_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_LINE_BREAKS = "\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029"


def _count_any(text: str | bytes, chars: str) -> int:
    if isinstance(text, bytes):
        chars = "".join(c for c in chars if c in " \t\n\r\x0b\x0c")  # bytes: ASCII only
        return sum(text.count(c.encode()) for c in chars)
    return sum(map(text.count, chars))


def _line_count(text: str | bytes) -> int:
    breaks = "\n\r" if isinstance(text, bytes) else _LINE_BREAKS
    return _count_any(text, breaks) + 1


def _pieces(text: Any, separators: str, what: str, per_separator: int = 1) -> None:
    """Refuse cutting a text into more than MAX_ITEMS pieces: each piece is an object of its
    own, some fifty bytes for two characters, all made in one call."""
    if isinstance(text, str) and len(text) > MAX_ITEMS:
        _list(per_separator * _count_any(text, separators) + 1, what)


def _arg(args: tuple, kwargs: Mapping[str, Any], index: int, name: str, default: Any = None):
    return args[index] if len(args) > index else kwargs.get(name, default)


# %-formatting: a conversion writes at least its width, and its value in full before a precision
# cuts it (`'%.3s' % huge` still makes huge).
_PRINTF = re.compile(
    r"%(?P<key>\([^()]*\)|\()?(?P<flags>[-+ #0]*)(?P<width>\*|\d*)"
    r"(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<kind>.?)",
    re.DOTALL,
)


def _printf_chars(fmt: str | bytes, values: Any, what: str, escaping: bool = False) -> int:
    if fmt.count(b"%" if isinstance(fmt, bytes) else "%") > 2 * MAX_ITEMS:
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
            _text(total, what)
    return total


def _conversion_chars(
    value: Any, kind: str, precision: int | None, what: str, into_bytes: bool
) -> int:
    if kind in "sb":
        return len(value) if into_bytes and isinstance(value, bytes) else _size(value, what)
    if kind == "r":
        return _size(value, what, "repr")
    if kind == "a":
        return _size(value, what, "ascii")
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


def _field_chars(value: Any, spec: str, what: str) -> int:
    if isinstance(value, Undefined):
        return 0
    if not spec:
        return _size(value, what)
    if isinstance(value, (dt.date, dt.time)):
        return _strftime_chars(spec, what)
    match = _SPEC.fullmatch(spec)
    if match is None or not isinstance(value, (str, int, float)):
        raise SecurityError(
            f"{what}: the format spec {spec[:40]!r} for a {type(value).__name__} cannot be sized"
        )
    width = int(match["width"] or 0)
    precision = None if match["precision"] is None else int(match["precision"])
    if isinstance(value, str):
        chars = len(value) if precision is None else min(len(value), precision)
    elif (isinstance(value, int) and match["kind"] not in "eEfFgG%") or match["kind"] == "c":
        chars = (value.bit_length() + 2) * 5 // 4 + 8  # binary, grouped, is the longest
    else:
        chars = (1100 + (6 if precision is None else precision)) * 4 // 3
    return max(width, chars)


def _strftime_chars(fmt: Any, what: str) -> int:
    if not isinstance(fmt, str):
        return 0
    if len(fmt) > MAX_FORMAT_CHARS:
        raise SecurityError(f"{what}: a date format of more than {MAX_FORMAT_CHARS} characters")
    return 256 * len(fmt) + 64


def check_moment_format(fmt: Any, what: str) -> None:
    """Refuse a Moment.js format whose output could be longer than the output cap."""
    _text(_moment_chars(fmt, what), what)


def _moment_chars(fmt: Any, what: str) -> int:
    if not isinstance(fmt, str):
        return 0
    if len(fmt) > MAX_FORMAT_CHARS:
        raise SecurityError(f"{what}: a date format of more than {MAX_FORMAT_CHARS} characters")
    return 13 * len(fmt)  # `x`, the Unix time in milliseconds, is the widest token


# --- methods of the built-in types ----------------------------------------------------------
# Each entry sizes one method's result from its receiver and arguments, and may hand back the
# arguments with a lazy iterable made a list (to be sized, and then still be given). A method
# missing here is refused.

Sizer = Callable[[Any, tuple, dict, str], "tuple[tuple, dict] | None"]


def _free(receiver, args, kwargs, what):
    """A number, a truth value, or one of the items already there."""


def _as_long(receiver, args, kwargs, what):
    _text(len(receiver), what)


def _case_mapped(receiver, args, kwargs, what):
    # Unicode case mappings write at most three characters for one ("ﬃ" → "FFI"); ASCII one.
    _text(len(receiver) if receiver.isascii() else 3 * len(receiver), what)


def _padded(receiver, args, kwargs, what):
    width = _arg(args, kwargs, 0, "width", 0)
    if isinstance(width, int):
        _text(max(len(receiver), width), what)


def _expandtabs(receiver, args, kwargs, what):
    tabsize = _arg(args, kwargs, 0, "tabsize", 8)
    if isinstance(tabsize, int):
        tab = "\t" if isinstance(receiver, str) else b"\t"
        _text(len(receiver) + receiver.count(tab) * max(tabsize, 0), what)


def _replace(receiver, args, kwargs, what):
    old, new = _arg(args, kwargs, 0, "old"), _arg(args, kwargs, 1, "new")
    count = _arg(args, kwargs, 2, "count", -1)
    if (
        not isinstance(old, (str, bytes))
        or not isinstance(new, (str, bytes))
        or isinstance(old, str) != isinstance(receiver, str)
    ):
        return  # Python refuses it
    if isinstance(receiver, Markup):  # Markup escapes what it is given
        old, new = escape(old), escape(new)
    found = receiver.count(old) if old else len(receiver) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    _text(len(receiver) + found * max(0, len(new) - len(old)), what)


def _join(receiver, args, kwargs, what):
    items = _materialized(_arg(args, kwargs, 0, "iterable"), what)
    if not hasattr(items, "__len__"):
        return None
    _walkable(len(items), what)  # a text is made a list of its characters first
    if isinstance(items, (str, bytes)):
        _text(len(items) * (len(receiver) + 1), what)
        return (items,), {}
    escaping = isinstance(receiver, Markup)
    total = len(receiver) * max(0, len(items) - 1)
    for item in items:
        if escaping:
            total += _escaped_chars(item, what)
        elif isinstance(item, (str, bytes)):
            total += len(item)
        if total > MAX_OUTPUT_CHARS:
            raise _too_long(what)
    _text(total, what)
    return (items,), {}


def _split(receiver, args, kwargs, what):
    sep, most = _arg(args, kwargs, 0, "sep"), _arg(args, kwargs, 1, "maxsplit", -1)
    text = str if isinstance(receiver, str) else bytes
    if sep is None:
        pieces = _count_any(receiver, _WHITESPACE) + 1 if len(receiver) > MAX_ITEMS else 0
    elif isinstance(sep, text) and sep:
        pieces = receiver.count(sep) + 1
    else:
        return
    if isinstance(most, int) and most >= 0:
        pieces = min(pieces, most + 1)
    _list(pieces, what)


def _splitlines(receiver, args, kwargs, what):
    _list(_line_count(receiver), what)


_PLAIN_CODECS = {"utf-8", "utf8", "utf-16", "utf-32", "ascii", "latin-1", "latin1"}


def _encode(receiver, args, kwargs, what):
    codec = str(_arg(args, kwargs, 0, "encoding", "utf-8")).lower().replace("_", "-")
    errors = _arg(args, kwargs, 1, "errors", "strict")
    plain = codec in _PLAIN_CODECS and errors in ("strict", "ignore", "replace")
    _text((4 if plain else 10) * len(receiver) + 16, what)  # "&#1114111;", "\U0010ffff"


def _decode(receiver, args, kwargs, what):
    _text(4 * len(receiver) + 16, what)  # backslashreplace: "\xff"


def _translate(receiver, args, kwargs, what):
    table = _arg(args, kwargs, 0, "table")
    if isinstance(receiver, bytes):
        return _text(len(receiver), what)
    if isinstance(table, dict):
        values: Iterable = table.values()
    elif isinstance(table, (str, list, tuple)):
        values = table
    else:
        raise SecurityError(f"{what}: a table that is a {type(table).__name__} cannot be sized")
    _walkable(len(values), what)
    longest = max((len(v) for v in values if isinstance(v, str)), default=1)
    _text(len(receiver) * max(1, longest), what)


def _striptags(text: Any, what: str) -> None:
    _pieces(text, _WHITESPACE + "<", what)  # tags become spaces; then split into words


def _striptags_method(receiver, args, kwargs, what):
    _striptags(receiver, what)


def _escape_arg(receiver, args, kwargs, what):
    _text(_escaped_chars(_arg(args, kwargs, 0, "s"), what), what)


def _maketrans(receiver, args, kwargs, what):
    _list(sum(len(a) for a in args if hasattr(a, "__len__")), what)


def _fromhex(receiver, args, kwargs, what):
    _text(len(_arg(args, kwargs, 0, "string", "")), what)


def _hex(receiver, args, kwargs, what):
    _text(3 * len(receiver), what)


_TEXT_METHODS: dict[str, Sizer] = {
    **dict.fromkeys(
        [
            "count",
            "endswith",
            "find",
            "index",
            "isalnum",
            "isalpha",
            "isascii",
            "isdecimal",
            "isdigit",
            "isidentifier",
            "islower",
            "isnumeric",
            "isprintable",
            "isspace",
            "istitle",
            "isupper",
            "rfind",
            "rindex",
            "startswith",
        ],
        _free,
    ),
    **dict.fromkeys(
        [
            "lstrip",
            "rstrip",
            "strip",
            "removeprefix",
            "removesuffix",
            "partition",
            "rpartition",
            "unescape",
        ],
        _as_long,
    ),
    "striptags": _striptags_method,
    **dict.fromkeys(
        ["capitalize", "casefold", "lower", "swapcase", "title", "upper"], _case_mapped
    ),
    **dict.fromkeys(["center", "ljust", "rjust", "zfill"], _padded),
    "expandtabs": _expandtabs,
    "replace": _replace,
    "join": _join,
    "split": _split,
    "rsplit": _split,
    "splitlines": _splitlines,
    "encode": _encode,
    "decode": _decode,
    "translate": _translate,
    "escape": _escape_arg,
    "maketrans": _maketrans,
    "fromhex": _fromhex,
    "hex": _hex,
    # format and format_map are reached only through wrap_str_format, which sizes each field
}
_BYTES_ONLY = {"decode", "fromhex", "hex"}
_STR_METHODS = {k: v for k, v in _TEXT_METHODS.items() if k not in _BYTES_ONLY}
_BYTES_METHODS = {
    k: v
    for k, v in _TEXT_METHODS.items()
    if k
    not in {
        "encode",
        "escape",
        "unescape",
        "striptags",
        "casefold",
        "isdecimal",
        "isidentifier",
        "isnumeric",
        "isprintable",
    }
}


def _grown_by(items: Callable[[Any, tuple, dict], int]) -> Sizer:
    """A method that adds items to its receiver: the receiver may not outgrow MAX_ITEMS."""

    def size(receiver, args, kwargs, what):
        _list(len(receiver) + items(receiver, args, kwargs), what)

    return size


def _extended(receiver, args, kwargs, what):
    others = [_materialized(other, what) for other in args]
    added = kwargs if isinstance(receiver, dict) else {}
    _list(len(receiver) + len(added) + sum(len(o) for o in others if hasattr(o, "__len__")), what)
    return tuple(others), kwargs


def _made_from(receiver, args, kwargs, what):
    """dict.fromkeys(iterable): as many items as the iterable has."""
    keys = _materialized(_arg(args, kwargs, 0, "iterable"), what)
    if hasattr(keys, "__len__"):
        _list(len(keys), what)
    return (keys, *args[1:]), kwargs


def _sort(receiver, args, kwargs, what):
    key = kwargs.get("key")
    if key is not None and not isinstance(key, Macro) and not _is_python(key):
        raise SecurityError(f"{what}: a key that is not a macro or a Python function")


_LIST_METHODS: dict[str, Sizer] = {
    **dict.fromkeys(["clear", "count", "index", "pop", "remove", "reverse"], _free),
    "append": _grown_by(lambda r, a, k: 1),
    "insert": _grown_by(lambda r, a, k: 1),
    "copy": _grown_by(lambda r, a, k: 0),
    "extend": _extended,
    "sort": _sort,
}
_DICT_METHODS: dict[str, Sizer] = {
    **dict.fromkeys(["clear", "get", "items", "keys", "pop", "popitem", "values"], _free),
    "copy": _grown_by(lambda r, a, k: 0),
    "setdefault": _grown_by(lambda r, a, k: 1),
    "update": _extended,
    "fromkeys": _made_from,
}
_SET_METHODS: dict[str, Sizer] = {
    **dict.fromkeys(
        [
            "clear",
            "discard",
            "isdisjoint",
            "issubset",
            "issuperset",
            "pop",
            "remove",
            "difference_update",
            "intersection_update",
        ],
        _free,
    ),
    **dict.fromkeys(["copy", "difference", "intersection"], _grown_by(lambda r, a, k: 0)),
    "add": _grown_by(lambda r, a, k: 1),
    **dict.fromkeys(
        ["union", "update", "symmetric_difference", "symmetric_difference_update"], _extended
    ),
}


def _to_bytes(receiver, args, kwargs, what):
    length = _arg(args, kwargs, 0, "length", 1)
    if isinstance(length, int):
        _text(length, what)


def _from_bytes(receiver, args, kwargs, what):
    data = _materialized(_arg(args, kwargs, 0, "bytes"), what)
    if hasattr(data, "__len__"):
        _bits(8 * len(data), what)
    return (data, *args[1:]), kwargs


def _strftime(receiver, args, kwargs, what):
    _text(_strftime_chars(_arg(args, kwargs, 0, "format"), what), what)


def _short_texts(receiver, args, kwargs, what):
    """strptime, fromisoformat: a long text or format would make a long regex or a long match."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, str) and len(value) > MAX_FORMAT_CHARS:
            raise SecurityError(f"{what}: a date text of more than {MAX_FORMAT_CHARS} characters")


_NUMBER_METHODS: dict[str, Sizer] = {
    **dict.fromkeys(
        [
            "as_integer_ratio",
            "bit_count",
            "bit_length",
            "conjugate",
            "is_integer",
            "fromhex",
            "hex",
        ],
        _free,
    ),
    "to_bytes": _to_bytes,
    "from_bytes": _from_bytes,
}
_TIME_METHODS: dict[str, Sizer] = {
    **dict.fromkeys(
        [
            "astimezone",
            "combine",
            "ctime",
            "date",
            "dst",
            "fromisocalendar",
            "fromordinal",
            "fromtimestamp",
            "fromutc",
            "isocalendar",
            "isoformat",
            "isoweekday",
            "now",
            "replace",
            "time",
            "timestamp",
            "timetuple",
            "timetz",
            "today",
            "toordinal",
            "total_seconds",
            "tzname",
            "utcfromtimestamp",
            "utcnow",
            "utcoffset",
            "utctimetuple",
            "weekday",
        ],
        _free,
    ),
    "strftime": _strftime,
    "strptime": _short_texts,
    "fromisoformat": _short_texts,
}
_METHODS: tuple[tuple[type | tuple[type, ...], dict[str, Sizer]], ...] = (
    (str, _STR_METHODS),
    ((bytes, bytearray), _BYTES_METHODS),
    (list, _LIST_METHODS),
    ((tuple, range), {"count": _free, "index": _free}),
    (dict, _DICT_METHODS),
    ((set, frozenset), _SET_METHODS),
    ((int, float), _NUMBER_METHODS),
    ((dt.date, dt.time, dt.timedelta, dt.tzinfo), _TIME_METHODS),
    (_VIEWS, {"isdisjoint": _free}),
)
# Static methods, reached through an instance without one (''.maketrans.__self__ is None).
_STATIC: dict[str, Sizer] = {"str.maketrans": _maketrans, "bytes.maketrans": _maketrans}


def _methods_of(receiver: Any) -> dict[str, Sizer] | None:
    kind = receiver if isinstance(receiver, type) else type(receiver)
    for base, table in _METHODS:
        if issubclass(kind, base):
            return table
    return None


_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class defined in Python


def _is_python(obj: Any) -> bool:
    """Whether calling obj runs Python code, which the deadline and the memory watch can stop,
    rather than C code that builds its result in one step."""
    if isinstance(obj, types.FunctionType):
        return True
    if isinstance(obj, types.MethodType):
        return isinstance(obj.__func__, types.FunctionType)
    if isinstance(obj, type):
        return bool(obj.__flags__ & _HEAP_TYPE)
    return callable(obj) and isinstance(type(obj).__call__, types.FunctionType)


# Jinja's own callables: they copy what they are given at most, or run template code.
_JINJA_CALLABLES = (Namespace, Cycler, Joiner, safe_range)
_JINJA_RECEIVERS = (LoopContext, Cycler, Joiner)


def _sized_call(obj: Any, args: tuple, kwargs: dict) -> tuple[tuple, dict] | None:
    """Size a call a template makes; None, or the arguments to call with instead."""
    receiver = (
        getattr(obj, "__self__", None)
        if isinstance(obj, (types.BuiltinMethodType, types.MethodType))
        else None
    )
    table = _methods_of(receiver) if receiver is not None else None
    if table is not None:
        kind = receiver if isinstance(receiver, type) else type(receiver)
        what = f"{kind.__name__}.{obj.__name__}()"
        size = table.get(obj.__name__)
        if size is None:
            raise SecurityError(f"{what} is not available in templates")
        return size(receiver, args, kwargs, what)
    if isinstance(obj, types.BuiltinFunctionType):
        size = _STATIC.get(obj.__qualname__)
        if size is None:
            raise SecurityError(f"{obj.__qualname__}() is not available in templates")
        return size(None, args, kwargs, f"{obj.__qualname__}()")
    if obj is dict:
        first = [_materialized(a, "dict()") for a in args]
        _list(sum(len(a) for a in first if hasattr(a, "__len__")) + len(kwargs), "dict()")
        return tuple(first), kwargs
    if obj is generate_lorem_ipsum:
        n, most = _arg(args, kwargs, 0, "n", 5), _arg(args, kwargs, 3, "max", 100)
        if isinstance(n, int) and isinstance(most, int):
            _text(max(n, 0) * (max(most, 0) + 4) * 16, "lipsum()")
        return None
    if (
        isinstance(obj, (Macro, Joiner))
        or any(obj is own for own in _JINJA_CALLABLES)
        or isinstance(receiver, _JINJA_RECEIVERS)
        or (isinstance(obj, types.FunctionType) and obj.__dict__.get("sized_format"))
    ):
        return None
    if not _is_python(obj):
        raise SecurityError(f"{obj!r} cannot be sized, so a template may not call it")
    # vaultkit's own functions and data: they may write an argument out a few times.
    for value in (*args, *kwargs.values()):
        if _size(value, "an argument") > MAX_ARGUMENT_CHARS:
            raise SecurityError(f"an argument of more than {MAX_ARGUMENT_CHARS} characters")
    return None


# --- Jinja's filters ------------------------------------------------------------------------
# Each is called through a wrapper that sizes it first; a filter missing here is left out of the
# environment. The wrappers take the context, which also keeps Jinja from running a filter on
# constants while it compiles, outside the deadline.

FilterSizer = Callable[[Any, Any, tuple, dict, str], "tuple[Any, tuple, dict] | None"]


def _filter_free(context, value, args, kwargs, what):
    """A number, a truth value, the items given (sorted, picked, lazily mapped) or a few."""


def _filter_text(factor: int, ascii_factor: int) -> FilterSizer:
    """A filter that writes str(value) over, `factor` characters for one at most."""

    def size(context, value, args, kwargs, what):
        chars = _size(value, what)
        ascii_text = isinstance(value, str) and value.isascii()
        _text((ascii_factor if ascii_text else factor) * chars, what)

    return size


def _filter_words(separators: str, per_separator: int, factor: int) -> FilterSizer:
    """A filter that cuts str(value) into words and writes it again (title, striptags)."""
    plain = _filter_text(factor, 1)

    def size(context, value, args, kwargs, what):
        plain(context, value, args, kwargs, what)
        _pieces(value, separators, what, per_separator)

    return size


_WORD = re.compile(r"\w+")


def _filter_wordcount(context, value, args, kwargs, what):
    _text(_size(value, what), what)
    if isinstance(value, str) and len(value) > MAX_ITEMS:
        # It lists every word (re.findall) to count them; counted here one at a time instead.
        for count, _ in enumerate(_WORD.finditer(value), 1):
            if count > MAX_ITEMS:
                _list(count, what)


def _filter_sized_input(context, value, args, kwargs, what):
    """sort, groupby and slice make list(value) first, in one call; for a text that is an
    object for each character."""
    if isinstance(value, (str, bytes, *_COLLECTIONS, dict, range)):
        _list(len(value), what)


def _filter_slice(context, value, args, kwargs, what):
    _filter_sized_input(context, value, args, kwargs, what)
    count = _arg(args, kwargs, 0, "slices")
    if isinstance(count, int):
        _list(count, what)  # one list for each slice, even the empty ones


def _filter_round(context, value, args, kwargs, what):
    precision = _arg(args, kwargs, 0, "precision", 0)
    if isinstance(precision, int):
        _bits(abs(precision) * 3322 // 1000 + 1, what)  # 10 ** precision, or ** -precision


def _filter_escape(context, value, args, kwargs, what):
    _text(_escaped_chars(value, what), what)


def _filter_center(context, value, args, kwargs, what):
    width = _arg(args, kwargs, 0, "width", 80)
    _text(max(_size(value, what), width if isinstance(width, int) else 0), what)


def _filter_format(context, value, args, kwargs, what):
    if not isinstance(value, str):
        _size(value, what)
        value = str(value)
    _text(_printf_chars(value, kwargs or args, what, isinstance(value, Markup)), what)
    return value, args, kwargs


def _filter_replace(context, value, args, kwargs, what):
    old, new = _arg(args, kwargs, 0, "old"), _arg(args, kwargs, 1, "new")
    count = _arg(args, kwargs, 2, "count")
    texts = []
    for part in (value, old, new):
        if not isinstance(part, str):
            _text(_size(part, what), what)
            part = str(part)
        texts.append(part)
    value, old, new = texts
    if isinstance(value, Markup) or context.eval_ctx.autoescape:
        value = Markup(value) if isinstance(value, Markup) else escape(value)
    _replace(value, (old, new, -1 if count is None else count), {}, what)
    return texts[0], (old, new, count), {}


def _filter_indent(context, value, args, kwargs, what):
    width = _arg(args, kwargs, 0, "width", 4)
    indention = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    _text(max(indention, 0), what)
    if isinstance(value, str):
        _list(_line_count(value) + 1, what)
        _text(len(value) + (_line_count(value) + 1) * (max(indention, 0) + 1), what)


def _filter_wordwrap(context, value, args, kwargs, what):
    wrapstring = _arg(args, kwargs, 2, "wrapstring")
    if wrapstring is None:
        wrapstring = context.environment.newline_sequence
    width = _arg(args, kwargs, 0, "width", 79)
    if isinstance(value, str) and isinstance(wrapstring, str) and isinstance(width, int):
        if len(value) > MAX_ITEMS:
            # textwrap cuts each line into words and hyphenated parts, long words into widths
            chunks = 2 * _count_any(value, _WHITESPACE + "-") + len(value) // max(width, 1)
            _list(_line_count(value) + chunks, what)
        # Each character may end up on a line of its own.
        lines = len(value) + _line_count(value)
        _text(len(value) + lines * len(wrapstring), what)


def _filter_join(context, value, args, kwargs, what):
    joiner, attribute = _arg(args, kwargs, 0, "d", ""), _arg(args, kwargs, 1, "attribute")
    items = _materialized(value, what)
    if not hasattr(items, "__len__"):
        return None
    _walkable(len(items), what)
    if attribute is not None:
        items = list(map(make_attrgetter(context.environment, attribute), items))
    escaping = context.eval_ctx.autoescape
    total = _size(joiner, what) * max(0, len(items) - 1)
    for item in items:
        total += _escaped_chars(item, what) if escaping else _size(item, what)
        if total > MAX_OUTPUT_CHARS:
            raise _too_long(what)
    _text(total, what)
    return items, (joiner,), {}


def _filter_list(context, value, args, kwargs, what):
    items = _materialized(value, what)
    if hasattr(items, "__len__"):
        _list(len(items), what)
    return items, args, kwargs


def _filter_batch(context, value, args, kwargs, what):
    count, fill = _arg(args, kwargs, 0, "linecount"), _arg(args, kwargs, 1, "fill_with")
    if fill is not None and isinstance(count, int):
        _list(count, what)  # the last batch is filled up to `linecount` items


def _filter_sum(context, value, args, kwargs, what):
    start = _arg(args, kwargs, 1, "start", 0)
    if isinstance(start, (str, bytes, list, tuple, dict, set, frozenset)):
        # sum() adds lists one at a time, copying the whole so far each time, in one C call
        raise SecurityError(f"{what} adds numbers only, not a {type(start).__name__}")


def _filter_tojson(context, value, args, kwargs, what):
    indent = _arg(args, kwargs, 0, "indent")
    chars, items, depth = _measure(value, what, "json")
    width = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 0
    _text(max(width, 0), what)  # json makes the indent string first
    _text(chars + items * (2 + max(width, 0) * (depth + 1)), what)


def _filter_pprint(context, value, args, kwargs, what):
    chars, items, depth = _measure(value, what, "repr")
    _text(2 * chars + items * (depth + 2), what)  # long texts are split over lines, indented


def _filter_urlize(context, value, args, kwargs, what):
    extra = sum(_size(_arg(args, kwargs, i, name), what) for i, name in ((2, "target"), (3, "rel")))
    chars = _size(value, what)
    _text(3 * chars + (chars // 4 + 1) * (extra + 64), what)  # each link: href, text, rel, target
    _pieces(value, _WHITESPACE, what, 2)  # the text is split at whitespace, keeping it


def _filter_xmlattr(context, value, args, kwargs, what):
    _text(5 * _size(value, what) + 16, what)


def _filter_moment(context, value, args, kwargs, what):
    _text(_moment_chars(_arg(args, kwargs, 0, "fmt"), what), what)


_FILTERS: dict[str, FilterSizer] = {
    **dict.fromkeys(
        [
            "abs",
            "attr",
            "count",
            "d",
            "default",
            "dictsort",
            "filesizeformat",
            "first",
            "float",
            "int",
            "items",
            "last",
            "length",
            "map",
            "max",
            "min",
            "random",
            "reject",
            "rejectattr",
            "reverse",
            "select",
            "selectattr",
            "truncate",
            "unique",
        ],
        _filter_free,
    ),
    **dict.fromkeys(["safe", "string", "trim"], _filter_text(1, 1)),
    # Unicode case mappings write at most three characters for one ("ﬃ" → "FFI").
    **dict.fromkeys(["capitalize", "lower", "upper"], _filter_text(3, 1)),
    "title": _filter_words(_WHITESPACE + "-({[<", 2, 3),
    "striptags": _filter_words(_WHITESPACE + "<", 1, 1),
    "wordcount": _filter_wordcount,
    "round": _filter_round,
    "sort": _filter_sized_input,
    "groupby": _filter_sized_input,
    "urlencode": _filter_text(12, 3),  # %XX for each UTF-8 byte
    **dict.fromkeys(["e", "escape", "forceescape"], _filter_escape),
    "center": _filter_center,
    "format": _filter_format,
    "replace": _filter_replace,
    "indent": _filter_indent,
    "wordwrap": _filter_wordwrap,
    "join": _filter_join,
    "list": _filter_list,
    "batch": _filter_batch,
    "slice": _filter_slice,
    "sum": _filter_sum,
    "tojson": _filter_tojson,
    "pprint": _filter_pprint,
    "urlize": _filter_urlize,
    "xmlattr": _filter_xmlattr,
    "moment": _filter_moment,
}


def _sized_filter(name: str, function: Callable, size: FilterSizer) -> Callable:
    passes = getattr(getattr(function, "jinja_pass_arg", None), "name", None)
    what = f"the {name} filter"

    def sized(context, value, *args, **kwargs):
        changed = size(context, value, args, kwargs, what)
        if changed is not None:
            value, args, kwargs = changed
        if passes == "context":
            return function(context, value, *args, **kwargs)
        if passes == "eval_context":
            return function(context.eval_ctx, value, *args, **kwargs)
        if passes == "environment":
            return function(context.environment, value, *args, **kwargs)
        return function(value, *args, **kwargs)

    sized.__name__ = sized.__qualname__ = getattr(function, "__name__", name)
    return jinja2.pass_context(sized)


# --- the sandbox ----------------------------------------------------------------------------


class _SizedFormatter(SandboxedFormatter):
    """str.format in the sandbox, each field sized once its spec is known (so a nested width,
    `'{:{w}}'`, is sized too) and the whole kept under the output cap."""

    escaping = False

    def vformat(self, format_string, args, kwargs):
        self.written = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def convert_field(self, value, conversion):
        if conversion in ("r", "a"):
            _size(value, "str.format", "repr" if conversion == "r" else "ascii")
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        chars = _field_chars(value, format_spec, "str.format")
        self.written += 5 * chars if self.escaping else chars
        _text(self.written, "str.format")
        return super().format_field(value, format_spec)


class _SizedEscapeFormatter(_SizedFormatter, EscapeFormatter):
    escaping = True


class _CodeGenerator(CodeGenerator):
    @optimizeconst
    def visit_Concat(self, node, frame) -> None:
        # `a ~ b`, through the environment, so that the pieces are sized before they are joined
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.joined({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, with every operation that can build a large text or list sized before
    it runs (see "sizes" above)."""

    code_generator_class = _CodeGenerator
    # Intercepted operators are also never worked out at compile time, outside the limits.
    intercepted_binops = frozenset({"+", "*", "%", "**"})

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if (
                isinstance(right, int)
                and abs(right) > MAX_EXPONENT
                and isinstance(left, (int, float))
                and abs(left) > 1
            ):
                raise SecurityError(f"exponent {right} is too large (at most {MAX_EXPONENT})")
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                _bits(abs(left).bit_length() * right, "**")
        elif operator == "*":
            self._repetition(left, right)
        elif operator == "+":
            if isinstance(left, (str, bytes)) and isinstance(right, (str, bytes)):
                markup = isinstance(left, Markup) or isinstance(right, Markup)
                _text(
                    sum(
                        _escaped_chars(x, "+") if markup and isinstance(x, str) else len(x)
                        for x in (left, right)
                    ),
                    "+",
                )
            elif isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
                _list(len(left) + len(right), "+")
        elif operator == "%" and isinstance(left, (str, bytes)):
            _text(
                _printf_chars(left, right, "%-formatting", isinstance(left, Markup)), "%-formatting"
            )
        return super().call_binop(context, operator, left, right)

    @staticmethod
    def _repetition(left: Any, right: Any) -> None:
        if isinstance(left, int) and isinstance(right, int):
            return _bits(abs(left).bit_length() + abs(right).bit_length(), "*")
        times, items = (left, right) if isinstance(left, int) else (right, left)
        if not isinstance(times, int) or times <= 0:
            return None
        if isinstance(items, (str, bytes)):
            if len(items) * times > MAX_OUTPUT_CHARS:
                raise SecurityError(f"a repetition of more than {MAX_OUTPUT_CHARS} items")
        elif isinstance(items, (list, tuple)) and len(items) * times > MAX_ITEMS:
            raise SecurityError(f"a repetition of more than {MAX_ITEMS} items")
        return None

    def joined(self, join: Callable, pieces: tuple) -> str:
        escaping = join is not str_join
        total = 0
        for piece in pieces:
            total += (
                _escaped_chars(piece, "~")
                if escaping
                else len(piece)
                if isinstance(piece, str)
                else _size(piece, "~")
            )
            if total > MAX_OUTPUT_CHARS:
                raise _too_long("~")
        _text(total, "~")
        return join(pieces)

    def concat(self, pieces: Iterable[str]) -> str:
        # What a macro, a call block, a filter block or `{% set %}...{% endset %}` wrote, kept
        # in a buffer and joined at once: refused as soon as it outgrows the output.
        kept, total = [], 0
        for piece in pieces:
            total += len(piece)
            if total > MAX_OUTPUT_CHARS:
                raise _too_long("a macro or a captured block")
            kept.append(piece)
        return "".join(kept)

    def call(self, context, obj, /, *args, **kwargs):
        if not self.is_safe_callable(obj):
            raise SecurityError(f"{obj!r} is not safely callable")
        # Jinja adds these to calls made inside loops and blocks; they are not arguments.
        extra = {k: kwargs.pop(k) for k in ("_loop_vars", "_block_vars") if k in kwargs}
        sized = _sized_call(obj, args, kwargs)
        if sized is not None:
            args, kwargs = sized
        return context.call(obj, *args, **kwargs, **extra)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # SandboxedEnvironment's, with a formatter that sizes each field before it is written.
        if (
            not isinstance(value, (types.MethodType, types.BuiltinMethodType))
            or value.__name__ not in ("format", "format_map")
            or not isinstance(value.__self__, str)
        ):
            return None
        text, is_map = value.__self__, value.__name__ == "format_map"
        formatter = (
            _SizedEscapeFormatter(self, escape=text.escape)
            if isinstance(text, Markup)
            else _SizedFormatter(self)
        )

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                args, kwargs = (), args[0]
            return type(text)(formatter.vformat(text, args, kwargs))

        wrapper = functools.update_wrapper(wrapper, value)
        wrapper.sized_format = True
        return wrapper


def _finalize(value: Any) -> Any:
    """`{{ value }}` writes str(value): sized first, as a list of a thousand 8 MB texts is
    8 GB of text."""
    if not isinstance(value, str):
        _text(_size(value, "writing out a value"), "writing out a value")
    return value


def _environment() -> SandboxedEnvironment:
    env = _Sandbox(
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_finalize,
    )
    env.filters["moment"] = format_moment
    env.filters = {
        name: _sized_filter(name, function, _FILTERS[name])
        for name, function in env.filters.items()
        if name in _FILTERS
    }
    return env


ENV = _environment()


class OutOfTime(Exception):
    pass


class OutOfMemory(Exception):
    pass


def _peak_memory() -> int:
    """This process's peak resident memory in bytes; 0 where it cannot be read. On Linux from
    /proc (VmHWM): ru_maxrss also counts the peak of the process that started this one (Linux
    keeps it across exec), which would let a rendering grow by that much more."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    if resource is None:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class Limits:
    """Stops a template's code once `seconds` have passed or once the process's peak memory has
    grown by MAX_RENDER_MEMORY.

    The sandbox keeps a template from reaching anything, but not from looping: Jinja's `range`
    is capped, yet two nested loops still run for hours, and Python cannot stop a thread from
    outside. A trace function can: it runs in the rendering thread, and what it raises is
    raised inside the template's frame. Only the template's own frames (compiled from
    "<template>") are traced line by line, and only while it renders. The memory it looks at is
    the peak, which only grows: a check between two looks still sees what was made between."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self) -> Self:
        self.at = time.monotonic() + self.seconds
        self.memory_at = _peak_memory() + MAX_RENDER_MEMORY
        self.probe_at = 0.0
        self.previous = sys.gettrace()
        sys.settrace(self._on_call)
        return self

    def __exit__(self, *exc) -> None:
        sys.settrace(self.previous)

    def _on_call(self, frame, event, arg):
        self._check()
        return self._on_line if frame.f_code.co_filename == "<template>" else None

    def _on_line(self, frame, event, arg):
        if event == "line":
            self._check()
        return self._on_line

    def _check(self) -> None:
        now = time.monotonic()
        if now > self.at:
            raise OutOfTime
        if now >= self.probe_at:
            self.probe_at = now + MEMORY_PROBE_SECONDS
            if _peak_memory() > self.memory_at:
                self.probe_at = 0.0  # and again at the next look, should this be caught
                raise OutOfMemory
