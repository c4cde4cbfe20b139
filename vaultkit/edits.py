"""Surgical byte-range edits of a person's note: everything outside the range stays as it was."""

from __future__ import annotations

import re

BOM = b"\xef\xbb\xbf"


def newline_of(data: bytes) -> bytes:
    """The note's own line ending, so inserted text matches it (CRLF stays CRLF)."""
    first = data.find(b"\n")
    return b"\r\n" if first > 0 and data[first - 1:first] == b"\r" else b"\n"


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
    if end > start and data[end - 1:end] == b"\r":
        end -= 1
    return start, end


def replace_range(data: bytes, start: int, end: int, new: bytes) -> bytes:
    return data[:start] + new + data[end:]


def replace_lines(data: bytes, replacements: dict[int, str]) -> bytes:
    """Replace the text of several lines at once; later lines first so offsets stay valid."""
    newline = newline_of(data)
    for index in sorted(replacements, reverse=True):
        start, end = line_span(data, index)
        text = replacements[index].replace("\r\n", "\n").rstrip("\n")
        data = replace_range(data, start, end, text.replace("\n", newline.decode()).encode("utf-8"))
    return data


_OPEN_BOX = re.compile(rb"^(\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[) \]")


def tick_line(data: bytes, index: int) -> bytes | None:
    """The note with the checkbox on line `index` ticked; None if that line has no open box."""
    start, end = line_span(data, index)
    match = _OPEN_BOX.match(data[start:end])
    if not match:
        return None
    at = start + match.end(1)
    return replace_range(data, at, at + 1, b"x")
