"""The `vaultkit` command line, click only: each command parses its arguments, calls the app
layer, and prints what came back; exits.py maps every outcome to its exit status. One module
a command (run_command.py holds `vaultkit run`), and the global options in options.py."""

from __future__ import annotations

import click

from vaultkit.cli.add_command import add
from vaultkit.cli.agenda_command import agenda
from vaultkit.cli.brief_command import brief
from vaultkit.cli.context import Context
from vaultkit.cli.demo_command import demo
from vaultkit.cli.doctor_command import doctor
from vaultkit.cli.init_command import init
from vaultkit.cli.note_commands import new, session
from vaultkit.cli.options import Commands
from vaultkit.cli.run_command import run
from vaultkit.cli.service_command import service
from vaultkit.cli.watch_command import watch
from vaultkit.version import __version__


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vaultkit")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Keeps a Markdown journal vault tended between therapy sessions.

    \b
    Example:
      vaultkit --vault ~/Journal run
      vaultkit run --vault ~/Journal
    """
    ctx.ensure_object(Context)


# --help lists them sorted by name, whatever the order here.
for _command in (run, watch, new, agenda, brief, session, doctor, init, add, demo, service):
    main.add_command(_command)
