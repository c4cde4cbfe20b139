"""`vaultkit new` and `vaultkit session`: a note asked for by hand, its path printed."""

from __future__ import annotations

import datetime as dt

import click

from vaultkit.cli.context import Context
from vaultkit.cli.exits import Ending, end, ending_of, finish
from vaultkit.cli.options import Command, parse_date, typed


@click.command(cls=Command)
@click.argument("kind")
@click.argument("title", required=False)
@click.pass_obj
def new(context: Context, kind: str, title: str | None) -> None:
    """Create a note from a template in its folder and print its path.

    KIND is a template name or alias: letter, free-writing, emotion-log,
    thought-record, dream, session-reflection, safety-plan, setdown, daily,
    or one of your own templates. The note is never written over an existing one; a title too
    long for the file system is shortened, as the printed path shows.

    \b
    Example:
      vaultkit new letter "To Mum"
    """
    from vaultkit.app.creating import new_note

    vault = context.vault()
    made = new_note(
        vault, context.today, context.now, kind, typed(title) if title is not None else None
    )
    if made.path is None:  # the write did not happen: a name taken meanwhile, a full disk
        for action in made.report.actions:
            click.echo(str(action), err=True)
        end(Ending.TROUBLE)
    click.echo(made.path)
    end(ending_of(made.report))


@click.command(cls=Command)
@click.argument("date", required=False, callback=parse_date)
@click.pass_obj
def session(context: Context, date: dt.date | None) -> None:
    """Record a session: create its note with a snapshot of the agenda.

    The session note starts the next period: the agenda then collects what
    you note after it. DATE defaults to today.

    \b
    Example:
      vaultkit session 2026-11-26
    """
    from vaultkit.app.creating import new_session

    made = new_session(context.vault(), date or context.today, context.now)
    if made.path:
        click.echo(made.path)
    finish(context, made.report, show_done=False)  # the path printed above says it
