"""`vaultkit doctor`: what vaultkit sees, as text or JSON."""

from __future__ import annotations

import json

import click

from vaultkit.cli.context import Context
from vaultkit.cli.options import Command


@click.command(cls=Command)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def doctor(context: Context, as_json: bool) -> None:
    """What vaultkit sees: settings in force, counts, skipped files, unknown triggers.

    \b
    Example:
      vaultkit doctor --json
    """
    from vaultkit.app.doctor import diagnose, format_text
    from vaultkit.store.vault import load_vault

    root = context.root()
    config = context.config(root)
    facts = diagnose(load_vault(root, config, cache=True, parallel=True), context.today)
    click.echo(json.dumps(facts, indent=2, sort_keys=True) if as_json else format_text(facts))
