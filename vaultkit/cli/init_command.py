"""`vaultkit init`: make a folder a vault, and say what to do next."""

from __future__ import annotations

import os
from pathlib import Path

import click

from vaultkit.cli.context import Context, progress_bar
from vaultkit.cli.exits import Ending, end, ending_of
from vaultkit.cli.options import Command
from vaultkit.settings.table import CONFIG_NAME
from vaultkit.store.writer import TROUBLE


@click.command(cls=Command)
@click.pass_obj
def init(context: Context) -> None:
    """Make this folder a vault: vaultkit.toml and the Templates folder; never overwrites.

    The folder is --vault PATH when given (made if it is not there yet), else
    the one VAULTKIT_VAULT names, else the current folder: never a folder above
    it. Inside another vault it refuses and names that vault: a vault inside
    a vault would be read by both. vaultkit.toml shows, commented, every
    setting in force and where it came from; the Templates folder gets a copy
    of each built-in template to edit. Then it says what to do next.

    \b
    Example:
      mkdir ~/Journal && cd ~/Journal && vaultkit init
      vaultkit init --vault ~/Journal
    """
    from vaultkit.app.new_vault import set_up
    from vaultkit.app.vault_folder import init_folder

    folder = init_folder(context.vault_option, dict(os.environ), Path.cwd())
    root = folder.root
    if folder.from_environment:
        context.say(
            f"Setting up {root}, the folder VAULTKIT_VAULT names "
            f"(`vaultkit init --vault .` sets up this folder instead)."
        )
    done = set_up(folder, context.config(root), context.today, Path.cwd(), progress_bar)
    report = done.report
    if done.nothing_written is not None:
        # Nothing could be written (a read-only folder, a full disk): one line, not one a file.
        context.warn(
            f"{root}: nothing was made; nothing could be written there ({done.nothing_written})"
        )
        end(Ending.TROUBLE)
    for action in report.actions:
        if action.action in TROUBLE:
            context.warn(str(action))
        else:
            context.say(str(action))
    if done.made_any or not report.trouble:
        if done.made_any:
            made = (
                f"{root} is a vault now."
                if not folder.was_vault
                else f"vaultkit is set up in {root}."
            )
        else:
            # Run again: nothing to make, and nothing replaced; what is left to do still stands.
            made = (
                f"{root} is set up already: {CONFIG_NAME} and the templates are there, "
                f"and nothing was replaced."
            )
        context.say(f"{made} Next:")
        for step in done.next_steps:
            first, *rest = step.split("\n")
            context.say(f"  - {first}")
            for line in rest:
                context.say(f"    {line}")
    end(ending_of(report))
