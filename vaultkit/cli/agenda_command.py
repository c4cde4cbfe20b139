"""`vaultkit agenda`: regenerate the next-session note, or print it (or the whole agenda)."""

from __future__ import annotations

import sys

import click

from vaultkit.cli.context import Context
from vaultkit.cli.exits import finish
from vaultkit.cli.options import Command


@click.command(cls=Command)
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the agenda note; write nothing.")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Print the whole agenda, with what the note folds into counts; write nothing.",
)
@click.pass_obj
def agenda(context: Context, to_stdout: bool, everything: bool) -> None:
    """Regenerate the next-session note (or print it).

    The note stays one page: each section shows the most recent few and counts the rest.
    --all prints every item of every section, from all time when no session is recorded.

    \b
    Example:
      vaultkit agenda --stdout
      vaultkit agenda --all
    """
    from vaultkit.app.tend import regenerate_agenda

    report, text = regenerate_agenda(
        context.vault(), context.today, show_only=to_stdout, everything=everything
    )
    if to_stdout or everything:
        sys.stdout.write(text)
    finish(context, report)
