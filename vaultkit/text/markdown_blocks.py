"""Markdown's block structure, read one line at a time: what each line of a note is (paragraph
text, fenced code, part of another block) and the state it leaves for the next (what is open:
a fence, a ``$$`` block, a comment, an HTML block; whether a blank line or a list item came
before, which decides indented code). The rules for a line: a list item, a heading, what
opens and closes each block.

markdown_scan reads notes with it: which characters are prose (``prose_lines``), reading
runs of plain lines whole where nothing can change them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vaultkit.text.markdown_inline import HTML_TAG, blank, blank_spans, inline_spans

# ---------------------------------------------------------------------------
# Block structure
# ---------------------------------------------------------------------------

NORMAL, FENCE, MATH, _INDENTED, _HTML, _RAW_HTML = range(6)
# What _process_line says a line was: paragraph text (which may hold inline code, math,
# comments or HTML), a line of fenced code (a fence line too), or part of another block.
_PARAGRAPH, _FENCED, _OTHER_BLOCK = range(3)

# One blockquote marker; markers may repeat ("> > ").
_QUOTE_MARKER = re.compile(r" {0,3}> ?")
_FENCE_OPEN = re.compile(r"([ \t]*)(`{3,}|~{3,})(.*)")
_FENCE_CLOSE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*$")
# A list item's marker: a bullet, or up to nine digits and "." or ")".
LIST_MARKER = r"(?:[-*+]|[0-9]{1,9}[.)])"
LIST_ITEM = re.compile(rf"[ \t]*{LIST_MARKER}(?:[ \t]|$)")
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
class BlockState:
    """Where a note's reading is after a line: what is open, and what came before."""

    mode: int = NORMAL
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


# A character that can open code, math, a comment or HTML, inline or as a
# block: a line without one, in the normal state, is prose as it stands.
OPENER_CHAR = re.compile(r"[`~$<%]")
# The first characters LIST_ITEM can match at.
LIST_ITEM_FIRST = frozenset(" \t-*+0123456789")


def read_lines(lines: list[str], st: BlockState, out: list[str]) -> None:
    """Read `lines` one by one on from state `st`, adding each as prose to `out`."""
    append = out.append
    has_opener = OPENER_CHAR.search
    list_item = LIST_ITEM.match
    heading = HEADING.match
    for line in lines:
        if st.comment_closer is None:
            mode = st.mode
            if mode == NORMAL:
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
                    if first in LIST_ITEM_FIRST and list_item(line):
                        st.in_list = True
                    elif (
                        first != " "
                        and first != "\t"
                        and (st.prev_blank or (first == "#" and heading(line)))
                    ):
                        st.in_list = False
                    st.prev_blank = False
                    continue
            elif mode == FENCE and st.fence_quote_depth == 0 and st.fence_char not in line:
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
    # A fence opens only at a run of three backticks or tildes: lines without one hold none
    # (the agenda, read for its markers at every edit, rarely has one).
    joined = "\n".join(lines)
    if "```" not in joined and "~~~" not in joined:
        return [False] * len(lines)
    return fenced_each(lines)


def fenced_each(lines: list[str]) -> list[bool]:
    """fenced_lines, every line read (what it gives when a fence may open)."""
    st = BlockState()
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
    st = BlockState()
    found: list[bool] = []
    for line in lines:
        in_comment = st.comment_closer is not None
        before = st.mode
        _, kind = _process_line(line, st)
        if not in_comment:
            _track_context(line, kind == _PARAGRAPH, st)
        found.append(kind == _OTHER_BLOCK and _INDENTED not in (before, st.mode))
    return found


def _process_line(line: str, st: BlockState) -> tuple[str, int]:
    """Blank one line; also say what it was (_PARAGRAPH, _FENCED or _OTHER_BLOCK)."""
    if st.comment_closer is not None:
        return blank_spans(line, inline_spans(line, 0, st), st.fill), _PARAGRAPH
    if st.mode == FENCE:
        if _continues_fence(line, st):
            return blank(line, st.fill), _FENCED
        # The blockquote holding the fence ended, and the fence with it.
        st.mode = NORMAL
    elif st.mode == MATH:
        return _math_line(line, st), _OTHER_BLOCK
    elif st.mode == _RAW_HTML:
        if _RAW_HTML_CLOSE.search(line):
            st.mode = NORMAL
        return blank(line, st.fill), _OTHER_BLOCK
    elif st.mode == _HTML:
        if line.strip():
            return blank(line, st.fill), _OTHER_BLOCK
        st.mode = NORMAL
    elif st.mode == _INDENTED:
        if not line.strip():
            return line, _OTHER_BLOCK
        if _indent_width(line) >= 4:
            return blank(line, st.fill), _OTHER_BLOCK
        st.mode = NORMAL
    return _normal_line(line, st)


def _normal_line(line: str, st: BlockState) -> tuple[str, int]:
    if _opens_indented_code(line, st):
        st.mode = _INDENTED
        return blank(line, st.fill), _OTHER_BLOCK
    if _opens_fence(line, st):
        return blank(line, st.fill), _FENCED
    if _opens_math_block(line, st) or _opens_html_block(line, st):
        return blank(line, st.fill), _OTHER_BLOCK
    return blank_spans(line, inline_spans(line, 0, st), st.fill), _PARAGRAPH


def _track_context(line: str, is_paragraph: bool, st: BlockState) -> None:
    """Remember what indented code needs: a blank line before, no list above."""
    if not line.strip():
        st.prev_blank = True
        return
    indented = line[0] in " \t"
    if is_paragraph and LIST_ITEM.match(line):
        st.in_list = True
    elif not indented and (st.prev_blank or not is_paragraph or HEADING.match(line)):
        # An unindented line only stays in the list as a lazy continuation of
        # the item's paragraph, which needs no blank line and plain text.
        st.in_list = False
    st.prev_blank = False


def _opens_indented_code(line: str, st: BlockState) -> bool:
    # In a journal, text indented under "- item" is a nested item or a
    # continuation, never code, even after a blank line.
    return st.prev_blank and not st.in_list and bool(line.strip()) and _indent_width(line) >= 4


def _opens_fence(line: str, st: BlockState) -> bool:
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
    st.mode = FENCE
    st.fence_char = fence[0]
    st.fence_len = len(fence)
    st.fence_quote_depth = depth
    return True


def _continues_fence(line: str, st: BlockState) -> bool:
    depth, pos = _strip_quotes(line, st.fence_quote_depth)
    if depth < st.fence_quote_depth:
        return False
    m = _FENCE_CLOSE.match(line, pos)
    if m and m.group(1)[0] == st.fence_char and len(m.group(1)) >= st.fence_len:
        st.mode = NORMAL
    return True


def _opens_math_block(line: str, st: BlockState) -> bool:
    _, pos = _strip_quotes(line)
    rest = line[pos:].lstrip()
    # "$$ x $$" on one line is left to the inline scan, which blanks just
    # that much and keeps any prose after it.
    if not rest.startswith("$$") or "$$" in rest[2:]:
        return False
    st.mode = MATH
    return True


def _math_line(line: str, st: BlockState) -> str:
    end = line.find("$$")
    if end < 0:
        return blank(line, st.fill)
    st.mode = NORMAL
    end += 2
    return blank_spans(line, [(0, end), *inline_spans(line, end, st)], st.fill)


def _opens_html_block(line: str, st: BlockState) -> bool:
    if _RAW_HTML_OPEN.match(line):
        st.mode = NORMAL if _RAW_HTML_CLOSE.search(line) else _RAW_HTML
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
