"""Sizing the methods of lists, dicts, sets, numbers and dates (texts: text_methods.py), and
which methods a template may call at all."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Macro

from vaultkit.render.sandbox.bounds import MAX_FORMAT_CHARS, cap_bits, cap_list, cap_text
from vaultkit.render.sandbox.formats import strftime_chars
from vaultkit.render.sandbox.measure import VIEWS, Args, Kwargs, argument, materialized
from vaultkit.render.sandbox.text_methods import (
    BYTES_METHODS,
    STR_METHODS,
    CallArgs,
    Sizer,
    nothing_new,
    size_maketrans,
)


def _grown_by(items: Callable[[Any, Args, Kwargs], int]) -> Sizer:
    """A method that adds items to its receiver: the receiver may not outgrow MAX_ITEMS."""

    def size(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
        cap_list(len(receiver) + items(receiver, args, kwargs), what)

    return size


def _extended(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> CallArgs:
    others = [materialized(other, what) for other in args]
    added = kwargs if isinstance(receiver, dict) else {}
    cap_list(
        len(receiver) + len(added) + sum(len(o) for o in others if hasattr(o, "__len__")), what
    )
    return tuple(others), kwargs


def _made_from(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> CallArgs:
    """dict.fromkeys(iterable): as many items as the iterable has."""
    keys = materialized(argument(args, kwargs, 0, "iterable"), what)
    if hasattr(keys, "__len__"):
        cap_list(len(keys), what)
    return (keys, *args[1:]), kwargs


def _sort(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    key = kwargs.get("key")
    if key is not None and not isinstance(key, Macro) and not is_python(key):
        raise SecurityError(f"{what}: a key that is not a macro or a Python function")


_LIST_METHODS: dict[str, Sizer] = {
    **dict.fromkeys(["clear", "count", "index", "pop", "remove", "reverse"], nothing_new),
    "append": _grown_by(lambda r, a, k: 1),
    "insert": _grown_by(lambda r, a, k: 1),
    "copy": _grown_by(lambda r, a, k: 0),
    "extend": _extended,
    "sort": _sort,
}
_DICT_METHODS: dict[str, Sizer] = {
    **dict.fromkeys(["clear", "get", "items", "keys", "pop", "popitem", "values"], nothing_new),
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
        nothing_new,
    ),
    **dict.fromkeys(["copy", "difference", "intersection"], _grown_by(lambda r, a, k: 0)),
    "add": _grown_by(lambda r, a, k: 1),
    **dict.fromkeys(
        ["union", "update", "symmetric_difference", "symmetric_difference_update"], _extended
    ),
}


def _to_bytes(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    length = argument(args, kwargs, 0, "length", 1)
    if isinstance(length, int):
        cap_text(length, what)


def _from_bytes(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> CallArgs:
    data = materialized(argument(args, kwargs, 0, "bytes"), what)
    if hasattr(data, "__len__"):
        cap_bits(8 * len(data), what)
    return (data, *args[1:]), kwargs


def _strftime(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_text(strftime_chars(argument(args, kwargs, 0, "format"), what), what)


def _short_texts(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
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
        nothing_new,
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
        nothing_new,
    ),
    "strftime": _strftime,
    "strptime": _short_texts,
    "fromisoformat": _short_texts,
}
_METHODS: tuple[tuple[type | tuple[type, ...], dict[str, Sizer]], ...] = (
    (str, STR_METHODS),
    ((bytes, bytearray), BYTES_METHODS),
    (list, _LIST_METHODS),
    ((tuple, range), {"count": nothing_new, "index": nothing_new}),
    (dict, _DICT_METHODS),
    ((set, frozenset), _SET_METHODS),
    ((int, float), _NUMBER_METHODS),
    ((dt.date, dt.time, dt.timedelta, dt.tzinfo), _TIME_METHODS),
    (VIEWS, {"isdisjoint": nothing_new}),
)
# Static methods, reached through an instance without one (''.maketrans.__self__ is None).
STATIC_METHODS: dict[str, Sizer] = {
    "str.maketrans": size_maketrans,
    "bytes.maketrans": size_maketrans,
}


def methods_of(receiver: Any) -> dict[str, Sizer] | None:
    kind = receiver if isinstance(receiver, type) else type(receiver)
    for base, table in _METHODS:
        if issubclass(kind, base):
            return table
    return None


_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class defined in Python


def is_python(obj: Any) -> bool:
    """Whether calling obj runs Python code, which the deadline and the memory watch can stop,
    rather than C code that builds its result in one step."""
    if isinstance(obj, types.FunctionType):
        return True
    if isinstance(obj, types.MethodType):
        return isinstance(obj.__func__, types.FunctionType)
    if isinstance(obj, type):
        return bool(obj.__flags__ & _HEAP_TYPE)
    return callable(obj) and isinstance(type(obj).__call__, types.FunctionType)
