"""`demo`: the folder the demo may use (new, empty, or an earlier demo, never inside a
vault), the example copied there, and one pass over it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from vaultkit.app.command_errors import Refused
from vaultkit.app.demo import DemoFolder, look_at, make_demo
from vaultkit.app.report import Report
from vaultkit.app.tend import run_all
from vaultkit.app.tender import Tender
from vaultkit.settings.config import Config
from vaultkit.settings.discovery import find_vault
from vaultkit.store.vault import load_vault


def demo_folder(directory: Path) -> DemoFolder:
    """What `directory` holds; Refused when the demo may not use it."""
    if os.path.lexists(directory) and not directory.is_dir():
        raise Refused(f"{directory}: not a folder; choose a new folder for the demo")
    if not directory.absolute().parent.is_dir():
        raise Refused(
            f"{directory.absolute().parent}: does not exist; choose a new folder for the demo "
            f"inside one that does"
        )
    found = look_at(directory)
    if found.state == "theirs":
        names = ", ".join(found.others) + (", …" if found.more else "")
        raise Refused(
            f"{directory}: already holds files the demo did not make ({names}); nothing was "
            f"changed.\nChoose a new folder: vaultkit demo NEW-FOLDER"
        )
    outer = find_vault(None, {}, directory.resolve().parent)
    if outer is not None:
        raise Refused(
            f"{directory} is inside the vault {outer}: the demo's notes would join its agenda "
            f"and reviews.\nChoose a folder outside it: vaultkit demo NEW-FOLDER"
        )
    return found


def copy_example(directory: Path, today: dt.date) -> int:
    """Copy the example vault, its dates moved; the whole weeks it moved."""
    return make_demo(directory, today) // 7


def run_demo(directory: Path, config: Config, today: dt.date, now: dt.datetime | None) -> Report:
    """One pass over the demo, as `run` would make it; the demo keeps no note index."""
    return run_all(Tender(load_vault(directory, config), today, now=now))
