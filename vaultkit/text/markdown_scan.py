"""Find the tags and wikilinks Obsidian would find in a note's body, fast.

A full Markdown parse of every note is far too slow for a 50,000-note vault,
so this is a line-based state machine for the block structure plus per-line
regexes for the inline structure.  It is pure (no I/O), uses only the
standard library, and runs in time linear in the length of the note.

The work is split in two:

* ``prose_lines`` blanks out (with spaces) everything that is not prose --
  code, math, comments, HTML -- keeping every line's length, so positions in
  its output are positions in the note.
* ``line_tags`` and ``line_wikilinks`` then read one prose line each.

Decisions on cases where Obsidian's behaviour is not obvious are written next
to the code that makes them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["NextFinder", "line_tags", "line_wikilinks", "prose_lines", "scan"]


# ---------------------------------------------------------------------------
# Block structure
# ---------------------------------------------------------------------------

_NORMAL, _FENCE, _MATH, _INDENTED, _HTML, _RAW_HTML = range(6)

# One blockquote marker; markers may repeat ("> > ").
_QUOTE_MARKER = re.compile(r" {0,3}> ?")
_FENCE_OPEN = re.compile(r"([ \t]*)(`{3,}|~{3,})(.*)")
_FENCE_CLOSE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*$")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")

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

# CommonMark raw HTML tags.  Quoted attribute values may not contain "<"
# (CommonMark allows it): that keeps every failed match attempt from reading
# past the next "<", which is what keeps the inline scan linear.  The only
# loss is that a tag like <a title="x<y"> stays visible as prose.
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^'<]*'|"[^"<]*"))?)"""
_HTML_TAG = rf"(?:<[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)"
_INLINE_HTML_TAG = re.compile(_HTML_TAG)
# CommonMark HTML block type 7: a complete tag alone on its line.
_LONE_TAG = re.compile(rf" {{0,3}}{_HTML_TAG}[ \t]*$")


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


def prose_lines(lines: list[str]) -> list[str]:
    """Return ``lines`` with every non-prose character replaced by a space.

    Non-prose is fenced and indented code, ``$$`` and ``$`` math, HTML and
    ``%%`` comments, HTML blocks, inline HTML tags and inline code spans.
    The result has as many lines as the input, each exactly as long.
    """
    if not isinstance(lines, list):
        lines = list(lines)
    # Most notes are plain prose.  Without any character that can open a
    # non-prose construct and without a line starting with whitespace (the
    # only way into indented code), no line can change: the whole note is
    # prose.  ("\n".join may see a "\n" inside a line as a line start; that
    # only sends a note to the full scan, never away from it.)
    text = "\n".join(lines)
    if (
        "`" not in text
        and "~" not in text
        and "$" not in text
        and "<" not in text
        and "%" not in text
        and "\n " not in text
        and "\n\t" not in text
        and not text.startswith((" ", "\t"))
    ):
        return lines[:]
    return _prose_lines(lines)


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


def _prose_lines(lines: list[str], st: _State | None = None) -> list[str]:
    st = st if st is not None else _State()
    out: list[str] = []
    append = out.append
    has_opener = _OPENER_CHAR.search
    list_item = _LIST_ITEM.match
    heading = _HEADING.match
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
                append(" " * len(line))
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
        text, is_paragraph = _process_line(line, st)
        if not in_comment:
            _track_context(line, is_paragraph, st)
        append(text)
    return out


def _process_line(line: str, st: _State) -> tuple[str, bool]:
    """Blank one line; also say whether it was ordinary paragraph text."""
    if st.comment_closer is not None:
        return _blank_spans(line, _inline_spans(line, 0, st)), True
    if st.mode == _FENCE:
        if _continues_fence(line, st):
            return _blank(line), False
        # The blockquote holding the fence ended, and the fence with it.
        st.mode = _NORMAL
    elif st.mode == _MATH:
        return _math_line(line, st), False
    elif st.mode == _RAW_HTML:
        if _RAW_HTML_CLOSE.search(line):
            st.mode = _NORMAL
        return _blank(line), False
    elif st.mode == _HTML:
        if line.strip():
            return _blank(line), False
        st.mode = _NORMAL
    elif st.mode == _INDENTED:
        if not line.strip():
            return line, False
        if _indent_width(line) >= 4:
            return _blank(line), False
        st.mode = _NORMAL
    return _normal_line(line, st)


def _normal_line(line: str, st: _State) -> tuple[str, bool]:
    if _opens_indented_code(line, st):
        st.mode = _INDENTED
        return _blank(line), False
    if _opens_fence(line, st) or _opens_math_block(line, st) or _opens_html_block(line, st):
        return _blank(line), False
    return _blank_spans(line, _inline_spans(line, 0, st)), True


def _track_context(line: str, is_paragraph: bool, st: _State) -> None:
    """Remember what indented code needs: a blank line before, no list above."""
    if not line.strip():
        st.prev_blank = True
        return
    indented = line[0] in " \t"
    if is_paragraph and _LIST_ITEM.match(line):
        st.in_list = True
    elif not indented and (st.prev_blank or not is_paragraph or _HEADING.match(line)):
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
        return _blank(line)
    st.mode = _NORMAL
    end += 2
    return _blank_spans(line, [(0, end), *_inline_spans(line, end, st)])


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


# ---------------------------------------------------------------------------
# Inline structure
# ---------------------------------------------------------------------------

# Everything that can start a non-prose span, plus backslash escapes, which
# must be consumed so that "\`" or "\$" never opens anything.
_INLINE_OPENER = re.compile(r"\\.|`+|\$\$|\$|<!--|%%|<[A-Za-z/]")
_BACKTICK_RUN = re.compile(r"`+")
_DIGIT = "0123456789"


def _inline_spans(line: str, pos: int, st: _State) -> list[tuple[int, int]]:
    """Non-prose spans of ``line`` from ``pos`` on, leftmost construct first.

    May leave ``st.comment_closer`` set when a comment runs past the line.
    """
    spans: list[tuple[int, int]] = []
    if st.comment_closer is not None:
        end = _comment_end(line, pos, st)
        spans.append((pos, end))
        pos = end
    runs = _CloserIndex(line)
    n = len(line)
    while pos < n:
        m = _INLINE_OPENER.search(line, pos)
        if not m:
            break
        start, token = m.start(), m.group()
        end = None
        if token[0] == "`":
            end = runs.code_span_end(len(token), m.end())
        elif token == "$$":
            close = line.find("$$", m.end())
            end = close + 2 if close >= 0 else None
        elif token == "$":
            end = runs.math_end(start)
        elif token in ("<!--", "%%"):
            st.comment_closer = "-->" if token == "<!--" else "%%"
            end = _comment_end(line, m.end(), st)
        elif token[0] == "<":
            tag = _INLINE_HTML_TAG.match(line, start)
            end = tag.end() if tag else None
        if end is None:
            # Escapes and unmatched openers are literal text.
            pos = m.end() if token[0] in "\\`" or token == "$$" else start + 1
            continue
        spans.append((start, end))
        pos = end
    return spans


def _comment_end(line: str, pos: int, st: _State) -> int:
    """End of the open comment on this line, or the line's end if it goes on.

    An unclosed comment runs to the end of the note: that is what CommonMark
    does with an HTML comment block and what Obsidian does with ``%%``.
    """
    closer = st.comment_closer
    assert closer is not None
    close = line.find(closer, pos)
    if close < 0:
        return len(line)
    st.comment_closer = None
    return close + len(closer)


class _CloserIndex:
    """Per-line indexes, built on first use, that keep matching linear.

    Searching forward for a closer from every opener is quadratic on lines
    like "` `` ```" or "$1 $2 $3"; indexing the closers once is not.
    """

    def __init__(self, line: str) -> None:
        self._line = line
        self._runs: dict[int, list[int]] | None = None
        self._dollars: list[int] | None = None

    def code_span_end(self, length: int, after: int) -> int | None:
        # A code span closes at the next run of exactly as many backticks.
        if self._runs is None:
            self._runs = {}
            for run in _BACKTICK_RUN.finditer(self._line):
                self._runs.setdefault(len(run.group()), []).append(run.start())
        starts = self._runs.get(length, [])
        i = bisect_left(starts, after)
        return starts[i] + length if i < len(starts) else None

    def math_end(self, start: int) -> int | None:
        # Pandoc's rule, which Obsidian follows: the opening $ has a
        # non-space right after it, the closing $ a non-space right before
        # it and no digit right after it -- so "$5 and $6" is not math.
        line = self._line
        if start + 1 >= len(line) or line[start + 1].isspace():
            return None
        if self._dollars is None:
            self._dollars = [
                i
                for i in range(1, len(line))
                if line[i] == "$"
                and not line[i - 1].isspace()
                and line[i - 1] != "\\"
                and (i + 1 == len(line) or line[i + 1] not in _DIGIT)
            ]
        i = bisect_left(self._dollars, start + 2)
        return self._dollars[i] + 1 if i < len(self._dollars) else None


class NextFinder:
    """``str.find`` (or a pattern's search) for the closer of openers met left to right.

    A pattern like ``\\[\\[[^\\]]*\\]\\]`` tried from each of many ``[[`` reads to the
    same ``]`` (or to the end of the text, when there is none) again from every one:
    quadratic.  Asked from positions that never go back, this reads each character once: a
    closer found is the answer until the position passes it, and a closer found missing
    stays missing.  (Asked from an earlier position it searches again, so it is never wrong.)
    """

    __slots__ = ("_at", "_from", "_target", "_text")

    def __init__(self, text: str, target: str | re.Pattern[str]) -> None:
        self._text = text
        self._target = target  # a string to find, or a pattern to search for
        self._from = -1  # where the last search started (-1: none yet)...
        self._at = -1  # ...and where it found the target (-1: nowhere)

    def find(self, pos: int) -> int:
        """Where the target next starts at or after ``pos``; -1 when nowhere."""
        if 0 <= self._from <= pos and (self._at >= pos or self._at < 0):
            return self._at
        target = self._target
        if isinstance(target, str):
            at = self._text.find(target, pos)
        else:
            m = target.search(self._text, pos)
            at = m.start() if m else -1
        self._from, self._at = pos, at
        return at


def _blank(line: str) -> str:
    return " " * len(line)


def _blank_spans(line: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return line
    parts = []
    pos = 0
    for start, end in spans:
        parts.append(line[pos:start])
        parts.append(" " * (end - start))
        pos = end
    parts.append(line[pos:])
    return "".join(parts)


# ---------------------------------------------------------------------------
# Tags and links on a prose line
# ---------------------------------------------------------------------------

# Obsidian's own tag character class (from app.js, reported in
# obsidianmd/obsidian-help#816): anything but whitespace, ASCII punctuation
# other than "-", "_" and "/", and the Unicode General and Supplemental
# Punctuation blocks (so an em dash or a curly quote ends a tag).  "/" is a
# tag character, so a trailing "/" is kept: "#a/" is the tag "a/", as
# Obsidian indexes it (it accepts empty nested parts like "#a//b" too).
_TAG_BODY = re.compile(r"[^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~\u2000-\u206F\u2E00-\u2E7F]+")
_ALL_DIGITS = re.compile(r"[0-9]+")
# No optional "!" in front: a pattern that starts with a literal is searched
# for much faster.  An embed is told by the character before the match.
# (Masking "![[x]]" leaves its "!" as it is, which is what masking it does.)
_WIKILINK = re.compile(r"\[\[([^\[\]]*)\]\]")
# Only the destination part of [text](destination "title"): tags in the link
# text count.  The destination needs masking only where it holds whitespace
# (a title, an <angle bracketed> path); elsewhere "#" follows a non-space.
_LINK_DESTINATION = re.compile(r"\]\([^()]*\)")
_WIKILINK_TARGET_END = re.compile(r"\\?\||#")
# Masks with a punctuation character rather than a space, so a "#" right
# after a link ("[[x]]#a") still follows punctuation and is not a tag.
_MASK = "!"


def line_tags(prose: str) -> list[str]:
    """Tags on one prose line, in order, as written, without the "#"."""
    if "#" not in prose:
        return []
    # Masking never adds a "#"; skip a pass that has nothing to match.
    text = _WIKILINK.sub(_mask, prose) if "[[" in prose else prose
    if "](" in text:
        text = _LINK_DESTINATION.sub(_mask, text)
    tags = []
    chain = -1  # where the last tag ended: a "#" there starts the next tag
    pos = text.find("#")
    while pos >= 0:
        if pos == 0 or pos == chain or text[pos - 1].isspace():
            m = _TAG_BODY.match(text, pos + 1)
            # "#1984" is not a tag, and so does not chain: in "#1984#a"
            # the "#a" follows a digit and is not a tag either.
            if m and not _ALL_DIGITS.fullmatch(m.group()):
                tags.append(m.group())
                chain = m.end()
        pos = text.find("#", pos + 1)
    return tags


def _mask(m: re.Match[str]) -> str:
    return _MASK * (m.end() - m.start())


def line_wikilinks(prose: str) -> list[str]:
    """Targets of the ``[[...]]`` links on one prose line, in order.

    Embeds (``![[...]]``) are attachments, not mentions, and links to a
    heading in the same note (``[[#Heading]]``) have no target: both skipped.
    """
    if "[[" not in prose:
        return []
    targets = []
    for m in _WIKILINK.finditer(prose):
        start = m.start()
        if start and prose[start - 1] == "!":
            continue
        inner = m.group(1)
        # Inside a table the alias pipe is written "\|".
        end = _WIKILINK_TARGET_END.search(inner)
        target = (inner[: end.start()] if end else inner).strip()
        if target:
            targets.append(target)
    return targets


def scan(lines: list[str]) -> list[tuple[int, list[str], list[str]]]:
    """``(index, tags, links)`` for every body line with tags or links."""
    found = []
    for index, prose in enumerate(prose_lines(lines)):
        tags = line_tags(prose)
        links = line_wikilinks(prose)
        if tags or links:
            found.append((index, tags, links))
    return found
