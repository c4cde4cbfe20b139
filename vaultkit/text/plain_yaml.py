"""The common shape of frontmatter, read without a YAML parser.

Almost every note's frontmatter is a few `key: value` lines (`date: 2026-11-20`, `mood: 6`,
`tags: [work, sleep]`). PyYAML spends about 50 µs on each, which is a fifth of reading a
50,000-note vault cold. `plain_mapping` reads exactly that shape and gives the value PyYAML
would; for anything else (quotes, anchors, multi-line values, numbers in other notations,
duplicate keys, tabs...) it returns None and the caller asks PyYAML. A property test holds it
to PyYAML's answer on generated frontmatter.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

# The value runs from the first non-space to the last ("" when there is none). Written as
# `[ ]+(.*?)[ ]*$`, a value holding a long run of spaces was quadratic: `[ ]*$` was tried, and
# failed, from each space of the run.
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]++((?:.*[^ \n])?))?[ ]*+$")
_ITEM_LINE = re.compile(r"([ ]*+)-[ ]++((?:.*[^ \n])?)[ ]*+$")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NUMBER_START = "-0123456789"  # where each of the three above can start
# YAML 1.1 words PyYAML resolves (null and booleans), exactly as its resolver spells them.
_WORDS: dict[str, Any] = {
    **{w: None for w in ("~", "null", "Null", "NULL")},
    **{w: True for w in ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{w: False for w in ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
}
# A plain string that no YAML rule could read as anything else: it starts with a letter (or a
# non-ASCII character that is no line break) and holds none of the characters with a meaning in
# YAML. The words YAML reads as booleans or null are caught before it, by _WORDS. The first
# character is A-Z, a-z, U+00C0-U+2027 or U+2030-U+FEFE, written as what it is not: Python's
# re compiles a class of wide ranges in the Basic Multilingual Plane code point by code point
# (7 ms at every start, in the command and in each helper), and a negated one in a fraction.
_PLAIN = re.compile(r"[^\x00-@\[-`{-\xbf\u2028-\u202f\ufeff-\U0010ffff][^:#\[\]{},&*!|>'\"%@`\\]*")
_FLOW_LIST = re.compile(r"\[([^\[\]{}]*)\]")
# What YAML reads as a line break or refuses outright: such text goes to PyYAML.
_AWKWARD = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\t\r]"
)


class _NotPlain(Exception):
    pass


def _without_comment(text: str) -> str:
    text = text.strip(" ")
    if text.startswith("#"):
        return ""
    if " #" in text:
        text = text[: text.index(" #")]
    return text.rstrip(" ")


# The same few values (a mood, a tag) recur in note after note, and every one is immutable.
@functools.lru_cache(maxsize=4096)
def _scalar(text: str) -> Any:
    text = _without_comment(text)
    if not text:
        return None
    if text in _WORDS:
        return _WORDS[text]
    if text[0] in _NUMBER_START:  # never a plain string's first character
        # A date first: each note's is its own, so it is seldom in the cache above. (No date
        # is also an int or a float.)
        date = _DATE.fullmatch(text)
        if date:
            try:
                return dt.date(int(date[1]), int(date[2]), int(date[3]))
            except ValueError:
                raise _NotPlain from None  # PyYAML's own error is the one to report
        if _INT.fullmatch(text):
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
    elif _PLAIN.fullmatch(text):
        return text
    raise _NotPlain


def _flow_list(text: str) -> list[Any]:
    return list(_flow_items(text))


# The same few lists of tags recur in note after note.
@functools.lru_cache(maxsize=4096)
def _flow_items(text: str) -> tuple[Any, ...]:
    match = _FLOW_LIST.fullmatch(_without_comment(text))
    if not match:
        raise _NotPlain
    items = match.group(1).split(",")
    if len(items) > 1 and not items[-1].strip(" "):
        items.pop()  # YAML allows one trailing comma
    if items == [""] or items == [" " * len(items[0])]:
        return ()
    if any(not item.strip(" ") for item in items):
        raise _NotPlain
    return tuple(_scalar(item) for item in items)


def plain_mapping(text: str) -> dict[str, Any] | None:
    """The mapping PyYAML would read from `text`, or None when `text` is not of the plain
    shape (then PyYAML must read it)."""
    if _AWKWARD.search(text):
        return None
    found: dict[str, Any] = {}
    list_key, list_indent = None, None
    try:
        for line in text.split("\n"):
            start = line.lstrip(" ")[:1]
            if not start or start == "#":
                continue
            item = _ITEM_LINE.fullmatch(line) if start == "-" else None
            if item is not None:
                indent, value = item.groups()
                if (
                    list_key is None
                    or value.startswith(("-", "[", "{", "#"))
                    or list_indent not in (None, indent)
                ):
                    return None
                list_indent = indent
                if found[list_key] is None:
                    found[list_key] = []
                found[list_key].append(_scalar(value))
                continue
            match = _KEY_LINE.fullmatch(line)
            if match is None or match.group(1) in found or match.group(1) in _WORDS:
                return None
            key, value = match.groups()
            list_key, list_indent = None, None
            if value is None or value.startswith("#"):
                found[key] = None
                list_key = key  # a block list may follow
            elif value.startswith("["):
                found[key] = _flow_list(value)
            else:
                found[key] = _scalar(value)
    except _NotPlain:
        return None
    return found
