"""The sections of a session note: the lines under a heading, and its list items."""

from __future__ import annotations

import re

from vaultkit.text.markdown_scan import HEADING, LIST_MARKER
from vaultkit.text.note import Note


def _heading_text(line: str, match: re.Match[str]) -> str:
    # What is left without the closing "#"s and the whitespace around them, read with string
    # methods: a pattern like `(.*?)\s*#*\s*$` tried its three runs every way at every
    # character of the text (cubic in a run of spaces).
    return line[match.end() :].strip().rstrip("#").rstrip()


def section_lines(note: Note, heading: str) -> list[tuple[int, str]]:
    """The (index, line) pairs under the first heading whose text is `heading` (any level)."""
    wanted = heading.strip().lower()
    level, found = 0, []
    for index in range(note.body_start, len(note.lines)):
        line = note.lines[index]
        match = HEADING.match(line)
        if match:
            if level and len(match.group(1)) <= level:
                break
            if not level and _heading_text(line, match).lower() == wanted:
                level = len(match.group(1))
            continue
        if level:
            found.append((index, line))
    return found


# The item's text, from its first to its last non-space; the box counts as text when nothing
# follows it. Possessive runs: backing off a run of spaces to retry `(.*\S)` from each of them
# was quadratic in a line of spaces after a marker.
_LIST_ITEM = re.compile(rf"^\s*{LIST_MARKER}\s++(?:\[.\]\s++(?=\S))?(\S(?:.*\S)?)\s*$")


def section_list_items(note: Note, heading: str) -> list[str]:
    """The non-empty top-level list items under a heading."""
    items = []
    for _, line in section_lines(note, heading):
        match = _LIST_ITEM.match(line)
        if match and not line.startswith((" ", "\t")):
            items.append(match.group(1))
    return items
