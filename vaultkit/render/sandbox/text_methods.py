"""Sizing the methods of texts (str and bytes): what each would make, from its receiver and
arguments, before it runs."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from jinja2.exceptions import SecurityError
from markupsafe import Markup, escape

from vaultkit.render.sandbox.bounds import (
    MAX_ITEMS,
    MAX_OUTPUT_CHARS,
    cap_list,
    cap_text,
    cap_walk,
    too_long,
)
from vaultkit.render.sandbox.measure import (
    WHITESPACE,
    Args,
    Kwargs,
    argument,
    cap_pieces,
    count_any,
    escaped_chars,
    line_count,
    materialized,
)

# Each entry sizes one method's result from its receiver and arguments, and may hand back the
# arguments with a lazy iterable made a list (to be sized, and then still be given). A method
# missing here is refused.
CallArgs = tuple[Args, Kwargs]
Sizer = Callable[[Any, Args, Kwargs, str], CallArgs | None]


def nothing_new(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    """A number, a truth value, or one of the items already there."""


def _as_long(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_text(len(receiver), what)


def _case_mapped(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    # Unicode case mappings write at most three characters for one ("ﬃ" → "FFI"); ASCII one.
    cap_text(len(receiver) if receiver.isascii() else 3 * len(receiver), what)


def _padded(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    width = argument(args, kwargs, 0, "width", 0)
    if isinstance(width, int):
        cap_text(max(len(receiver), width), what)


def _expandtabs(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    tabsize = argument(args, kwargs, 0, "tabsize", 8)
    if isinstance(tabsize, int):
        tab = "\t" if isinstance(receiver, str) else b"\t"
        cap_text(len(receiver) + receiver.count(tab) * max(tabsize, 0), what)


def size_replace(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    old, new = argument(args, kwargs, 0, "old"), argument(args, kwargs, 1, "new")
    count = argument(args, kwargs, 2, "count", -1)
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
    cap_text(len(receiver) + found * max(0, len(new) - len(old)), what)


def _join(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> CallArgs | None:
    items = materialized(argument(args, kwargs, 0, "iterable"), what)
    if not hasattr(items, "__len__"):
        return None
    cap_walk(len(items), what)  # a text is made a list of its characters first
    if isinstance(items, (str, bytes)):
        cap_text(len(items) * (len(receiver) + 1), what)
        return (items,), {}
    escaping = isinstance(receiver, Markup)
    total = len(receiver) * max(0, len(items) - 1)
    for item in items:
        if escaping:
            total += escaped_chars(item, what)
        elif isinstance(item, (str, bytes)):
            total += len(item)
        if total > MAX_OUTPUT_CHARS:
            raise too_long(what)
    cap_text(total, what)
    return (items,), {}


def _split(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    sep, most = argument(args, kwargs, 0, "sep"), argument(args, kwargs, 1, "maxsplit", -1)
    text = str if isinstance(receiver, str) else bytes
    if sep is None:
        pieces = count_any(receiver, WHITESPACE) + 1 if len(receiver) > MAX_ITEMS else 0
    elif isinstance(sep, text) and sep:
        pieces = receiver.count(sep) + 1
    else:
        return
    if isinstance(most, int) and most >= 0:
        pieces = min(pieces, most + 1)
    cap_list(pieces, what)


def _splitlines(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_list(line_count(receiver), what)


_PLAIN_CODECS = {"utf-8", "utf8", "utf-16", "utf-32", "ascii", "latin-1", "latin1"}


def _encode(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    codec = str(argument(args, kwargs, 0, "encoding", "utf-8")).lower().replace("_", "-")
    errors = argument(args, kwargs, 1, "errors", "strict")
    plain = codec in _PLAIN_CODECS and errors in ("strict", "ignore", "replace")
    cap_text((4 if plain else 10) * len(receiver) + 16, what)  # "&#1114111;", "\U0010ffff"


def _decode(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_text(4 * len(receiver) + 16, what)  # backslashreplace: "\xff"


def _translate(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    table = argument(args, kwargs, 0, "table")
    if isinstance(receiver, bytes):
        cap_text(len(receiver), what)
        return
    if isinstance(table, dict):
        values: Collection[Any] = table.values()
    elif isinstance(table, (str, list, tuple)):
        values = table
    else:
        raise SecurityError(f"{what}: a table that is a {type(table).__name__} cannot be sized")
    cap_walk(len(values), what)
    longest = max((len(v) for v in values if isinstance(v, str)), default=1)
    cap_text(len(receiver) * max(1, longest), what)


def _striptags(text: Any, what: str) -> None:
    cap_pieces(text, WHITESPACE + "<", what)  # tags become spaces; then split into words


def _striptags_method(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    _striptags(receiver, what)


def _escape_arg(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_text(escaped_chars(argument(args, kwargs, 0, "s"), what), what)


def size_maketrans(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_list(sum(len(a) for a in args if hasattr(a, "__len__")), what)


def _fromhex(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_text(len(argument(args, kwargs, 0, "string", "")), what)


def _hex(receiver: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_text(3 * len(receiver), what)


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
        nothing_new,
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
    "replace": size_replace,
    "join": _join,
    "split": _split,
    "rsplit": _split,
    "splitlines": _splitlines,
    "encode": _encode,
    "decode": _decode,
    "translate": _translate,
    "escape": _escape_arg,
    "maketrans": size_maketrans,
    "fromhex": _fromhex,
    "hex": _hex,
    # format and format_map are reached only through wrap_str_format, which sizes each field
}
_BYTES_ONLY = {"decode", "fromhex", "hex"}
STR_METHODS: dict[str, Sizer] = {k: v for k, v in _TEXT_METHODS.items() if k not in _BYTES_ONLY}
BYTES_METHODS: dict[str, Sizer] = {
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
