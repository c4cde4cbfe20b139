"""Sync conflict copies of the agenda note: found, read, and removed once merged.

Two synced devices that both regenerate `Next session.md` from different edits (made while
apart, or within the sync delay) leave the sync tool two versions, and it keeps one as a
conflict copy. Inside the markers the copy is vaultkit's output plus what the person did there
(marks, lines under items, lines of their own); Tender.update_agenda merges that into the
agenda (blocks.Reading.take) when the text outside the markers is the agenda's own, and removes
the copy once the agenda holding it is written. Any other copy is left for the person to merge,
as every other conflict copy is.
"""

from __future__ import annotations

import os

from vaultkit.store.reading import Unreadable, read_note
from vaultkit.text.ignore import conflict_original


def agenda_copies(conflicts: list[str], agenda_note: str) -> list[str]:
    return [rel for rel in conflicts if conflict_original(rel) == agenda_note]


def read_copy(vault: os.PathLike, rel: str) -> bytes | None:
    try:
        return read_note(vault, rel).data
    except Unreadable:
        return None


def remove_if_unchanged(vault: os.PathLike, rel: str, expect: bytes) -> bool:
    """Remove the copy only if it still holds `expect`, compare-and-swap style: it is first
    renamed aside (after which nothing can write into it unseen), checked, and then removed,
    or put back when it changed. OSError (a read-only vault) leaves it where it was."""
    path = os.path.join(vault, rel)
    folder, name = os.path.split(path)
    # Hidden, so never read as a note, and not a writer's temp name, so never swept away: a
    # vaultkit stopped in between leaves the copy aside, never lost.
    aside = os.path.join(folder, f".{name[:40]}.vaultkit-merging-{os.getpid()}.md")
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
