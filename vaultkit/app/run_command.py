"""`run`: open the vault (its note index saved for the next command) and tend it once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vaultkit.app.report import Report
from vaultkit.app.tend import run_all
from vaultkit.app.tender import Tender
from vaultkit.settings.config import Config
from vaultkit.store.vault import Progress, Vault, load_vault


def open_vault(root: Path, config: Config, progress: Progress | None = None) -> Vault:
    """The vault as a command reads it: through the note index, which is saved again at once
    so that the next command starts warm even when this one stops short."""
    vault = load_vault(root, config, cache=True, progress=progress)
    vault.save_index()
    return vault


def run_pass(
    vault: Vault, today: dt.date, *, dry_run: bool = False, now: dt.datetime | None = None
) -> Report:
    """One pass over the vault: what `vaultkit run` does (with dry_run, as diffs only)."""
    return run_all(Tender(vault, today, dry_run=dry_run, now=now))
