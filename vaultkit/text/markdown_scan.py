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
to the code that makes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vaultkit.text.markdown_inline import HTML_TAG, blank, blank_spans, inline_spans

__all__ = [
    "HEADING",
    "LIST_MARKER",
    "closer_at_end",
    "fenced_lines",
    "heading_level",
    "prose_lines",
    "prose_text",
]


# ---------------------------------------------------------------------------
# Block structure
# ---------------------------------------------------------------------------

_NORMAL, _FENCE, _MATH, _INDENTED, _HTML, _RAW_HTML = range(6)
# What _process_line says a line was: paragraph text (which may hold inline code, math,
# comments or HTML), a line of fenced code (a fence line too), or part of another block.
_PARAGRAPH, _FENCED, _OTHER_BLOCK = range(3)

# One blockquote marker; markers may repeat ("> > ").
_QUOTE_MARKER = re.compile(r" {0,3}> ?")
_FENCE_OPEN = re.compile(r"([ \t]*)(`{3,}|~{3,})(.*)")
_FENCE_CLOSE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*$")
# A list item's marker: a bullet, or up to nine digits and "." or ")".
LIST_MARKER = r"(?:[-*+]|[0-9]{1,9}[.)])"
_LIST_ITEM = re.compile(rf"[ \t]*{LIST_MARKER}(?:[ \t]|$)")
# An ATX heading: up to three spaces, one to six "#", then a space, a tab or the end of the
# line ("#tag" and "#######" are text). Read on prose_lines' output, a "#" in code is none.
HEADING = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")

# CommonMark HTML block type 1: runs until one of these closing tags.
_RAW_HTML_OPEN = re.compile(r" {0,3}<(?:script|pre|style|textarea)(?:[ \t>]|$)", re.I)
_RAW_HTML_CLOSE = re.compile(r"</(?:script|pre|style|textarea)>", re.I)

# CommonMark HTML block type 6: a block-level tag name; runs to a blank line.
_BLOCK_TAG_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col"
    "|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure"
    "|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe"
    "|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p"
    "|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr"
    "|track|ul"
)
_BLOCK_TAG_OPEN = re.compile(rf" {{0,3}}</?(?:{_BLOCK_TAG_NAMES})(?:[ \t>]|/>|$)", re.I)

# CommonMark HTML block type 7: a complete tag alone on its line.
_LONE_TAG = re.compile(rf" {{0,3}}{HTML_TAG}[ \t]*$")


@dataclass(slots=True)
class _State:
    mode: int = _NORMAL
    fence_char: str = ""
    fence_len: int = 0
    fence_quote_depth: int = 0
    # "-->" or "%%" while a comment is open across lines.
    comment_closer: str | None = None
    # Body start counts as "after a blank line" for indented code.
    prev_blank: bool = True
    in_list: bool = False
    # What stands in for a non-prose character: a space keeps words apart, a "\n" also
    # breaks a phrase (phrases.py) where something was left out.
    fill: str = " "


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
    prose = _prose_lines(lines, _State(fill=fill), text)
    return prose, "\n".join(prose)


# A line that starts with whitespace, after the first. (Searched as a pattern: `"\n " in
# text` is slow, a space being in nearly every place the search tries.)
_INDENTED_LINE = re.compile(r"\n[ \t]")
# A character that can open code, math, a comment or HTML, inline or as a
# block: a line without one, in the normal state, is prose as it stands.
_OPENER_CHAR = re.compile(r"[`~$<%]")
# The first characters _LIST_ITEM can match at.
_LIST_ITEM_FIRST = frozenset(" \t-*+0123456789")


def closer_at_end(lines: list[str]) -> str | None:
    """The line that closes what is still open after `lines` (a fence, a `$$` block, a `%%` or
    `<!--` comment), so that text added after it is prose again; None when nothing is open (or
    what is open ends at a blank line, as an HTML block does, or only at its own closing tag)."""
    st = _State()
    _prose_lines(lines, st)
    if st.comment_closer is not None:
        return st.comment_closer
    if st.mode == _FENCE:
        return "> " * st.fence_quote_depth + st.fence_char * st.fence_len
    if st.mode == _MATH:
        return "$$"
    return None


def _prose_lines(lines: list[str], st: _State | None = None, text: str | None = None) -> list[str]:
    """Every line as prose, read from state `st` (a new one: the top of a note) on. Between the
    lines that must be read one by one (_look_alone), lines are prose as they stand while
    nothing is open: they are copied as a run, and the state they leave is worked out from
    the last ones (_after_plain) instead of line by line. (`text`: the lines joined by "\n",
    when the caller has it.)"""
    st = st if st is not None else _State()
    out: list[str] = []
    alone = _look_alone(lines, text)
    if alone is None:
        _each_line(lines, st, out)
        return out
    count, at, taken = len(lines), 0, 0
    while at < count:
        start = alone[taken] if taken < len(alone) else count
        if at < start:  # plain lines
            if st.comment_closer is None and st.mode == _NORMAL:
                run = lines[at:start]
                out += run
                _after_plain(run, st)
            else:  # inside a block or a comment: a plain line may still end it
                _each_line(lines[at:start], st, out)
        # The lines to read alone that follow it, read in one go.
        at = start
        while taken < len(alone) and alone[taken] == at:
            at, taken = at + 1, taken + 1
        _each_line(lines[start:at], st, out)
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


def _after_plain(run: list[str], st: _State) -> None:
    """The state a run of plain lines leaves, as _each_line's first fast path leaves it: no
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
        if line[0] in _LIST_ITEM_FIRST and _LIST_ITEM.match(line):
            st.in_list = True
            return
        above = run[index - 1] if index else None
        blank_above = before if above is None else (not above or above.isspace())
        if blank_above or (line[0] == "#" and HEADING.match(line)):
            st.in_list = False
            return


def _each_line(lines: list[str], st: _State, out: list[str]) -> None:
    """Read `lines` one by one on from state `st`, adding each as prose to `out`."""
    append = out.append
    has_opener = _OPENER_CHAR.search
    list_item = _LIST_ITEM.match
    heading = HEADING.match
    for line in lines:
        if st.comment_closer is None:
            mode = st.mode
            if mode == _NORMAL:
                # Fast path: a paragraph line with nothing to blank.  It is
                # what _process_line and _track_context would do with it,
                # unrolled: no opener character means no fence, math block,
                # HTML block or inline span; only indented code is left.
                if not has_opener(line) and not (
                    line[:1] in (" ", "\t")
                    and st.prev_blank
                    and not st.in_list
                    and _indent_width(line) >= 4
                ):
                    append(line)
                    # "not line or line.isspace()" is "not line.strip()",
                    # without building a string.
                    if not line or line.isspace():
                        st.prev_blank = True
                        continue
                    first = line[0]
                    if first in _LIST_ITEM_FIRST and list_item(line):
                        st.in_list = True
                    elif (
                        first != " "
                        and first != "\t"
                        and (st.prev_blank or (first == "#" and heading(line)))
                    ):
                        st.in_list = False
                    st.prev_blank = False
                    continue
            elif mode == _FENCE and st.fence_quote_depth == 0 and st.fence_char not in line:
                # Fast path: a line inside a fence that cannot close it
                # (no fence character), then _track_context for a line
                # that is not paragraph text.
                append(st.fill * len(line))
                if not line or line.isspace():
                    st.prev_blank = True
                    continue
                if line[0] != " " and line[0] != "\t":
                    st.in_list = False
                st.prev_blank = False
                continue
        # A comment hides block structure as well as text, so lines that
        # start inside one neither open blocks nor change the list/blank
        # context the lines after the comment are judged in.
        in_comment = st.comment_closer is not None
        text, kind = _process_line(line, st)
        if not in_comment:
            _track_context(line, kind == _PARAGRAPH, st)
        append(text)


def fenced_lines(lines: list[str]) -> list[bool]:
    """Which lines are fenced code, the fence lines included: an unclosed fence runs to the
    end of the note. A fence inside a comment, an HTML block or indented code is none."""
    st = _State()
    fenced: list[bool] = []
    for line in lines:
        in_comment = st.comment_closer is not None
        _, kind = _process_line(line, st)
        if not in_comment:
            _track_context(line, kind == _PARAGRAPH, st)
        fenced.append(kind == _FENCED)
    return fenced


def markup_block_lines(lines: list[str]) -> list[bool]:
    """Which lines are in an HTML block or a ``$$`` math block: not prose for phrases, yet
    text a person typed (phrases.read_entry asks whether they wrote). Not fenced or indented
    code, which is no one's words."""
    st = _State()
    found: list[bool] = []
    for line in lines:
        in_comment = st.comment_closer is not None
        before = st.mode
        _, kind = _process_line(line, st)
        if not in_comment:
            _track_context(line, kind == _PARAGRAPH, st)
        found.append(kind == _OTHER_BLOCK and _INDENTED not in (before, st.mode))
    return found


def _process_line(line: str, st: _State) -> tuple[str, int]:
    """Blank one line; also say what it was (_PARAGRAPH, _FENCED or _OTHER_BLOCK)."""
    if st.comment_closer is not None:
        return blank_spans(line, inline_spans(line, 0, st), st.fill), _PARAGRAPH
    if st.mode == _FENCE:
        if _continues_fence(line, st):
            return blank(line, st.fill), _FENCED
        # The blockquote holding the fence ended, and the fence with it.
        st.mode = _NORMAL
    elif st.mode == _MATH:
        return _math_line(line, st), _OTHER_BLOCK
    elif st.mode == _RAW_HTML:
        if _RAW_HTML_CLOSE.search(line):
            st.mode = _NORMAL
        return blank(line, st.fill), _OTHER_BLOCK
    elif st.mode == _HTML:
        if line.strip():
            return blank(line, st.fill), _OTHER_BLOCK
        st.mode = _NORMAL
    elif st.mode == _INDENTED:
        if not line.strip():
            return line, _OTHER_BLOCK
        if _indent_width(line) >= 4:
            return blank(line, st.fill), _OTHER_BLOCK
        st.mode = _NORMAL
    return _normal_line(line, st)


def _normal_line(line: str, st: _State) -> tuple[str, int]:
    if _opens_indented_code(line, st):
        st.mode = _INDENTED
        return blank(line, st.fill), _OTHER_BLOCK
    if _opens_fence(line, st):
        return blank(line, st.fill), _FENCED
    if _opens_math_block(line, st) or _opens_html_block(line, st):
        return blank(line, st.fill), _OTHER_BLOCK
    return blank_spans(line, inline_spans(line, 0, st), st.fill), _PARAGRAPH


def _track_context(line: str, is_paragraph: bool, st: _State) -> None:
    """Remember what indented code needs: a blank line before, no list above."""
    if not line.strip():
        st.prev_blank = True
        return
    indented = line[0] in " \t"
    if is_paragraph and _LIST_ITEM.match(line):
        st.in_list = True
    elif not indented and (st.prev_blank or not is_paragraph or HEADING.match(line)):
        # An unindented line only stays in the list as a lazy continuation of
        # the item's paragraph, which needs no blank line and plain text.
        st.in_list = False
    st.prev_blank = False


def _opens_indented_code(line: str, st: _State) -> bool:
    # In a journal, text indented under "- item" is a nested item or a
    # continuation, never code, even after a blank line.
    return st.prev_blank and not st.in_list and bool(line.strip()) and _indent_width(line) >= 4


def _opens_fence(line: str, st: _State) -> bool:
    depth, pos = _strip_quotes(line)
    m = _FENCE_OPEN.match(line, pos)
    if not m:
        return False
    indent, fence, info = m.groups()
    # Indented 4+ outside a list it is paragraph text (or indented code,
    # tested before); inside a list it is a fence in a nested item.
    if _indent_width(indent) >= 4 and not st.in_list:
        return False
    # A backtick in the info string means it is an inline code span.
    if fence[0] == "`" and "`" in info:
        return False
    st.mode = _FENCE
    st.fence_char = fence[0]
    st.fence_len = len(fence)
    st.fence_quote_depth = depth
    return True


def _continues_fence(line: str, st: _State) -> bool:
    depth, pos = _strip_quotes(line, st.fence_quote_depth)
    if depth < st.fence_quote_depth:
        return False
    m = _FENCE_CLOSE.match(line, pos)
    if m and m.group(1)[0] == st.fence_char and len(m.group(1)) >= st.fence_len:
        st.mode = _NORMAL
    return True


def _opens_math_block(line: str, st: _State) -> bool:
    _, pos = _strip_quotes(line)
    rest = line[pos:].lstrip()
    # "$$ x $$" on one line is left to the inline scan, which blanks just
    # that much and keeps any prose after it.
    if not rest.startswith("$$") or "$$" in rest[2:]:
        return False
    st.mode = _MATH
    return True


def _math_line(line: str, st: _State) -> str:
    end = line.find("$$")
    if end < 0:
        return blank(line, st.fill)
    st.mode = _NORMAL
    end += 2
    return blank_spans(line, [(0, end), *inline_spans(line, end, st)], st.fill)


def _opens_html_block(line: str, st: _State) -> bool:
    if _RAW_HTML_OPEN.match(line):
        st.mode = _NORMAL if _RAW_HTML_CLOSE.search(line) else _RAW_HTML
        return True
    # A lone tag (type 7) cannot interrupt a paragraph; a block tag can.
    if _BLOCK_TAG_OPEN.match(line) or (st.prev_blank and _LONE_TAG.match(line)):
        st.mode = _HTML
        return True
    return False


def _strip_quotes(line: str, limit: int | None = None) -> tuple[int, int]:
    """Count blockquote markers (at most ``limit``); return (depth, end)."""
    depth = pos = 0
    while limit is None or depth < limit:
        m = _QUOTE_MARKER.match(line, pos)
        if not m:
            break
        depth, pos = depth + 1, m.end()
    return depth, pos


def _indent_width(text: str) -> int:
    # Tabs advance to the next multiple of 4, as in CommonMark.
    width = 0
    for ch in text:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def heading_level(prose: str) -> int:
    """The level of the heading a prose line is (1 to 6), 0 when it is none."""
    if "#" not in prose:
        return 0
    match = HEADING.match(prose)
    return len(match.group(1)) if match else 0
