"""`vaultkit agenda`: regenerate the next-session note, or print it."""

from __future__ import annotations

import sys

import click

from vaultkit.cli.context import Context
from vaultkit.cli.exits import finish
from vaultkit.cli.options import Command


@click.command(cls=Command)
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the agenda note; write nothing.")
@click.pass_obj
def agenda(context: Context, to_stdout: bool) -> None:
    """Regenerate the next-session note (or print it).

    \b
    Example:
      vaultkit agenda --stdout
    """
    from vaultkit.app.tend import regenerate_agenda

    report, text = regenerate_agenda(context.vault(), context.today, show_only=to_stdout)
    if to_stdout:
        sys.stdout.write(text)
    finish(context, report)
