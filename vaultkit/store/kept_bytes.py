"""Which notes' bytes stay in memory after they are read: the one rule, for every reader."""

from __future__ import annotations

from vaultkit.text.note import Note


def keeps_bytes(rel: str, note: Note, size: int, agenda_note: str) -> bool:
    """The files vaultkit may write into or render from soon: an empty prompt note, a note
    with a trigger, the agenda, a template. The rest are known by their digest, which keeps
    a 50,000-note index small."""
    return size == 0 or bool(note.triggers) or rel == agenda_note or note.template
