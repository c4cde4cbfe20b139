"""`vaultkit demo`: the example vault copied to a new folder and run once, said step by step."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from vaultkit.cli.context import Context
from vaultkit.cli.exits import end, ending_of, one_off
from vaultkit.cli.options import Command


@click.command(cls=Command)
@click.argument(
    "directory", required=False, default="vaultkit-demo", type=click.Path(path_type=Path)
)  # a file: our message, below
@click.pass_obj
def demo(context: Context, directory: Path) -> None:
    """Copy the example vault to DIRECTORY and run once there, saying what it did.

    The example's dates are moved by whole weeks so that it ends last week:
    whichever day it runs, the agenda, the weekly reviews, what repeated and
    the mood chart are there to see. DIRECTORY must be new or empty; a folder
    holding an earlier demo is re-used (run once more, nothing replaced), and
    a folder holding anything else, or inside a vault, is refused.

    \b
    Example:
      vaultkit demo /tmp/demo-vault
    """
    from vaultkit.app.demo import copy_example, demo_folder, run_demo

    found = demo_folder(directory)
    if found.state == "new":
        weeks = copy_example(directory, context.today)
        moved = f"{abs(weeks)} week{'' if abs(weeks) == 1 else 's'}"
        context.say(
            f"Copied the example vault to {directory}, its dates moved {moved} so "
            f"that it ends last week, as if written just now"
        )
    else:
        context.say(
            f"{directory} already holds the demo made {found.made}; ran it there again, "
            f"and nothing in it was replaced (for a fresh copy: vaultkit demo NEW-FOLDER)"
        )
    config = context.config(directory)
    report = run_demo(directory, config, context.today, context.now)
    for action in report.actions:
        context.say(f"  {one_off(str(action))}")
    context.say(f"Open {directory / config.agenda_note} to see the agenda for the next session,")
    # The brief goes outside the vault (brief --out refuses the inside): beside the folder.
    brief = shlex.quote(str(directory.absolute().parent / "demo-brief.html"))
    context.say(
        f"{directory / config.reviews_folder} for the weekly reviews; "
        f"`vaultkit --vault {shlex.quote(str(directory))} brief --out {brief}` writes "
        f"the brief."
    )
    for warning in report.warnings:
        context.warn(warning)
    end(ending_of(report))
