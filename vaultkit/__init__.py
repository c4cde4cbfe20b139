"""vaultkit: keeps a Markdown journal vault tended between therapy sessions.

The library API, for a script or another tool; the `vaultkit` command calls the same code:

    import vaultkit

    config = vaultkit.read_config("~/Journal")  # the settings in force
    vault = vaultkit.load_vault("~/Journal")  # every note, as vaultkit reads them
    report = vaultkit.run_pass("~/Journal")  # what `vaultkit run` does
    print(report.actions, report.trouble)

Each function imports what it needs when called: `import vaultkit` stays quick, and the command
line's --help loads no more than it did.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.version import __version__

if TYPE_CHECKING:
    from vaultkit.app.report import Report
    from vaultkit.settings.config import Config
    from vaultkit.store.vault import Vault

__all__ = ["__version__", "load_vault", "read_config", "run_pass"]


def read_config(root: str | os.PathLike[str]) -> Config:
    """The settings in force for the vault at `root`: vaultkit.toml, then Obsidian's own files,
    then the defaults. Raises vaultkit.settings.errors.ConfigError (`FILE:LINE: message`) for a
    setting vaultkit cannot work with. Warnings about Obsidian's files that were passed over are
    left out here; every `vaultkit` command prints them."""
    from vaultkit.settings.config import load_config

    config, _warnings = load_config(Path(root).expanduser())
    return config


def load_vault(root: str | os.PathLike[str], config: Config | None = None) -> Vault:
    """Read the vault at `root` (with `config`, else its own settings), through the note index
    that `vaultkit` keeps in its cache folder, which is saved again for the next reader."""
    from vaultkit.app.tend import open_vault

    folder = Path(root).expanduser()
    return open_vault(folder, config if config is not None else read_config(folder))


def run_pass(
    root: str | os.PathLike[str], today: dt.date | None = None, *, dry_run: bool = False
) -> Report:
    """One pass over the vault at `root`, as `vaultkit run` (with `today`, as `vaultkit run
    --today`: notes made by hand then carry no clock time). With dry_run, the changes are
    printed to standard output as diffs and nothing is written. The report lists each action;
    report.trouble is what makes `vaultkit run` exit with status 1."""
    from vaultkit.app.tend import run_pass as one_pass

    now = None if today else dt.datetime.now().replace(microsecond=0)
    return one_pass(load_vault(root), today or dt.date.today(), dry_run=dry_run, now=now)
