"""A read of some notes of a vault (parallel_read.read_all) by the vault's own settings, with
nothing stopping it, and a generated vault holding what a read passes over, for tests in any
folder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from support.bench import load_generator
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


def vault_to_read(root: Path, notes: int, seed: int) -> Path:
    """A long-history vault with what a read passes over scattered through its chunks: a note
    that is not UTF-8, a binary one, an empty page and a trigger."""
    load_generator().generate(root, notes, seed=seed, kind="long-history")
    (root / "Journal/aaa not utf8.md").write_bytes(b"caf\xe9 #next\n")
    (root / "Journal/mmm binary.md").write_bytes(b"a\x00b\n")
    (root / "Journal/2026-11-30.md").write_bytes(b"")
    (root / "Journal/zzz trigger.md").write_text("{{ask}}\n", encoding="utf-8")
    return root
