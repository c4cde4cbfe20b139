"""A command's first read of a vault (no index cache: every note is read afresh), begun before
the command imports the rest of vaultkit: the vault is walked, and the helpers are given their
first chunks (parallel_read.begin_ahead), while the command imports the facts, the templates
and the steps of a pass (a tenth of a cold run at 10,000 notes) instead of before. load_vault
then takes the walk, and its read takes up the one begun.

Nothing here reads a note before the command's stamp is taken (run_stamp.py): a change after
it gives another stamp, whoever read the note."""

from __future__ import annotations

from pathlib import Path

from vaultkit.settings.config import Config
from vaultkit.settings.spelling import spelled_as_on_disk
from vaultkit.store.helper_pool import helpers_wanted
from vaultkit.store.parallel_read import begin_ahead
from vaultkit.store.walk import Walk, walk_vault


def begin_first_read(root: Path, config: Config) -> Walk:
    """Walk the vault and begin reading every note of it on the helpers a read of that many
    wants (none for a small vault); the walk is for load_vault to take (its `walk`)."""
    walk = walk_vault(root)
    helpers = helpers_wanted(len(walk.notes))
    if helpers:
        # The settings as load_vault reads by; should they differ by then, the read begun is
        # let go, not used (parallel_read._take_begun).
        config, _ = spelled_as_on_disk(config, root)
        begin_ahead(str(root), walk.notes, config.note_rules, config.agenda_note, helpers)
    return walk
