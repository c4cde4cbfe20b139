"""The one Markdown grammar every reader of a note shares: which characters are prose, and what
a list item and a heading are.

A full Markdown parse of every note is far too slow for a 50,000-note vault,
so this is a line-based state machine for the block structure (fences, ``$$``
math, comments, HTML blocks, indented code) plus per-line regexes for the
inline structure (markdown_inline).  It is pure (no I/O), uses only the
standard library, and runs in time linear in the length of the note.

``prose_lines`` blanks out everything that is not prose, keeping every line's
length, so positions in its output are positions in the note.  The tags and
links (tags_links), the items, fields and triggers (note), the phrases
(phrases), the question cues (questions) and the headings a template is
shifted under (expansion) are all read on its output, so they agree on what
prose is.

Decisions on cases where Obsidian's behaviour is not obvious are written next
to the code that makes them. The rules for one line (what opens and closes each block, a list
item, a heading) are markdown_blocks'; this module reads notes with them, and is where every
other module asks for them.
"""

from __future__ import annotations

import re

from vaultkit.text.markdown_blocks import (
    FENCE,
    HEADING,
    LIST_ITEM,
    LIST_ITEM_FIRST,
    LIST_MARKER,
    MATH,
    NORMAL,
    BlockState,
    fenced_lines,
    heading_level,
    markup_block_lines,
    read_lines,
)

__all__ = [
    "HEADING",
    "LIST_MARKER",
    "closer_at_end",
    "fenced_lines",
    "heading_level",
    "markup_block_lines",
    "prose_lines",
    "prose_text",
]


def prose_lines(lines: list[str], fill: str = " ") -> list[str]:
    """Return ``lines`` with every non-prose character replaced by ``fill`` (one character).

    Non-prose is fenced and indented code, ``$$`` and ``$`` math, HTML and
    ``%%`` comments, HTML blocks, inline HTML tags and inline code spans.
    The result has as many lines as the input, each exactly as long.
    """
    return prose_text(lines, fill)[0]


def prose_text(
    lines: list[str], fill: str = " ", joined: str | None = None
) -> tuple[list[str], str]:
    """``prose_lines(lines)``, and the same joined by "\n": what a note's parse reads in one
    pass (a plain note's is joined once, here, to be told plain; or not at all, when the
    caller has the lines `joined` already)."""
    if not isinstance(lines, list):
        lines = list(lines)
    # Most notes are plain prose.  Without any character that can open a
    # non-prose construct and without a line starting with whitespace (the
    # only way into indented code), no line can change: the whole note is
    # prose.  ("\n".join may see a "\n" inside a line as a line start; that
    # only sends a note to the full scan, never away from it.)
    text = "\n".join(lines) if joined is None else joined
    if (
        "`" not in text
        and "~" not in text
        and "$" not in text
        and "<" not in text
        and "%" not in text
        and not text.startswith((" ", "\t"))
        and not _INDENTED_LINE.search(text)
    ):
        return lines[:], text
    prose = _prose_lines(lines, BlockState(fill=fill), text)
    return prose, "\n".join(prose)


# A line that starts with whitespace, after the first. (Searched as a pattern: `"\n " in
# text` is slow, a space being in nearly every place the search tries.)
_INDENTED_LINE = re.compile(r"\n[ \t]")


def closer_at_end(lines: list[str]) -> str | None:
    """The line that closes what is still open after `lines` (a fence, a `$$` block, a `%%` or
    `<!--` comment), so that text added after it is prose again; None when nothing is open (or
    what is open ends at a blank line, as an HTML block does, or only at its own closing tag)."""
    st = BlockState()
    _prose_lines(lines, st)
    if st.comment_closer is not None:
        return st.comment_closer
    if st.mode == FENCE:
        return "> " * st.fence_quote_depth + st.fence_char * st.fence_len
    if st.mode == MATH:
        return "$$"
    return None


def _prose_lines(
    lines: list[str], st: BlockState | None = None, text: str | None = None
) -> list[str]:
    """Every line as prose, read from state `st` (a new one: the top of a note) on. Between the
    lines that must be read one by one (_look_alone), lines are prose as they stand while
    nothing is open: they are copied as a run, and the state they leave is worked out from
    the last ones (_after_plain) instead of line by line. (`text`: the lines joined by "\n",
    when the caller has it.)"""
    st = st if st is not None else BlockState()
    out: list[str] = []
    alone = _look_alone(lines, text)
    if alone is None:
        read_lines(lines, st, out)
        return out
    count, at, taken = len(lines), 0, 0
    while at < count:
        start = alone[taken] if taken < len(alone) else count
        if at < start:  # plain lines
            if st.comment_closer is None and st.mode == NORMAL:
                run = lines[at:start]
                out += run
                _after_plain(run, st)
            else:  # inside a block or a comment: a plain line may still end it
                read_lines(lines[at:start], st, out)
        # The lines to read alone that follow it, read in one go.
        at = start
        while taken < len(alone) and alone[taken] == at:
            at, taken = at + 1, taken + 1
        read_lines(lines[start:at], st, out)
    return out


def _look_alone(lines: list[str], text: str | None) -> list[int] | None:
    """The lines (in order) that must be read one by one: those holding a character that can
    open code, math, a comment or HTML, and those that start with whitespace (indented code,
    or a nested item). Each character is looked for with str.find, on from the end of the
    line it was last found on, and the line starts with one search: one pattern for all of
    them is tried at every place of the note, several times as slow. None when more than one
    line in _ALONE_SHARE is (a note of code, or of nested lists): the runs between them are
    then too short to gain from, and every line is read one by one."""
    if text is None:
        text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1:  # a line holding a "\n" itself
        return None
    enough = len(lines) // _ALONE_SHARE
    places = [0] if text.startswith((" ", "\t")) else []  # a place in each such line
    for char in "`~$<%":
        at = text.find(char)
        while at >= 0:
            places.append(at)
            if len(places) > enough:
                return None
            at = text.find("\n", at)
            if at < 0:
                break
            at = text.find(char, at)
    search = _INDENTED_LINE.search
    at = 0
    while (mark := search(text, at)) is not None:
        at = mark.start() + 1  # the line's first character (its "\n" ends the line before)
        places.append(at)
        if len(places) > enough:
            return None
    if len(places) > enough:
        return None
    places.sort()
    found: list[int] = []
    line = at = 0
    for place in places:
        line += text.count("\n", at, place)
        at = place
        if not found or found[-1] != line:
            found.append(line)
    return found


# A run of plain lines copied whole costs about what four lines read one by one cost.
_ALONE_SHARE = 5


def _after_plain(run: list[str], st: BlockState) -> None:
    """The state a run of plain lines leaves, as read_lines's first fast path leaves it: no
    line of the run starts with whitespace or holds an opening character. A blank line sets
    prev_blank; a list item puts the lines after it in a list, and a line after a blank or a
    heading ends the list. Worked out from the last lines: the last line that decides."""
    before = st.prev_blank  # before the run's first line
    last = run[-1]
    st.prev_blank = not last or last.isspace()
    for index in range(len(run) - 1, -1, -1):
        line = run[index]
        if not line or line.isspace():
            continue
        if line[0] in LIST_ITEM_FIRST and LIST_ITEM.match(line):
            st.in_list = True
            return
        above = run[index - 1] if index else None
        blank_above = before if above is None else (not above or above.isspace())
        if blank_above or (line[0] == "#" and HEADING.match(line)):
            st.in_list = False
            return
