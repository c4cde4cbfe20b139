"""`vaultkit run`: one pass over the vault."""

from __future__ import annotations

import click

from vaultkit.cli.context import Context
from vaultkit.cli.exits import finish
from vaultkit.cli.options import Command


@click.command(cls=Command)
@click.option("--dry-run", is_flag=True, help="Print the changes as diffs and write nothing.")
@click.pass_obj
def run(context: Context, dry_run: bool) -> None:
    """One pass: today's page, new prompt notes, trigger lines, ticks, the agenda.

    Exit status 0 when done, 1 when a file was skipped or a write was put off
    (a note edited in the last few seconds is never touched), 2 on a usage or
    configuration error.

    \b
    Example:
      vaultkit run --dry-run
    """
    from vaultkit.app.tend import run_pass

    finish(context, run_pass(context.vault(), context.today, dry_run=dry_run, now=context.now))
