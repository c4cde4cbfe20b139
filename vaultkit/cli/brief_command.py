"""`vaultkit brief`: the therapist brief, to standard output or to a FILE outside the vault."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from vaultkit.cli.context import Context
from vaultkit.cli.exits import finish
from vaultkit.cli.options import Command, parse_date


@click.command(cls=Command)
@click.option(
    "--since",
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="Start the period on this day instead of at the last session.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the page to FILE, outside the vault (else to standard output).",
)
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@click.option(
    "--include-entries",
    is_flag=True,
    help="Add the whole entries of the period (left out unless asked for).",
)
@click.option(
    "--list",
    "listing",
    is_flag=True,
    help="Only show what the brief would hold, and write nothing.",
)
@click.pass_obj
def brief(
    context: Context,
    since: dt.date | None,
    out: Path | None,
    force: bool,
    include_entries: bool,
    listing: bool,
) -> None:
    """Write the therapist brief: one self-contained HTML page to print.

    The agenda items, the threads from last session, what repeated and the
    mood chart; never the entries themselves unless --include-entries, and
    never anything private (unsent letters, notes marked `private: true`,
    lines tagged #private). --list shows what it would hold first.

    FILE is written whole or not at all, never inside the vault, and never
    over an existing file unless --force. Either refusal exits with status 2
    (the command cannot be done as asked) and writes nothing.

    \b
    Example:
      vaultkit brief --list
      vaultkit brief --out ~/brief.html
      vaultkit brief --out ~/brief.html --force
      vaultkit brief --since 2026-11-01 > brief.html
    """
    from vaultkit.app import brief as brief_page

    root = context.root()
    if listing:
        # A look before sharing: nothing is written, so --out and --force do not apply.
        shown, report = brief_page.brief_listing(context.vault(), context.today, context.now, since)
        sys.stdout.write(shown)
        finish(context, report, show_done=False)
    if out is not None:
        brief_page.check_out(out, root, force)

    def deliver(page: str) -> None:
        if out is None:
            sys.stdout.write(page)
            return
        brief_page.write_out(out, page, root, force)
        click.echo(str(out), err=True)

    report = brief_page.brief(
        context.vault(), context.today, context.now, since, include_entries, deliver
    )
    finish(context, report, show_done=False)
