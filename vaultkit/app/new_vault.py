"""`init`: make a folder a vault (vaultkit.toml and the Templates folder, never over a file),
and work out what to say is next."""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass
from pathlib import Path

from vaultkit.app.gateway import Change
from vaultkit.app.report import Report
from vaultkit.app.tender import Tender
from vaultkit.app.vault_folder import InitFolder
from vaultkit.render.settings_file import commented_toml
from vaultkit.settings.config import Config
from vaultkit.settings.table import CONFIG_NAME
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
    vault = load_vault(folder.root, config, cache=True, progress=progress, parallel=True)
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


def initialise(tender: Tender) -> None:
    """vaultkit.toml with the settings in force, and a copy of each built-in template."""
    if not (tender.vault.root / CONFIG_NAME).exists():
        text = commented_toml(tender.config)
        tender.gateway.apply(Change(CONFIG_NAME, None, text.encode("utf-8"), "created", "settings"))
    folder = tender.config.templates_folder
    builtin = tender.context.templates.builtin_files()
    for rel, data in builtin:
        path = f"{folder}/{rel}" if folder else rel
        if not (tender.vault.root / path).exists():
            tender.gateway.apply(Change(path, None, data, "created", "template"))


def next_steps(config: Config, vault_option: str) -> list[str]:
    """What to do after `init`, in order: the two settings a person fills in themselves, then
    how to keep the vault tended; each step's lines. `vault_option` (" --vault PATH" or "")
    goes into the commands when the vault is not the folder the person stands in."""
    steps = []
    if not config.support:
        # Said while the person is setting things up: the pages show a general default until
        # their own people and numbers are there.
        steps.append(
            f"no support contacts set yet: add yours under [support] contacts in "
            f"{CONFIG_NAME}\n(remove the # before [support] and before the example "
            f"contacts line, then\nedit it); until then, pages show your local "
            f"emergency number and findahelpline.com"
        )
    if not config.schedule:
        steps.append(
            f"your session day, under [sessions] schedule in {CONFIG_NAME}, e.g.\n"
            f'schedule = "weekly:thu": the agenda then shows the next session\'s date'
        )
    steps.append(
        f"`vaultkit{vault_option} run` makes today's page and Next session.md; then\n"
        f"`vaultkit{vault_option} watch` keeps the vault tended while you write, or\n"
        f"`vaultkit{vault_option} service install` starts that at every login"
    )
    return steps
