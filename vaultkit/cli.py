"""The `vaultkit` command line."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sys
import time
from pathlib import Path

import click

from . import __version__
from .config import ConfigError, Config, find_vault, load_config
from .tend import Report, Tender
from .vault import Vault, load_vault


class Context:
    def __init__(self, vault_option: str | None, today: dt.date | None, verbosity: int):
        self.vault_option, self.today_option, self.verbosity = vault_option, today, verbosity

    @property
    def today(self) -> dt.date:
        return self.today_option or dt.date.today()

    @property
    def now(self) -> dt.datetime | None:
        """The clock time for notes a person asks for by hand; pinned days have none."""
        return None if self.today_option else dt.datetime.now().replace(microsecond=0)

    def root(self) -> Path:
        root = find_vault(self.vault_option, dict(os.environ), Path.cwd())
        if root is None:
            fail("no vault found: pass --vault PATH, set VAULTKIT_VAULT, or run inside a vault "
                 "(a folder with .obsidian/ or vaultkit.toml)")
        if not root.is_dir():
            fail(f"{root}: not a folder")
        return root

    def config(self, root: Path) -> Config:
        try:
            config, _, warnings = load_config(root)
        except ConfigError as exc:
            fail(str(exc))
        for warning in warnings:
            self.warn(warning)
        return config

    def vault(self) -> Vault:
        root = self.root()
        return load_vault(root, self.config(root))

    def say(self, line: str) -> None:
        if self.verbosity >= 0:
            click.echo(line)

    def warn(self, line: str) -> None:
        click.echo(f"warning: {line}", err=True)


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


def finish(context: Context, report: Report, *, show_done: bool = True) -> None:
    """Say what happened (trouble on stderr) and exit 0, or 1 when anything was skipped."""
    for action in report.actions:
        if action.action in ("deferred", "conflict", "refused", "error"):
            context.warn(str(action))
        elif show_done:
            context.say(str(action))
    for warning in report.warnings:
        context.warn(warning)
    sys.exit(1 if report.trouble else 0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--vault", "vault", metavar="PATH", help="The vault folder (else $VAULTKIT_VAULT, "
              "else the nearest parent with .obsidian/ or vaultkit.toml).")
@click.option("--today", callback=_date, metavar="YYYY-MM-DD",
              help="Act as if today were this date (for catching up, and for tests).")
@click.option("-v", "--verbose", count=True, help="Say more.")
@click.option("-q", "--quiet", count=True, help="Say only warnings and errors.")
@click.version_option(__version__, prog_name="vaultkit")
@click.pass_context
def main(ctx, vault, today, verbose, quiet):
    """Keeps a Markdown journal vault tended between therapy sessions.

    \b
    Example:
      vaultkit --vault ~/Journal run
    """
    ctx.obj = Context(vault, today, verbose - quiet)


@main.command()
@click.option("--dry-run", is_flag=True, help="Print the changes as diffs and write nothing.")
@click.pass_obj
def run(context: Context, dry_run: bool):
    """One pass: today's page, new prompt notes, trigger lines, ticks, the agenda.

    Exit status 0 when done, 1 when a file was skipped or a write was put off
    (a note edited in the last few seconds is never touched), 2 on a usage or
    configuration error.

    \b
    Example:
      vaultkit run --dry-run
    """
    tender = Tender(context.vault(), context.today, dry_run=dry_run, now=context.now)
    finish(context, tender.run_all())


@main.command()
@click.argument("kind")
@click.argument("title", required=False)
@click.pass_obj
def new(context: Context, kind: str, title: str | None):
    """Create a note from a template in its folder and print its path.

    KIND is a template name or alias: letter, free-writing, emotion-log,
    thought-record, dream, session-reflection, daily, or one of your own
    templates. The note is never written over an existing one.

    \b
    Example:
      vaultkit new letter "To Mum"
    """
    from .creating import create_note

    vault = context.vault()
    tender = Tender(vault, context.today, now=context.now)
    path = create_note(tender, kind, title)
    if path is None:
        for action in tender.report.actions:
            click.echo(str(action), err=True)
        sys.exit(2 if any(a.action == "error" for a in tender.report.actions) else 1)
    click.echo(path)
    sys.exit(1 if tender.report.trouble else 0)


@main.command()
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the agenda note; write nothing.")
@click.pass_obj
def agenda(context: Context, to_stdout: bool):
    """Regenerate the next-session note (or print it).

    \b
    Example:
      vaultkit agenda --stdout
    """
    tender = Tender(context.vault(), context.today, dry_run=to_stdout, out=io.StringIO())
    tender.update_agenda()
    if to_stdout:
        state = tender.vault.files.get(tender.config.agenda_note)
        sys.stdout.write(state.data.decode("utf-8") if state else "")
        tender.report.actions.clear()
    finish(context, tender.finish())


@main.command()
@click.argument("date", required=False, callback=_date)
@click.pass_obj
def session(context: Context, date: dt.date | None):
    """Record a session: create its note with a snapshot of the agenda.

    The session note starts the next period: the agenda then collects what
    you note after it. DATE defaults to today.

    \b
    Example:
      vaultkit session 2026-11-26
    """
    from .creating import record_session

    tender = Tender(context.vault(), date or context.today, now=context.now)
    path = record_session(tender)
    if path:
        click.echo(path)
    finish(context, tender.finish(), show_done=False)  # the path printed above says it


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def doctor(context: Context, as_json: bool):
    """What vaultkit sees: settings in force, counts, skipped files, unknown triggers.

    \b
    Example:
      vaultkit doctor --json
    """
    from .doctor import diagnose, format_text

    root = context.root()
    config = context.config(root)
    facts = diagnose(load_vault(root, config), context.today)
    click.echo(json.dumps(facts, indent=2, sort_keys=True) if as_json else format_text(facts))


@main.command()
@click.pass_obj
def init(context: Context):
    """Write vaultkit.toml and the Templates folder; never overwrites.

    vaultkit.toml shows, commented, every setting in force and where it came
    from; the Templates folder gets a copy of each built-in template to edit.

    \b
    Example:
      vaultkit --vault ~/Journal init
    """
    from .creating import initialise

    vault = context.vault()
    tender = Tender(vault, context.today)
    initialise(tender)
    finish(context, tender.report)


@main.command()
@click.argument("directory", required=False, default="vaultkit-demo",
                type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def demo(context: Context, directory: Path):
    """Copy the example vault to DIRECTORY and run once there, saying what it did.

    \b
    Example:
      vaultkit demo /tmp/demo-vault
    """
    from .resources import example_vault_dir

    if directory.exists() and any(directory.iterdir()):
        fail(f"{directory}: already exists and is not empty; choose a new folder")
    shutil.copytree(example_vault_dir(), directory, dirs_exist_ok=True)
    # Fresh copies look just-edited; the quiet period would put every note off.
    hour_ago = time.time() - 3600
    for folder, _, files in os.walk(directory):
        for name in files:
            os.utime(os.path.join(folder, name), (hour_ago, hour_ago))
    context.say(f"Copied the example vault to {directory}")
    config = context.config(directory)
    tender = Tender(load_vault(directory, config), context.today, now=context.now)
    report = tender.run_all()
    for action in report.actions:
        context.say(f"  {action}")
    context.say(f"Open {directory / config.agenda_note} to see the agenda for the next session.")
    for warning in report.warnings:
        context.warn(warning)
    sys.exit(1 if report.trouble else 0)


if __name__ == "__main__":
    main()
