"""A read of some notes of a vault (parallel_read.read_all) by the vault's own settings, with
nothing stopping it, for tests in any folder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from vaultkit.settings.config import load_config
from vaultkit.store.parallel_read import Read, read_all


def read_notes(
    root: Path,
    rels: Sequence[str],
    helpers: int,
    stopping: Callable[[], bool] = lambda: False,
    step: Callable[[], None] = lambda: None,
) -> list[Read]:
    config, _ = load_config(root)
    return list(
        read_all(
            str(root), rels, config.note_rules, config.agenda_note, {}, stopping, step, helpers
        )
    )
