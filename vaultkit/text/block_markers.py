"""The markers of vaultkit's generated blocks: the one place they are written and parsed.

The grammar (one parser for every block):

* A marker is a line by itself (surrounding whitespace allowed), outside fenced code. The
  begin marker may carry the digest of what vaultkit rendered (`%% vaultkit:begin 1a2b3c4d %%`).
* There is one begin and one end, begin first.
* Anything else — a marker inside a sentence or inline code, one inside a fence, a lone begin
  or end, two of either, end before begin, or a near-spelling such as `%%vaultkit:begin%%` —
  is a BlockProblem, and vaultkit leaves that note exactly as it is.
* A note with no marker at all gets a new block appended at its end.

What fenced code is, is markdown_scan's to say, as for every other reader. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from vaultkit.text.markdown_scan import fenced_lines

BEGIN = "%% vaultkit:begin %%"
END = "%% vaultkit:end %%"
_BEGIN_LINE = re.compile(r"%% vaultkit:begin(?: (?P<digest>[0-9a-f]{8}))? %%")
# What reads as a marker to a person: any "%%", spaces, "vaultkit:begin" or ":end". A line
# holding one that is not exactly a marker line makes the note's shape unclear.
_MARKER_LIKE = re.compile(r"%%[ \t]*vaultkit[ \t]*:[ \t]*(begin|end)", re.IGNORECASE)


def begin_line(digest: str) -> str:
    """The begin marker line naming the render whose digest is `digest`."""
    return f"%% vaultkit:begin {digest} %%"


class BlockProblem(Exception):
    """A note whose markers vaultkit cannot read for certain; str() is `LINE: what is wrong`."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message  # line: 1-based
        super().__init__(f"{line}: {message}")


@dataclass(frozen=True)
class Block:
    begin: int  # index of the begin marker line
    end: int  # index of the end marker line
    digest: str | None  # the render the begin marker names, if it names one


def note_lines(text: str) -> list[str]:
    """The note's lines split on "\\n" alone, line endings kept ("\\r" stays on its line), so
    "\\n".join() gives the text back exactly."""
    return text.split("\n")


def _fenced(lines: Sequence[str]) -> list[bool]:
    """Which lines sit in fenced code (the fence lines included), as markdown_scan reads it."""
    return fenced_lines([line.rstrip("\r") for line in lines])


def find_block(lines: Sequence[str]) -> Block | None:
    """The note's block, None when it has no marker at all; BlockProblem when its markers are
    not one begin line and one end line, in that order, outside code."""
    begins: list[tuple[int, str | None]] = []
    ends: list[int] = []
    fenced: list[bool] | None = None
    for index, line in enumerate(lines):
        found = _MARKER_LIKE.search(line) if "%" in line else None
        if found is None:
            continue
        if fenced is None:
            fenced = _fenced(lines)
        word = found.group(1).lower()
        stripped = line.lstrip("\ufeff").strip() if index == 0 else line.strip()
        exact = _BEGIN_LINE.fullmatch(stripped) if word == "begin" else stripped == END
        if fenced[index]:
            raise BlockProblem(index + 1, f"vaultkit's {word} marker is inside a code block")
        if not exact or len(_MARKER_LIKE.findall(line)) > 1:
            raise BlockProblem(
                index + 1,
                f"vaultkit's {word} marker is part of a line here; "
                f"a marker must be a line of its own",
            )
        if word == "begin":
            begins.append((index, exact.group("digest")))  # type: ignore[union-attr]
        else:
            ends.append(index)
    if not begins and not ends:
        return None
    if len(begins) > 1:
        raise BlockProblem(
            begins[1][0] + 1, f"a second begin marker (the first is on line {begins[0][0] + 1})"
        )
    if len(ends) > 1:
        raise BlockProblem(ends[1] + 1, f"a second end marker (the first is on line {ends[0] + 1})")
    if not ends:
        raise BlockProblem(begins[0][0] + 1, "a begin marker without an end marker")
    if not begins:
        raise BlockProblem(ends[0] + 1, "an end marker without a begin marker")
    (begin, digest), end = begins[0], ends[0]
    if end < begin:
        raise BlockProblem(
            end + 1, f"the end marker comes before the begin marker (line {begin + 1})"
        )
    return Block(begin, end, digest)


def problem_text(path: str, problem: BlockProblem) -> str:
    """The one-line warning for a note vaultkit leaves alone."""
    return (
        f"{path}:{problem.line}: {problem.message}; vaultkit leaves this note as it is "
        f"until the markers are fixed"
    )
