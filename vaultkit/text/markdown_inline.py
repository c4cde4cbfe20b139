"""Which spans of one Markdown line are not prose: inline code, math, comments and HTML tags.

The block scan (markdown_scan) hands each paragraph line here; a comment may run past the
line, so the state that says one is open is the block scan's, read and set through
`CommentState`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Protocol

# CommonMark raw HTML tags.  Quoted attribute values may not contain "<"
# (CommonMark allows it): that keeps every failed match attempt from reading
# past the next "<", which is what keeps the inline scan linear.  The only
# loss is that a tag like <a title="x<y"> stays visible as prose.
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^'<]*'|"[^"<]*"))?)"""
HTML_TAG = rf"(?:<[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)"
_INLINE_HTML_TAG = re.compile(HTML_TAG)


class CommentState(Protocol):
    # "-->" or "%%" while a comment is open across lines.
    comment_closer: str | None


# Everything that can start a non-prose span, plus backslash escapes, which
# must be consumed so that "\`" or "\$" never opens anything.
_INLINE_OPENER = re.compile(r"\\.|`+|\$\$|\$|<!--|%%|<[A-Za-z/]")
_BACKTICK_RUN = re.compile(r"`+")
_DIGIT = "0123456789"


def inline_spans(line: str, pos: int, st: CommentState) -> list[tuple[int, int]]:
    """Non-prose spans of ``line`` from ``pos`` on, leftmost construct first.

    May leave ``st.comment_closer`` set when a comment runs past the line.
    """
    spans: list[tuple[int, int]] = []
    if st.comment_closer is not None:
        comment = comment_end(line, pos, st)
        spans.append((pos, comment))
        pos = comment
    runs = _CloserIndex(line)
    n = len(line)
    while pos < n:
        m = _INLINE_OPENER.search(line, pos)
        if not m:
            break
        start, token = m.start(), m.group()
        end: int | None = None
        if token[0] == "`":
            end = runs.code_span_end(len(token), m.end())
        elif token == "$$":
            close = line.find("$$", m.end())
            end = close + 2 if close >= 0 else None
        elif token == "$":
            end = runs.math_end(start)
        elif token in ("<!--", "%%"):
            st.comment_closer = "-->" if token == "<!--" else "%%"
            end = comment_end(line, m.end(), st)
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


def comment_end(line: str, pos: int, st: CommentState) -> int:
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


def blank(line: str, fill: str = " ") -> str:
    return fill * len(line)


def blank_spans(line: str, spans: list[tuple[int, int]], fill: str = " ") -> str:
    if not spans:
        return line
    parts = []
    pos = 0
    for start, end in spans:
        parts.append(line[pos:start])
        parts.append(fill * (end - start))
        pos = end
    parts.append(line[pos:])
    return "".join(parts)
