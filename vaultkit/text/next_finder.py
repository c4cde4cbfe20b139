"""Finding the closer of many openers met left to right, reading the text once."""

from __future__ import annotations

import re


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
