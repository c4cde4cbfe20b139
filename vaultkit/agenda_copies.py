"""Sync conflict copies of the agenda note, merged when they hold nothing of the person's but
ticks.

Two synced devices that both regenerate `Next session.md` from different edits (made while
apart, or within the sync delay) leave the sync tool two versions, and it keeps one as a
conflict copy. The generated part of that copy is vaultkit's own output; what a person can
have put in it is ticks, and text outside the markers. When the text outside the markers is
the agenda's own, the copy's ticks are taken over and the copy is removed; any other copy is
left for the person to merge, as every other conflict copy is.
"""

from __future__ import annotations

import os

from .agenda import ticked_lines
from .agenda_note import generated_part, outside_part
from .ignore import conflict_original
from .reading import Unreadable, read_note
from .writer import TEMP_MARKER


def agenda_copies(conflicts: list[str], agenda_note: str) -> list[str]:
    return [rel for rel in conflicts if conflict_original(rel) == agenda_note]


def mergeable(copy: bytes, agenda: bytes | None) -> bool:
    """True when the copy differs from the agenda at most between the markers."""
    return agenda is not None and outside_part(copy) == outside_part(agenda)


def copy_ticks(copy: bytes) -> set[str]:
    return ticked_lines(generated_part(copy))


def read_copy(vault: os.PathLike, rel: str) -> bytes | None:
    try:
        return read_note(vault, rel).data
    except Unreadable:
        return None


def remove_if_unchanged(vault: os.PathLike, rel: str, expect: bytes) -> bool:
    """Remove the copy only if it still holds `expect`, compare-and-swap style: it is first
    renamed aside (after which nothing can write into it unseen), checked, and then removed,
    or put back when it changed."""
    path = os.path.join(vault, rel)
    folder, name = os.path.split(path)
    aside = os.path.join(folder, f".{name[:40]}{TEMP_MARKER}merged.tmp")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return False
    with open(aside, "rb") as handle:
        now = handle.read()
    if now != expect:
        back = path
        if os.path.lexists(path):  # a new file took the name meanwhile: keep both
            back = f"{path[:-3]} (conflicted copy, kept by vaultkit).md"
        os.rename(aside, back)
        return False
    os.unlink(aside)
    return True
