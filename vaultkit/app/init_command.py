"""`init`: make a folder a vault (vaultkit.toml and the Templates folder, never over a file),
and work out what to say is next."""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass
from pathlib import Path

from vaultkit.app.creating import initialise, next_steps
from vaultkit.app.report import Report
from vaultkit.app.tender import Tender
from vaultkit.app.vault_folder import InitFolder
from vaultkit.settings.config import Config
from vaultkit.store.vault import Progress, load_vault


@dataclass(frozen=True)
class SetUp:
    """What `init` did, and what the person does next."""

    report: Report
    # Why nothing at all could be written (a read-only folder, a full disk), else None.
    nothing_written: str | None
    made_any: bool  # a file was created (else everything was there already)
    next_steps: list[str]  # each step's lines, joined by "\n"


def set_up(
    folder: InitFolder, config: Config, today: dt.date, cwd: Path, progress: Progress | None
) -> SetUp:
    vault = load_vault(folder.root, config, cache=True, progress=progress)
    tender = Tender(vault, today)
    initialise(tender)
    report = tender.finish()
    failed = [action for action in report.actions if action.action == "error"]
    nothing_written = failed[0].detail if failed and len(failed) == len(report.actions) else None
    here = folder.from_environment or folder.root.resolve() == cwd.resolve()
    # Absolute: the commands are to be run from anywhere, later, not only from here.
    option = "" if here else f" --vault {shlex.quote(str(folder.root.absolute()))}"
    made_any = any(action.action == "created" for action in report.actions)
    return SetUp(report, nothing_written, made_any, next_steps(tender.config, option))
