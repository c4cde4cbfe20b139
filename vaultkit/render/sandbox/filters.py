"""Sizing Jinja's filters: what each would make, from its value and arguments, before it
runs."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.runtime import Context
from markupsafe import Markup, escape

from vaultkit.render.sandbox.bounds import (
    MAX_ITEMS,
    MAX_OUTPUT_CHARS,
    cap_bits,
    cap_list,
    cap_text,
    cap_walk,
    too_long,
)
from vaultkit.render.sandbox.formats import moment_chars, printf_chars
from vaultkit.render.sandbox.measure import (
    COLLECTIONS,
    WHITESPACE,
    Args,
    Kwargs,
    argument,
    cap_pieces,
    count_any,
    escaped_chars,
    line_count,
    materialized,
    measure,
    size_of,
)
from vaultkit.render.sandbox.text_methods import size_replace

# Each filter is called through a wrapper that sizes it first; a filter missing here is left
# out of the environment. The wrappers take the context, which also keeps Jinja from running a
# filter on constants while it compiles, outside the deadline. A sizer may hand back the value
# and arguments to call the filter with instead (a lazy iterable made a list, say).
FilterArgs = tuple[Any, Args, Kwargs]
FilterSizer = Callable[[Context, Any, Args, Kwargs, str], FilterArgs | None]


def _filter_free(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    """A number, a truth value, the items given (sorted, picked, lazily mapped) or a few."""


def _filter_text(factor: int, ascii_factor: int) -> FilterSizer:
    """A filter that writes str(value) over, `factor` characters for one at most."""

    def size(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
        chars = size_of(value, what)
        ascii_text = isinstance(value, str) and value.isascii()
        cap_text((ascii_factor if ascii_text else factor) * chars, what)

    return size


def _filter_words(separators: str, per_separator: int, factor: int) -> FilterSizer:
    """A filter that cuts str(value) into words and writes it again (title, striptags)."""
    plain = _filter_text(factor, 1)

    def size(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
        plain(context, value, args, kwargs, what)
        cap_pieces(value, separators, what, per_separator)

    return size


_WORD = re.compile(r"\w+")


def _filter_wordcount(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_text(size_of(value, what), what)
    if isinstance(value, str) and len(value) > MAX_ITEMS:
        # It lists every word (re.findall) to count them; counted here one at a time instead.
        for count, _ in enumerate(_WORD.finditer(value), 1):
            if count > MAX_ITEMS:
                cap_list(count, what)


def _filter_sized_input(
    context: Context, value: Any, args: Args, kwargs: Kwargs, what: str
) -> None:
    """sort, groupby and slice make list(value) first, in one call; for a text that is an
    object for each character."""
    if isinstance(value, (str, bytes, dict, range, COLLECTIONS)):
        cap_list(len(value), what)


def _filter_slice(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    _filter_sized_input(context, value, args, kwargs, what)
    count = argument(args, kwargs, 0, "slices")
    if isinstance(count, int):
        cap_list(count, what)  # one list for each slice, even the empty ones


def _filter_round(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    precision = argument(args, kwargs, 0, "precision", 0)
    if isinstance(precision, int):
        cap_bits(abs(precision) * 3322 // 1000 + 1, what)  # 10 ** precision, or ** -precision


def _filter_escape(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_text(escaped_chars(value, what), what)


def _filter_center(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    width = argument(args, kwargs, 0, "width", 80)
    cap_text(max(size_of(value, what), width if isinstance(width, int) else 0), what)


def _filter_format(
    context: Context, value: Any, args: Args, kwargs: Kwargs, what: str
) -> FilterArgs:
    if not isinstance(value, str):
        size_of(value, what)
        value = str(value)
    cap_text(printf_chars(value, kwargs or args, what, isinstance(value, Markup)), what)
    return value, args, kwargs


def _filter_replace(
    context: Context, value: Any, args: Args, kwargs: Kwargs, what: str
) -> FilterArgs:
    old, new = argument(args, kwargs, 0, "old"), argument(args, kwargs, 1, "new")
    count = argument(args, kwargs, 2, "count")
    texts = []
    for part in (value, old, new):
        if not isinstance(part, str):
            cap_text(size_of(part, what), what)
            part = str(part)
        texts.append(part)
    value, old, new = texts
    if isinstance(value, Markup) or context.eval_ctx.autoescape:
        value = Markup(value) if isinstance(value, Markup) else escape(value)
    size_replace(value, (old, new, -1 if count is None else count), {}, what)
    return texts[0], (old, new, count), {}


def _filter_indent(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    width = argument(args, kwargs, 0, "width", 4)
    indention = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    cap_text(max(indention, 0), what)
    if isinstance(value, str):
        cap_list(line_count(value) + 1, what)
        cap_text(len(value) + (line_count(value) + 1) * (max(indention, 0) + 1), what)


def _filter_wordwrap(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    wrapstring = argument(args, kwargs, 2, "wrapstring")
    if wrapstring is None:
        wrapstring = context.environment.newline_sequence
    width = argument(args, kwargs, 0, "width", 79)
    if isinstance(value, str) and isinstance(wrapstring, str) and isinstance(width, int):
        if len(value) > MAX_ITEMS:
            # textwrap cuts each line into words and hyphenated parts, long words into widths
            chunks = 2 * count_any(value, WHITESPACE + "-") + len(value) // max(width, 1)
            cap_list(line_count(value) + chunks, what)
        # Each character may end up on a line of its own.
        lines = len(value) + line_count(value)
        cap_text(len(value) + lines * len(wrapstring), what)


def _filter_join(
    context: Context, value: Any, args: Args, kwargs: Kwargs, what: str
) -> FilterArgs | None:
    joiner, attribute = argument(args, kwargs, 0, "d", ""), argument(args, kwargs, 1, "attribute")
    items = materialized(value, what)
    if not hasattr(items, "__len__"):
        return None
    cap_walk(len(items), what)
    if attribute is not None:
        items = list(map(make_attrgetter(context.environment, attribute), items))
    escaping = context.eval_ctx.autoescape
    total = size_of(joiner, what) * max(0, len(items) - 1)
    for item in items:
        total += escaped_chars(item, what) if escaping else size_of(item, what)
        if total > MAX_OUTPUT_CHARS:
            raise too_long(what)
    cap_text(total, what)
    return items, (joiner,), {}


def _filter_list(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> FilterArgs:
    items = materialized(value, what)
    if hasattr(items, "__len__"):
        cap_list(len(items), what)
    return items, args, kwargs


def _filter_batch(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    count, fill = argument(args, kwargs, 0, "linecount"), argument(args, kwargs, 1, "fill_with")
    if fill is not None and isinstance(count, int):
        cap_list(count, what)  # the last batch is filled up to `linecount` items


def _filter_sum(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    start = argument(args, kwargs, 1, "start", 0)
    if isinstance(start, (str, bytes, list, tuple, dict, set, frozenset)):
        # sum() adds lists one at a time, copying the whole so far each time, in one C call
        raise SecurityError(f"{what} adds numbers only, not a {type(start).__name__}")


def _filter_tojson(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    indent = argument(args, kwargs, 0, "indent")
    chars, items, depth = measure(value, what, "json")
    width = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 0
    cap_text(max(width, 0), what)  # json makes the indent string first
    cap_text(chars + items * (2 + max(width, 0) * (depth + 1)), what)


def _filter_pprint(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    chars, items, depth = measure(value, what, "repr")
    cap_text(2 * chars + items * (depth + 2), what)  # long texts are split over lines, indented


def _filter_urlize(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    extra = sum(
        size_of(argument(args, kwargs, i, name), what) for i, name in ((2, "target"), (3, "rel"))
    )
    chars = size_of(value, what)
    cap_text(
        3 * chars + (chars // 4 + 1) * (extra + 64), what
    )  # each link: href, text, rel, target
    cap_pieces(value, WHITESPACE, what, 2)  # the text is split at whitespace, keeping it


def _filter_xmlattr(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_text(5 * size_of(value, what) + 16, what)


def _filter_moment(context: Context, value: Any, args: Args, kwargs: Kwargs, what: str) -> None:
    cap_text(moment_chars(argument(args, kwargs, 0, "fmt"), what), what)


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
    "title": _filter_words(WHITESPACE + "-({[<", 2, 3),
    "striptags": _filter_words(WHITESPACE + "<", 1, 1),
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


def sized_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """`filters`, each called through a wrapper that sizes it first; one that cannot be sized is
    left out."""
    return {
        name: _sized_filter(name, function, _FILTERS[name])
        for name, function in filters.items()
        if name in _FILTERS
    }


def _sized_filter(name: str, function: Callable[..., Any], size: FilterSizer) -> Callable[..., Any]:
    passes = getattr(getattr(function, "jinja_pass_arg", None), "name", None)
    what = f"the {name} filter"

    def sized(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
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
