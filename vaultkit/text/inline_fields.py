"""Inline fields on a line of prose: `[key:: value]`, `(key:: value)` and a line `key:: value`."""

from __future__ import annotations

import re

from vaultkit.text.next_finder import NextFinder

# "[key:: value]" and "(key:: value)": the value runs to the first "]" or ")" and is stripped.
# As one pattern, `[\[(]([\w -]+?)::\s*([^\])]*?)\s*[\])]`, each "[key::" on a line without a
# closer read to the end of the line (quadratic in a line of them), and so did each space of
# a long run inside a value; the closer is looked for once instead.
_FIELD_KEY = re.compile(r"[\[(]([\w -]+)::")
_FIELD_CLOSE = re.compile(r"[\])]")
# A key and its value to the first closer, in one pattern: read so only where a closer follows
# the last "::", so that every key has one and each is read to it once (see _bracket_fields).
_FIELD = re.compile(r"[\[(]([\w -]+)::([^\])]*+)[\])]")
# The value is stripped of whitespace, as `\s*(.+?)\s*$` had it, without trying `\s*$` from
# every character of the value; a value of whitespace alone reads as its last character.
_FIELD_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(mood|emotion|intensity)::\s*(\S(?:.*\S)?|\s)\s*$", re.IGNORECASE
)


def _bracket_fields(prose: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    last = prose.rfind("::")
    if last < 0:
        return fields
    if _FIELD_CLOSE.search(prose, last):  # every key has its closer: one search reads them all
        for key, value in _FIELD.findall(prose):
            fields[key.strip().lower()] = value.strip()
        return fields
    closers = NextFinder(prose, _FIELD_CLOSE)
    pos = 0
    while (key := _FIELD_KEY.search(prose, pos)) is not None:
        close = closers.find(key.end())
        if close < 0:
            break  # no "]" or ")" after this key, nor after any later one
        fields[key.group(1).strip().lower()] = prose[key.end() : close].strip()
        pos = close + 1
    return fields


def line_fields(prose: str) -> dict[str, str]:
    fields = _bracket_fields(prose)
    single = _FIELD_LINE.match(prose)
    if single:
        fields[single.group(1).lower()] = single.group(2)
    return fields
