"""How a rendered template fits the note a trigger line sits in.

A trigger line is replaced by its template without the frontmatter and the title line (the
note has both already), with the template's headings shifted under the heading the trigger
sits in: a letter's `##` sections under a daily page's `## What happened` become `###`. A
trigger written as a list item takes a result that can be a list item (one line of text) with
the marker as the person wrote it; anything else would break their list apart.

Pure: text in, text out. Lines are split on "\\n" only and keep any "\\r", so a CRLF template
stays CRLF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vaultkit.text.markdown_scan import LIST_MARKER, heading_level, prose_lines
from vaultkit.text.note_metadata import is_private_metadata, read_metadata, split_frontmatter
from vaultkit.text.private_passages import PRIVATE_CLOSE, PRIVATE_OPEN

__all__ = [
    "MAX_LEVEL",
    "as_list_item",
    "fit",
    "is_private_template",
    "private_passage",
    "section_levels",
    "shift_headings",
    "strip_frontmatter",
    "strip_title",
    "under_item",
]

MAX_LEVEL = 6  # Markdown has no deeper heading: deeper sections stay at six

# What opens a block that cannot sit on a list item's line: a heading, a quote or callout, a
# fence, a table row, HTML, a comment, display math, a thematic break.
_BLOCK = re.compile(r"[ \t]*(?:#{1,6}(?:[ \t]|$)|>|```|~~~|\||<|%%|\$\$|(?:[-*_][ \t]*){3,}$)")
_LIST_MARKER = re.compile(rf"[ \t]*{LIST_MARKER}(?:[ \t]+|$)")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _bare(lines: list[str]) -> list[str]:
    return [line.removesuffix("\r") for line in lines]


def strip_frontmatter(text: str) -> str:
    """A rendered template without its frontmatter (and the blank lines after it), for
    expanding inside an existing note. Frontmatter is read as parse_note reads it."""
    lines = _lines(text)
    _, body = split_frontmatter(_bare(lines))
    if not body:
        return text
    return "\n".join(lines[body:]).lstrip("\r\n")


def strip_title(text: str) -> str:
    """The text without its title: a first-level heading on its first non-blank line, and
    one blank line after it. A text that opens any other way has no title to take off."""
    lines = _lines(text)
    bare = _bare(lines)
    first = next((i for i, line in enumerate(bare) if line.strip()), None)
    if first is None or heading_level(bare[first]) != 1:
        return text
    end = first + 1
    if end < len(bare) - 1 and not bare[end].strip():
        end += 1  # not the text's final "": that is the newline ending the title itself
    return "\n".join(lines[end:])


def _headings(lines: list[str]) -> list[tuple[int, int]]:
    """(line index, level) of each real heading among `lines`."""
    found = []
    for index, prose in enumerate(prose_lines(_bare(lines))):
        if level := heading_level(prose):
            found.append((index, level))
    return found


def shift_headings(text: str, under: int | None) -> str:
    """The text with its shallowest heading one level below `under` (the level of the heading
    the trigger sits in) and the others moved as much, none deeper than MAX_LEVEL. With no
    heading above the trigger (`under` None) the levels stay as they are."""
    if under is None:
        return text
    lines = _lines(text)
    headings = _headings(lines)
    if not headings:
        return text
    shift = under + 1 - min(level for _, level in headings)
    if not shift:
        return text
    for index, level in headings:
        line = lines[index]
        start = line.index("#")
        new = max(1, min(MAX_LEVEL, level + shift))
        lines[index] = line[:start] + "#" * new + line[start + level :]
    return "\n".join(lines)


def fit(text: str, under: int | None) -> str:
    """A rendered template as a trigger line is replaced by: without its frontmatter and
    title, its headings under the trigger's section (see shift_headings)."""
    text = strip_title(strip_frontmatter(text.removeprefix("\ufeff")))
    return shift_headings(text.lstrip("\r\n"), under)


def section_levels(
    lines: list[str], body_start: int, indexes: Iterable[int]
) -> dict[int, int | None]:
    """The level of the heading each line of `indexes` sits under (None: no heading above
    it), in a note's `lines` whose body starts at `body_start`; read in one pass."""
    wanted = sorted(set(indexes))
    if not wanted:
        return {}
    body = lines[body_start : wanted[-1]]
    levels = iter(_headings(body))
    upcoming = next(levels, None)
    level: int | None = None
    found: dict[int, int | None] = {}
    for index in wanted:
        while upcoming is not None and body_start + upcoming[0] < index:
            level = upcoming[1]
            upcoming = next(levels, None)
        found[index] = level
    return found


def as_list_item(marker: str, text: str) -> str | None:
    """The result for a trigger written as a list item: `marker` (the indentation and list
    marker as written) and the result's one line of text, without a list marker of its own;
    None when the result, without frontmatter and title, is anything but one line of text."""
    lines = [line.strip() for line in _bare(_lines(fit(text, None))) if line.strip()]
    if len(lines) != 1 or _BLOCK.match(lines[0]):
        return None
    own = _LIST_MARKER.match(lines[0])
    line = lines[0][own.end() :] if own else lines[0]
    return marker + line if line else None


def under_item(text: str, trigger_line: str) -> str:
    """The result for a trigger line indented under a list item: each of its lines that is not
    blank indented as the trigger was, so that it stays inside the item (Markdown reads an
    unindented line there as the end of the list). An unindented trigger's result is as it is."""
    indent = trigger_line[: len(trigger_line) - len(trigger_line.lstrip(" \t"))]
    if not indent:
        return text
    return "\n".join(indent + line if line.strip() else line for line in text.split("\n"))


def is_private_template(text: str) -> bool:
    """Whether a rendered template makes a private note (an unsent letter, `private: true`),
    read from its frontmatter as a note's would be."""
    yaml_text, _ = split_frontmatter(_bare(_lines(text.removeprefix("\ufeff"))))
    if yaml_text is None:
        return False
    metadata, _ = read_metadata("template", yaml_text)
    return metadata is not None and is_private_metadata(metadata)


def private_passage(text: str) -> str:
    """A fitted result wrapped as a private passage (note.private_passage_lines): what a person
    writes in an unsent letter inside their daily page stays out of counts, reviews and the
    brief, as it would in a letter of its own."""
    newline = "\r\n" if "\r\n" in text else "\n"
    body = text if text.endswith(("\n", "\r")) else text + newline
    # Blank lines inside the markers: a marker line right below a quote or callout would be
    # read as the last line of it.
    return f"{PRIVATE_OPEN}{newline}{newline}{body}{newline}{PRIVATE_CLOSE}{newline}"
