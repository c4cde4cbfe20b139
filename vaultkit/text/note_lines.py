"""A note's bytes as lines: decoded, split by "\n" alone (so that a line's index is its line in
the file), and which line a place in the text, or a mark, is on."""

from __future__ import annotations

import re


class NotText(Exception):
    """The bytes are not a UTF-8 note; .line is the first bad line (1-based)."""

    def __init__(self, line: int):
        self.line = line
        super().__init__("not valid UTF-8")


def decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise NotText(line) from None


def split_lines(text: str) -> list[str]:
    """Lines by '\\n' only, so indexes match the bytes (str.splitlines also splits on \\x0c)."""
    text = text.removeprefix("\ufeff")
    if "\r" not in text:
        return text.split("\n")
    return [line.removesuffix("\r") for line in text.split("\n")]


def lines_at(text: str, positions: list[int]) -> list[int]:
    """The line (0-based) each of `positions` (in order) is on in `text`, counted on from the
    one before."""
    lines = []
    line = at = 0
    for pos in positions:
        line += text.count("\n", at, pos)
        at = pos
        lines.append(line)
    return lines


def marked_lines(text: str) -> list[int]:
    """The lines (0-based, of prose lines joined by "\n") holding "::" (an inline field) or
    "{{" (a trigger), in order: found by searching the text for each, not by asking every
    line. (Not one pattern for both: a pattern that starts with no one literal is tried at
    every character.)"""
    found = set()
    for mark, first in ((_FIELD_MARK, ":"), (_TRIGGER_MARK, "{")):
        if first not in text:  # (quicker to be sure of than that there is no mark)
            continue
        offset = at = 0
        search = mark.search
        while (pos := search(text, at)) is not None:
            offset += text.count("\n", at, pos.start())
            found.add(offset)
            # On from the end of this line; counting from it counts that "\n" too.
            at = text.find("\n", pos.start())
            if at < 0:
                break
    return sorted(found)


# Searched for as patterns: a pattern that is not found takes half the time `str.find` does.
_FIELD_MARK = re.compile("::")
_TRIGGER_MARK = re.compile(r"\{\{")
