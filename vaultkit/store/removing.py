"""Removing a file of the vault that vaultkit made redundant (a sync conflict copy whose
content it merged), only while it still holds exactly what was merged.

The same promise as writer.py: whatever the person or a sync tool did to the file in the
meantime is never lost.
"""

from __future__ import annotations

import os

from vaultkit.store.temp_files import NAME_KEPT


def remove_if_unchanged(vault: str | os.PathLike[str], rel: str, expect: bytes) -> bool:
    """Remove `rel` only if it still holds `expect`, compare-and-swap style: it is first
    renamed aside (after which nothing can write into it unseen), checked, and then removed,
    or put back when it changed. False when it was gone or changed; an OSError (a read-only
    vault) leaves it where it was."""
    path = os.path.join(vault, rel)
    folder, name = os.path.split(path)
    # Hidden, so never read as a note, and not a writer's temp name, so never swept away: a
    # vaultkit stopped in between leaves the file aside, never lost.
    aside = os.path.join(folder, f".{name[:NAME_KEPT]}.vaultkit-merging-{os.getpid()}.md")
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
