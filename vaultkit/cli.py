"""The `vaultkit` command line."""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import click

from . import __version__
from .config import ConfigError, Config, find_vault, load_config

if TYPE_CHECKING:  # the commands import what they need, so `--help` starts at once
    from .tend import Report
    from .vault import Vault


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
            config, warnings = load_config(root)
        except ConfigError as exc:
            fail(str(exc))
        for warning in warnings:
            self.warn(warning)
        return config

    def vault(self) -> Vault:
        from .vault import load_vault

        root = self.root()
        vault = load_vault(root, self.config(root), cache=True, progress=progress_bar)
        vault.save_index()
        return vault

    def say(self, line: str) -> None:
        if self.verbosity >= 0:
            click.echo(line)

    def warn(self, line: str) -> None:
        click.echo(f"warning: {line}", err=True)


# Reading fewer files than this is quick enough to need no progress bar.
PROGRESS_FROM = 1000


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr while a large vault is read, only when stderr is a terminal."""
    if total <= PROGRESS_FROM or not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label="Reading the vault", file=sys.stderr) as bar:
        yield lambda: bar.update(1)


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


def os_error_line(exc: OSError) -> str:
    """An OS error as the one line a person reads: `PATH: what happened`."""
    from .writer import WriteError, reason_of

    if isinstance(exc, WriteError):
        return str(exc)
    if exc.filename is None:
        return reason_of(exc)
    return f"{os.fsdecode(exc.filename)}: {reason_of(exc)}"


def os_failure(exc: OSError) -> None:
    """Say what the machine refused, in one line, and exit 1."""
    click.echo(os_error_line(exc), err=True)
    sys.exit(1)


class _Commands(click.Group):
    """The last resort: an OS error that no command turned into its own message (a disk that
    fills up, a folder that cannot be read) is one line and exit status 1, never a traceback.
    click's own exits pass untouched, and a closed pipe (`vaultkit brief | head`) is left to
    click, which ends quietly."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
            os_failure(exc)


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


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
    from .tend import Tender

    tender = Tender(context.vault(), context.today, dry_run=dry_run, now=context.now)
    finish(context, tender.run_all())


@main.command()
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help="Also write the log to this file.")
@click.pass_obj
def watch(context: Context, log_file: Path | None):
    """Keep the vault tended while you write, until Ctrl-C or SIGTERM.

    Does what `run` does, then again for every note you save, once it has
    been quiet for the quiet period; makes the new day's page at midnight.
    Logs one line per action on stderr (-v: debug detail). One per vault:
    a second one exits with status 2, as does one whose cache folder (where
    the lock lives) cannot be written.

    \b
    Example:
      vaultkit watch --log-file ~/vaultkit.log
    """
    from .daemon import Daemon, VaultGone
    from .lock import LockHeld, LockUnavailable

    root = context.root()
    try:
        _log_to_stderr(context.verbosity, log_file)
    except OSError as exc:
        fail(os_error_line(exc))  # it cannot run as asked: like a usage error, and no restart
    try:
        daemon = Daemon(root, today=context.today_option)
    except ConfigError as exc:
        fail(str(exc))
    daemon.handle_signals()
    try:
        daemon.run()
    except (LockHeld, LockUnavailable) as exc:
        fail(str(exc))
    except VaultGone:
        sys.exit(2)  # the daemon has said why, in its log
    sys.exit(0)


def _log_to_stderr(verbosity: int, log_file: Path | None) -> None:
    import logging

    formatter = logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S")
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(formatter)
    level = logging.DEBUG if verbosity > 0 else logging.INFO if verbosity == 0 else logging.WARNING
    for name, name_level in (("vaultkit", level), ("watchdog", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.setLevel(name_level)
        logger.propagate = False
        for handler in handlers:
            logger.addHandler(handler)


@main.command()
@click.argument("kind")
@click.argument("title", required=False)
@click.pass_obj
def new(context: Context, kind: str, title: str | None):
    """Create a note from a template in its folder and print its path.

    KIND is a template name or alias: letter, free-writing, emotion-log,
    thought-record, dream, session-reflection, safety-plan, setdown, daily,
    or one of your own templates. The note is never written over an existing one; a title too
    long for the file system is shortened, as the printed path shows.

    \b
    Example:
      vaultkit new letter "To Mum"
    """
    from .creating import CannotCreate, create_note
    from .tend import Tender

    vault = context.vault()
    tender = Tender(vault, context.today, now=context.now)
    try:
        path = create_note(tender, kind, title)
    except CannotCreate as exc:
        fail(str(exc))
    if path is None:  # the write did not happen: a name taken meanwhile, a full disk
        for action in tender.report.actions:
            click.echo(str(action), err=True)
        sys.exit(1)
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
    from .tend import Tender

    tender = Tender(context.vault(), context.today, dry_run=to_stdout, out=io.StringIO())
    tender.update_agenda()
    if to_stdout:
        state = tender.vault.files.get(tender.config.agenda_note)
        sys.stdout.write(state.data.decode("utf-8") if state else "")
        tender.report.actions.clear()
    finish(context, tender.finish())


@main.command()
@click.option("--since", callback=_date, metavar="YYYY-MM-DD",
              help="Start the period on this day instead of at the last session.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the page to FILE, outside the vault (else to standard output).")
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@click.option("--include-entries", is_flag=True,
              help="Add the whole entries of the period (left out unless asked for).")
@click.option("--list", "listing", is_flag=True,
              help="Only show what the brief would hold, and write nothing.")
@click.pass_obj
def brief(context: Context, since: dt.date | None, out: Path | None, force: bool,
          include_entries: bool, listing: bool):
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
    from .brief_page import list_brief, make_brief
    from .templates import TemplateProblem
    from .tend import Tender
    from .writer import AlreadyExists, InsideVault, WriteError, write_file

    root = context.root()
    if listing:
        # A look before sharing: nothing is written, so --out and --force do not apply.
        tender = Tender(context.vault(), context.today, now=context.now)
        sys.stdout.write(list_brief(tender, since))
        finish(context, tender.finish(), show_done=False)
        return
    if out is not None:
        _check_out(out, root, force)  # before any work: a refusal costs nothing
    tender = Tender(context.vault(), context.today, now=context.now)
    try:
        page = make_brief(tender, since, include_entries)
    except TemplateProblem as exc:
        fail(str(exc))
    if out is None:
        sys.stdout.write(page)
    else:
        try:
            # The same checks again where they cannot be raced: a file made meanwhile is not
            # replaced, and the vault is looked for through every symlink once more.
            write_file(out, page.encode("utf-8"), replace=force, outside=root)
        except AlreadyExists:
            fail(_OUT_EXISTS.format(out))
        except InsideVault:
            fail(_OUT_INSIDE.format(out))
        except WriteError as exc:
            os_failure(exc)
        click.echo(str(out), err=True)
    finish(context, tender.finish(), show_done=False)


_OUT_INSIDE = "{}: inside the vault; the brief is written only outside it"
_OUT_EXISTS = "{}: already exists; pass --force to replace it"


def _check_out(out: Path, root: Path, force: bool) -> None:
    """Refuse (exit 2) a FILE inside the vault, or one that exists when --force is not given."""
    from .writer import is_inside

    if is_inside(out, root):
        fail(_OUT_INSIDE.format(out))
    if not force and os.path.lexists(out):
        fail(_OUT_EXISTS.format(out))


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

    from .tend import Tender

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
    from .vault import load_vault

    root = context.root()
    config = context.config(root)
    facts = diagnose(load_vault(root, config, cache=True), context.today)
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
    from .tend import Tender

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
    from .tend import Tender
    from .vault import load_vault

    tender = Tender(load_vault(directory, config), context.today, now=context.now)
    report = tender.run_all()
    for action in report.actions:
        context.say(f"  {action}")
    context.say(f"Open {directory / config.agenda_note} to see the agenda for the next session,")
    context.say(f"{directory / config.reviews_folder} for the weekly reviews; "
                f"`vaultkit --vault {directory} brief --out brief.html` writes the brief.")
    for warning in report.warnings:
        context.warn(warning)
    sys.exit(1 if report.trouble else 0)


@main.group()
def service():
    """Write (or remove) a login service that runs `vaultkit watch` for this vault.

    A systemd user unit on Linux, a launchd agent on macOS. It never enables,
    starts or stops anything itself: it prints the one command that does.

    \b
    Example:
      vaultkit service install
    """


def _service_file(context: Context, platform: str | None):
    from .service import ServiceError, config_home, service_file

    home = Path.home()
    root = context.root().resolve()
    try:
        # sys.executable, not a `vaultkit` on PATH: the service runs this very installation.
        return service_file(root, sys.executable, platform or sys.platform, home,
                            config_home(dict(os.environ), home))
    except ServiceError as exc:
        fail(str(exc))


_platform_option = click.option("--platform", type=click.Choice(["linux", "darwin"]),
                                hidden=True, help="Write for this platform (for tests).")


@service.command("install")
@_platform_option
@click.pass_obj
def service_install(context: Context, platform: str | None):
    """Write the service file for this vault and print the command that enables it.

    Running it again rewrites the file only when it would change.

    \b
    Example:
      vaultkit service install
    """
    from .service import install
    from .writer import InsideVault, WriteError

    sf = _service_file(context, platform)
    try:
        outcome = install(sf, vault=context.root())
    except InsideVault:
        fail(f"{sf.path}: inside the vault; a service file is written only outside it")
    except WriteError as exc:
        os_failure(exc)
    click.echo(f"{outcome.capitalize()}: {sf.path}")
    if outcome == "updated":
        click.echo(f"To run it with the new file, now and at every login, run:\n  {sf.restart}")
    elif outcome == "unchanged":
        click.echo(f"If it is not running yet, start it now and at every login with:\n"
                   f"  {sf.enable}")
    else:
        click.echo(f"To start it now and at every login, run:\n  {sf.enable}")


@service.command("uninstall")
@_platform_option
@click.pass_obj
def service_uninstall(context: Context, platform: str | None):
    """Remove this vault's service file; refuses while it is still enabled.

    \b
    Example:
      vaultkit service uninstall
    """
    from .service import ServiceError, uninstall

    sf = _service_file(context, platform)
    try:
        then = uninstall(sf)
    except ServiceError as exc:
        fail(str(exc))
    except OSError as exc:
        from .writer import reason_of

        click.echo(f"{sf.path}: cannot remove: {reason_of(exc)}", err=True)
        sys.exit(1)
    if then is None:
        click.echo(f"Not installed: there is no {sf.path}")
    else:
        click.echo(f"Removed: {sf.path}\nTo finish, run:\n  {then}")


if __name__ == "__main__":
    main()
