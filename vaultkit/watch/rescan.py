"""The rescan: the whole vault compared with the index (a walk and a stat per note), the
safety net for events that never arrive. Whatever differs is looked at once it is quiet."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from vaultkit.store.walk import walk_vault
from vaultkit.watch.changes import stamp, stamp_of
from vaultkit.watch.tending import Tending

log = logging.getLogger("vaultkit")


def rescan(session: Tending, root: Path, stopping: Callable[[], bool]) -> None:
    """Compare the whole vault with the index; whatever differs is looked at now."""
    vault = session.vault
    walk = walk_vault(root)
    session.tender.gateway.sweep_temps(walk.temps)
    now = time.monotonic()
    differ = 0
    for rel in walk.notes:
        if stopping():
            return
        state = vault.files.get(rel)
        try:
            st: os.stat_result | None = os.stat(root / rel)
        except OSError:
            st = None
        if state is None or st is None or stamp(st) != stamp_of(state):
            session.pending.retry(rel, now)
            differ += 1
    passed_over = dict(walk.skipped)
    listed = set(walk.notes)
    for rel in (set(vault.files) | set(vault.skipped)) - listed - set(passed_over):
        session.pending.retry(rel, now)  # gone, or renamed without a word
    for rel, reason in passed_over.items():
        if vault.skipped.get(rel, (None,))[0] != reason:
            vault.forget(rel)
            vault.pass_over(rel, reason)
            session.memory.dirty = True
    if walk.conflicts != vault.conflicts:
        vault.set_conflicts(walk.conflicts)
        session.memory.dirty = True  # told (or merged, for the agenda's) by the pass below
    log.debug("rescanned: %d notes, %d to look at", len(walk.notes), differ)
    if session.memory.dirty:
        session.tend({})
