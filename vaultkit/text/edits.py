"""Surgical byte-range edits of a person's note: everything outside the range stays as it was."""

from __future__ import annotations

import re
from collections.abc import Iterable

from vaultkit.text.markdown_scan import LIST_MARKER

BOM = b"\xef\xbb\xbf"


def newline_of(data: bytes) -> bytes:
    """The note's own line ending, so inserted text matches it (CRLF stays CRLF)."""
    first = data.find(b"\n")
    return b"\r\n" if first > 0 and data[first - 1 : first] == b"\r" else b"\n"


def line_span(data: bytes, index: int) -> tuple[int, int]:
    """Byte offsets (start, end) of line `index`'s text, without its line ending or a BOM."""
    start = len(BOM) if data.startswith(BOM) else 0
    for _ in range(index):
        found = data.find(b"\n", start)
        if found < 0:
            raise IndexError(f"line {index} is past the end of the note")
        start = found + 1
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    if end > start and data[end - 1 : end] == b"\r":
        end -= 1
    return start, end


def replace_range(data: bytes, start: int, end: int, new: bytes) -> bytes:
    return data[:start] + new + data[end:]


def line_spans(data: bytes, indexes: Iterable[int]) -> dict[int, tuple[int, int]]:
    """line_span() of several lines, in one walk down the note (one per line would walk from
    the top each time: quadratic in a note with a line to change every few lines)."""
    wanted = sorted(set(indexes))
    spans: dict[int, tuple[int, int]] = {}
    start = len(BOM) if data.startswith(BOM) else 0
    line = 0
    for index in wanted:
        while line < index:
            found = data.find(b"\n", start)
            if found < 0:
                raise IndexError(f"line {index} is past the end of the note")
            start, line = found + 1, line + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end > start and data[end - 1 : end] == b"\r":
            end -= 1
        spans[index] = (start, end)
    return spans


def _splice(data: bytes, edits: dict[tuple[int, int], bytes]) -> bytes:
    """The note with each (start, end) byte range replaced, in one pass."""
    out, pos = [], 0
    for (start, end), new in sorted(edits.items()):
        out.append(data[pos:start])
        out.append(new)
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def replace_lines(data: bytes, replacements: dict[int, str]) -> bytes:
    """Replace the text of several lines at once."""
    newline = newline_of(data).decode()
    spans = line_spans(data, replacements)
    return _splice(
        data,
        {
            spans[index]: text.replace("\r\n", "\n")
            .rstrip("\n")
            .replace("\n", newline)
            .encode("utf-8")
            for index, text in replacements.items()
        },
    )


# The marks a task's box may hold: open, done, and the marks Obsidian themes give a meaning
# (set down, forwarded, scheduled, a question, half done, important). The one place that says
# what a task's box is: items (note.py), the agenda's lines (blocks.py) and the edit below.
MARKS = " xX-><?/!"
TASK_BOX = rf"^(?P<lead>\s*(?:>\s*)*{LIST_MARKER}\s+\[)(?P<mark>[{re.escape(MARKS)}])\](?=\s|$)"
_TASK_BOX = re.compile(TASK_BOX.encode("ascii"))


def set_marks(data: bytes, marks: dict[int, str]) -> bytes:
    """The note with the box on each line `index` holding `marks[index]` (one byte each); a
    line that is not a task is left as it is."""
    if any(len(mark) != 1 or mark not in MARKS for mark in marks.values()):
        raise ValueError(f"not a task mark: {marks!r}")
    edits = {}
    for index, (start, end) in line_spans(data, marks).items():
        match = _TASK_BOX.match(data[start:end])
        if match:
            at = start + match.start("mark")
            edits[(at, at + 1)] = marks[index].encode("ascii")
    return _splice(data, edits)


def set_mark(data: bytes, index: int, mark: str) -> bytes | None:
    """The note with the box on line `index` holding `mark` (one byte changes); None when that
    line is not a task."""
    start, end = line_span(data, index)
    if len(mark) != 1 or mark not in MARKS:
        raise ValueError(f"not a task mark: {mark!r}")
    if not _TASK_BOX.match(data[start:end]):
        return None
    return set_marks(data, {index: mark})
