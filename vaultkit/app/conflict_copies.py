"""Sync conflict copies of the agenda note: found, read, and removed once merged.

Two synced devices that both regenerate `Next session.md` from different edits (made while
apart, or within the sync delay) leave the sync tool two versions, and it keeps one as a
conflict copy. Inside the markers the copy is vaultkit's output plus what the person did there
(marks, lines under items, lines of their own); the agenda step merges that into the agenda
(blocks.Reading.take) when the text outside the markers is the agenda's own, and removes the
copy (store/removing.py, only while it holds what was merged) once the agenda holding it is
written. Any other copy is left for the person to merge, as every other conflict copy is.
"""

from __future__ import annotations

import os

from vaultkit.store.reading import Unreadable, read_note
from vaultkit.text.ignore import conflict_original


def agenda_copies(conflicts: list[str], agenda_note: str) -> list[str]:
    return [rel for rel in conflicts if conflict_original(rel) == agenda_note]


def read_copy(vault: str | os.PathLike[str], rel: str) -> bytes | None:
    try:
        return read_note(vault, rel).data
    except Unreadable:
        return None
