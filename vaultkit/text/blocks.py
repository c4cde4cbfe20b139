"""vaultkit's generated blocks inside a note: which lines of a block are the person's, and the
block written back with theirs kept.

A block is the part of a note between a begin marker line and an end marker line (their
grammar is block_markers.py); the agenda note and the weekly reviews each hold one. Everything
outside it is the person's and is never changed. Inside it, vaultkit renders its text, and a
person may still write: tick a box, add a line under an item, type a new line, change an
item's words. None of that is ever dropped.
Which lines are the person's: vaultkit remembers each block it writes (`Written`: every line,
whose it is, and for an item line the item and the marks on both sides). The begin marker's
digest names the render, so the lines a person added since are exactly those that do not line
up with it. When that record is gone (the cache was deleted, or another device wrote the
block), the digest still proves which lines were rendered if the person only ticked boxes and
wrote under items; otherwise every line vaultkit would not render now counts as theirs.

Lines of the person's are placed by one rule: indented lines under an item stay attached to
that item while it is on the agenda (and go into a session's snapshot with it); any other line
is moved to just below the end marker, in order. Pure: no I/O.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from vaultkit.text.block_markers import (
    END,
    Block,
    BlockProblem,
    begin_line,
    find_block,
    note_lines,
    problem_text,
)
from vaultkit.text.edits import TASK_BOX

# `(?:.*\S)?` rather than a lazy `.*?\s*$`, which tries the end again from every space.
_CHECKBOX = re.compile(TASK_BOX + r"[ \t]*+(?P<rest>(?:.*\S)?)\s*$")

# An item is known across regenerations by its note, its text, and which of the items with
# that text in that note it is (0 for the first): identical lines are matched in order.
ItemKey = tuple[str, str, int]


@dataclass(frozen=True)
class BlockNote:
    """A note that holds (or is to hold) a generated block, as read for one pass."""

    path: str
    text: str | None  # None: there is no such note yet
    lines: tuple[str, ...] = ()
    block: Block | None = None
    # Why vaultkit leaves the note alone this pass, as one line ("" when it needs no saying,
    # e.g. a file already reported as skipped); None when the note may be written.
    problem: str | None = None

    @classmethod
    def parse(cls, path: str, data: bytes | None) -> BlockNote:
        if data is None:
            return cls(path, None)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            return cls(path, None, problem=f"{path}:{line}: not valid UTF-8")
        lines = tuple(note_lines(text))
        try:
            block = find_block(lines)
        except BlockProblem as problem:
            return cls(path, text, lines, problem=problem_text(path, problem))
        return cls(path, text, lines, block)

    def inner(self) -> list[str]:
        """The lines between the markers."""
        return list(self.lines[self.block.begin + 1 : self.block.end]) if self.block else []

    def outside(self) -> tuple[str, ...]:
        """The lines around the block: the person's own."""
        if self.block is None:
            return self.lines
        return self.lines[: self.block.begin] + self.lines[self.block.end + 1 :]


# --- lines ----------------------------------------------------------------------------------


def checkbox(line: str) -> tuple[str, str] | None:
    """(mark, the text after the box) of a task line, None for any other line."""
    match = _CHECKBOX.match(line)
    return (match.group("mark"), match.group("rest")) if match else None


def normal(line: str) -> str:
    """A line as compared across regenerations: every box open, no trailing whitespace (so a
    tick, or an editor trimming lines, is not a changed line)."""
    line = line.rstrip()
    match = _CHECKBOX.match(line)
    return f"{match.group('lead')} ]{line[match.end('mark') + 1 :]}" if match else line


def digest(lines: Iterable[str]) -> str:
    """What the begin marker names: the rendered lines, boxes open."""
    text = "\n".join(normal(line) for line in lines)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


def _indented(line: str) -> bool:
    return line[:1] in (" ", "\t") and bool(line.strip())


@dataclass(frozen=True)
class Line:
    """One line of a block as vaultkit wrote it."""

    text: str
    own: bool  # rendered by vaultkit; False: the person's, kept
    key: ItemKey | None = None  # the item an item line shows
    mark: str = " "  # the box vaultkit wrote on an item line
    source: str | None = None  # the mark of the item's source line then (None: not a task)


@dataclass(frozen=True)
class Written:
    """A block as vaultkit last wrote it: what remembers whose each line is."""

    digest: str
    lines: tuple[Line, ...]


# --- reading a block ------------------------------------------------------------------------


@dataclass
class Reading:
    """What a block holds of the person's, against what vaultkit last wrote in it."""

    marks: dict[ItemKey, str] = field(default_factory=dict)  # the box each item shows now
    base: dict[ItemKey, Line] = field(default_factory=dict)  # each item as vaultkit wrote it
    notes: dict[ItemKey, list[str]] = field(default_factory=dict)  # lines under items shown
    # Lines under items that are not on the agenda any more: (the item line, the lines).
    orphans: list[tuple[str, list[str]]] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # the person's other lines, in order

    def take(self, other: Reading, present: Iterable[str]) -> None:
        """Add what a sync conflict copy's block holds of the person's: its marks where this
        block shows an open box (a mark is news, a blank its absence), and its lines that are
        not already here or among `present` (the note's lines)."""
        for key, mark in other.marks.items():
            if mark != " " and self.marks.get(key, " ") == " ":
                self.marks[key] = mark
        have = {line.strip() for line in present} | {line.strip() for line in self.loose}
        for key, lines in other.notes.items():
            mine = self.notes.setdefault(key, [])
            mine.extend(line for line in lines if line.strip() not in {x.strip() for x in mine})
        self.loose.extend(line for line in other.loose if line.strip() not in have)
        for item_line, lines in other.orphans:
            if any(line.strip() not in have for line in lines):
                self.orphans.append((item_line, lines))


def read_block(
    lines: Sequence[str],
    named: str | None,
    written: Written | None,
    items: Sequence[tuple[ItemKey, str]],
    render: Callable[[], Sequence[str]] = lambda: (),
) -> Reading:
    """Sort the lines between the markers into vaultkit's and the person's.

    `named` is the digest the begin marker names and `written` the record of the block
    vaultkit wrote last (None when unknown); `items` are the items vaultkit shows now, each
    with its line, in the order the block lists them; `render` is what vaultkit renders now,
    the last resort for telling its own lines when neither the record nor the digest can."""
    lines = [line.rstrip("\r") for line in lines]
    reading = Reading()
    if written is not None and written.digest == named:
        owners = _line_up(lines, written.lines)
        reading.base = {ln.key: ln for ln in written.lines if ln.key is not None}
    else:
        owners = _by_digest(lines, named) or _by_render(lines, render())
    _sort(reading, lines, owners, items)
    return reading


def _line_up(lines: list[str], written: Sequence[Line]) -> list[Line | None]:
    """Each line's counterpart in the record, None where the person wrote it."""
    if len(lines) == len(written) and all(
        ln.text == line for ln, line in zip(written, lines, strict=False)
    ):
        return list(written)
    return _match([normal(ln.text) for ln in written], lines, lambda a, b: written[a])


def _by_digest(lines: list[str], named: str | None) -> list[Line | None] | None:
    """When no record is at hand: if the lines outside the notes under items are exactly the
    render the marker names (boxes aside), those are vaultkit's and the notes the person's."""
    if named is None:
        return None
    rows = _under_items(lines)
    if digest(line for i, line in enumerate(lines) if i not in rows) != named:
        return None
    return [None if i in rows else Line(line, True) for i, line in enumerate(lines)]


def _by_render(lines: list[str], render: Sequence[str]) -> list[Line | None]:
    """Last resort: a line counts as vaultkit's only if vaultkit would render it now, so a line
    of the person's is never taken for one of vaultkit's (at worst the other way round)."""
    return _match([normal(line) for line in render], lines, lambda a, b: Line(lines[b], True))


def _match(
    known: list[str], lines: list[str], owner: Callable[[int, int], Line]
) -> list[Line | None]:
    owners: list[Line | None] = [None] * len(lines)
    # With autojunk, a line repeated all over a long block (a blank line) starts no match but
    # still extends one: lining up stays near linear, and a blank line between two matched
    # lines is matched too. A line it leaves unmatched only counts as the person's.
    matcher = difflib.SequenceMatcher(None, known, [normal(line) for line in lines])
    for a, b, size in matcher.get_matching_blocks():
        for offset in range(size):
            owners[b + offset] = owner(a + offset, b + offset)
    return owners


def _under_items(lines: Sequence[str]) -> set[int]:
    """The indented lines right under an item line, and blank lines between them: where a
    person writes about an item."""
    rows: set[int] = set()
    under, blanks = False, []
    for index, line in enumerate(lines):
        if not line.strip():
            if under:
                blanks.append(index)
        elif under and _indented(line):
            rows.update(blanks)
            rows.add(index)
            blanks = []
        else:
            blanks = []
            under = not _indented(line) and checkbox(line) is not None
    return rows


def _sort(
    reading: Reading,
    lines: list[str],
    owners: list[Line | None],
    items: Sequence[tuple[ItemKey, str]],
) -> None:
    shown = {key for key, _ in items}
    by_text: dict[str, deque[ItemKey]] = defaultdict(deque)
    for shown_key, text in items:
        by_text[text].append(shown_key)
    for ln in owners:  # keys the record names are taken; identical lines share the rest
        if ln is not None and ln.key is not None and ln.key in by_text.get(_rest(ln.text), ()):
            by_text[_rest(ln.text)].remove(ln.key)

    under: tuple[ItemKey | None, str] | None = None  # the item line the rows below belong to
    notes: list[str] = []
    run: list[str] = []  # the person's lines in a row, not under an item
    rows = _under_items(lines)

    def close_item() -> None:
        nonlocal under, notes
        if under is not None and notes:
            key, item_line = under
            if key is not None and key in shown:
                reading.notes.setdefault(key, []).extend(notes)
            else:
                reading.orphans.append((item_line, notes))
        under, notes = None, []

    def close_run() -> None:
        while run and not run[-1].strip():
            run.pop()
        reading.loose.extend(run)
        run.clear()

    for index, (line, owner) in enumerate(zip(lines, owners, strict=False)):
        if owner is not None and owner.own:
            close_item()
            close_run()
            box = checkbox(line)
            if box is not None and not _indented(line):
                key: ItemKey | None = owner.key
                if key is None and by_text.get(box[1]):
                    key = by_text[box[1]].popleft()
                if key is not None:
                    reading.marks[key] = box[0]
                under = (key, line)
            continue
        if under is not None and index in rows:
            notes.append(line)
            continue
        close_item()
        if run or line.strip():
            run.append(line)
    close_item()
    close_run()


def _rest(line: str) -> str:
    box = checkbox(line)
    return box[1] if box else line


# --- writing a block ------------------------------------------------------------------------


def compose(
    render: Sequence[str],
    items: Sequence[tuple[ItemKey, str]],
    notes: Mapping[ItemKey, Sequence[str]],
    sources: Mapping[ItemKey, str | None],
) -> Written:
    """The block to write: the render, with the person's notes under the items they belong
    to. `items` are (key, line) of the items the render shows, in its order; `sources` the
    mark of each item's source line now (None for an item that is not a task)."""
    by_text: dict[str, deque[ItemKey]] = defaultdict(deque)
    for item_key, text in items:
        by_text[text].append(item_key)
    out: list[Line] = []
    own: list[str] = []
    for line in render:
        box = checkbox(line)
        key: ItemKey | None = None
        if box is not None and not _indented(line) and by_text.get(box[1]):
            key = by_text[box[1]].popleft()
        if box is not None and key is not None:
            out.append(Line(line, True, key, box[0], sources.get(key)))
        else:
            out.append(Line(line, True))
        own.append(line)
        if key is not None:
            out.extend(Line(note, False) for note in notes.get(key, ()))
    return Written(digest(own), tuple(out))


def render_lines(text: str) -> list[str]:
    """A rendered text as the block's lines (its last newline ends the last line)."""
    text = text.replace("\r\n", "\n")
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n") if text else []


def splice(text: str, block: Block | None, written: Written, below: Sequence[str] = ()) -> str:
    """The note with `written` between its markers and `below` right under the end marker;
    every other byte as it was. A note without markers gets the block appended, after a blank
    line, so nothing a person wrote in it is ever replaced."""
    first = text.find("\n")
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    cr = newline[:-1]
    begin = begin_line(written.digest)
    body = [f"{ln.text}{cr}" for ln in written.lines]
    moved = [f"{line}{cr}" for line in below]
    if block is None:
        if not text:
            return newline.join([begin, *(ln.text for ln in written.lines), END, *below]) + newline
        if text != "\ufeff" and not text.endswith("\n"):
            text += newline
        return (
            text
            + newline
            + newline.join([begin, *(ln.text for ln in written.lines), END, *below])
            + newline
        )
    lines = note_lines(text)
    marker = lines[block.begin]
    bom = "\ufeff" if block.begin == 0 and marker.startswith("\ufeff") else ""
    return "\n".join(
        [
            *lines[: block.begin],
            f"{bom}{begin}{cr}",
            *body,
            lines[block.end],
            *moved,
            *lines[block.end + 1 :],
        ]
    )
