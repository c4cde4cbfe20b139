"""The `vaultkit` command line."""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from vaultkit import __version__
from vaultkit.settings.config import CONFIG_NAME, Config, ConfigError, find_vault, load_config

if TYPE_CHECKING:  # the commands import what they need, so `--help` starts at once
    from vaultkit.app.tend import Report
    from vaultkit.store.vault import Vault


class Context:
    def __init__(
        self, vault_option: str | None = None, today: dt.date | None = None, verbosity: int = 0
    ):
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
            fail(
                "no vault found here (a folder with .obsidian/ or vaultkit.toml): "
                "`vaultkit init` makes this folder one;\nfor a vault elsewhere, pass --vault PATH "
                "or set VAULTKIT_VAULT"
            )
        _check_folder(root, self.from_environment())
        return root

    def from_environment(self) -> bool:
        """Whether the vault comes from $VAULTKIT_VAULT (no --vault given)."""
        return not self.vault_option and bool(os.environ.get("VAULTKIT_VAULT"))

    def config(self, root: Path) -> Config:
        try:
            config, warnings = load_config(root)
        except ConfigError as exc:
            fail(str(exc))
        for warning in warnings:
            self.warn(warning)
        return config

    def vault(self) -> Vault:
        from vaultkit.store.vault import load_vault

        root = self.root()
        vault = load_vault(root, self.config(root), cache=True, progress=progress_bar)
        vault.save_index()
        return vault

    def say(self, line: str) -> None:
        if self.verbosity >= 0:
            click.echo(line)

    def warn(self, line: str) -> None:
        click.echo(f"warning: {line}", err=True)


def _check_folder(root: Path, from_environment: bool) -> None:
    # A path that came from the environment is named as such: the person may not remember
    # setting it, and it is what to change.
    origin = " (the folder VAULTKIT_VAULT names)" if from_environment else ""
    if not os.path.lexists(root):
        fail(f"{root}: does not exist{origin}")
    if not root.is_dir():
        fail(f"{root}: not a folder{origin}")


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
    from vaultkit.store.writer import WriteError, reason_of

    if isinstance(exc, WriteError):
        return str(exc)
    if exc.filename is None:
        return reason_of(exc)
    return f"{os.fsdecode(exc.filename)}: {reason_of(exc)}"


def os_failure(exc: OSError) -> None:
    """Say what the machine refused, in one line, and exit 1."""
    click.echo(os_error_line(exc), err=True)
    sys.exit(1)


# --- the global options, before or after the command -----------------------------------------
# People type `vaultkit init --vault .` as often as `vaultkit --vault . init`. Every command (and
# the group itself) carries the same four options; each sets the one Context, so that the value
# typed after the command, parsed last, wins. -v and -q add up wherever they are.

GLOBAL_SECTION = "Global options (before or after the command)"


def _set_vault(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(Context).vault_option = value


# The days --today may pin: room for weeks, periods and reviews on either side, which the
# calendar's own ends (year 1 and 9999) do not leave.
TODAY_RANGE = (dt.date(1900, 1, 1), dt.date(9000, 12, 31))


def _set_today(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    day = _date(ctx, param, value)
    if day is not None and not TODAY_RANGE[0] <= day <= TODAY_RANGE[1]:
        raise click.BadParameter(
            f"{value}: pin a day from {TODAY_RANGE[0]} to {TODAY_RANGE[1]}", ctx, param
        )
    if day is not None:
        ctx.ensure_object(Context).today_option = day


def _louder(step: int):
    def count(ctx: click.Context, param: click.Parameter, value: int) -> None:
        ctx.ensure_object(Context).verbosity += step * (value or 0)

    return count


class _GlobalOption(click.Option):
    """One of the options every command takes; listed apart in --help."""


def _global_options() -> list[click.Parameter]:
    return [
        _GlobalOption(
            ["--vault"],
            metavar="PATH",
            expose_value=False,
            callback=_set_vault,
            help="The vault folder (else $VAULTKIT_VAULT, else the nearest parent "
            "with .obsidian/ or vaultkit.toml).",
        ),
        _GlobalOption(
            ["--today"],
            metavar="YYYY-MM-DD",
            expose_value=False,
            callback=_set_today,
            help="Act as if today were this date (for catching up, and for tests).",
        ),
        _GlobalOption(
            ["-v", "--verbose"],
            count=True,
            expose_value=False,
            callback=_louder(1),
            help="Say more.",
        ),
        _GlobalOption(
            ["-q", "--quiet"],
            count=True,
            expose_value=False,
            callback=_louder(-1),
            help="Say only warnings and errors.",
        ),
    ]


def _format_options(
    command: click.Command, ctx: click.Context, formatter: click.HelpFormatter
) -> None:
    own, shared = [], []
    for param in command.get_params(ctx):
        if isinstance(param, click.Argument):
            continue  # said in the usage line and the text; newer click lists them bare
        record = param.get_help_record(ctx)
        if record:
            (shared if isinstance(param, _GlobalOption) else own).append(record)
    if own:
        with formatter.section("Options"):
            formatter.write_dl(own)
    with formatter.section(GLOBAL_SECTION):
        formatter.write_dl(shared)


class _Command(click.Command):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params.extend(_global_options())

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)


class _Group(click.Group):
    command_class = _Command

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params.extend(_global_options())

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)


_Group.group_class = _Group


class _Commands(_Group):
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


def one_off(line: str) -> str:
    """A line of the writer's for a command that runs once: the daemon tries a deferred write
    again by itself, a command is run again by the person."""
    from vaultkit.store.writer import RETRY_LATER

    return line.replace(RETRY_LATER, "run it again in")


def finish(context: Context, report: Report, *, show_done: bool = True) -> None:
    """Say what happened (trouble on stderr) and exit 0, or 1 when anything was skipped."""
    for action in report.actions:
        if action.action in ("deferred", "conflict", "refused", "error"):
            context.warn(one_off(str(action)))
        elif show_done:
            context.say(str(action))
    for warning in report.warnings:
        context.warn(warning)
    sys.exit(1 if report.trouble else 0)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vaultkit")
@click.pass_context
def main(ctx):
    """Keeps a Markdown journal vault tended between therapy sessions.

    \b
    Example:
      vaultkit --vault ~/Journal run
      vaultkit run --vault ~/Journal
    """
    ctx.ensure_object(Context)


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
    from vaultkit.app.tend import Tender

    tender = Tender(context.vault(), context.today, dry_run=dry_run, now=context.now)
    finish(context, tender.run_all())


@main.command()
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="Also write the log to this file.",
)
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
    from vaultkit.store.lock import LockHeld, LockUnavailable
    from vaultkit.watch.daemon import Daemon, VaultGone

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
    from vaultkit.app.creating import CannotCreate, create_note
    from vaultkit.app.tend import Tender
    from vaultkit.render.templates import TemplateProblem

    vault = context.vault()
    tender = Tender(vault, context.today, now=context.now)
    try:
        path = create_note(tender, kind, typed(title) if title is not None else None)
    except CannotCreate as exc:
        if isinstance(exc.__context__, TemplateProblem):
            # The template failed, not the asking: exit status 1, as when `run` meets it.
            click.echo(str(exc), err=True)
            sys.exit(1)
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
    from vaultkit.app.tend import Tender

    tender = Tender(context.vault(), context.today, dry_run=to_stdout, out=io.StringIO())
    tender.update_agenda()
    if to_stdout:
        state = tender.vault.files.get(tender.config.agenda_note)
        sys.stdout.write(state.data.decode("utf-8") if state else "")
        tender.report.actions.clear()
    finish(context, tender.finish())


@main.command()
@click.option(
    "--since",
    callback=_date,
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
):
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
    from vaultkit.app.brief import list_brief, make_brief
    from vaultkit.app.tend import Tender
    from vaultkit.render.templates import TemplateProblem
    from vaultkit.store.writer import AlreadyExists, InsideVault, WriteError, write_file

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
        click.echo(str(exc), err=True)  # a template failed: exit status 1, as in `run`
        sys.exit(1)
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
    from vaultkit.store.writer import is_inside

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
    from vaultkit.app.creating import record_session
    from vaultkit.app.tend import Tender

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
    from vaultkit.app.doctor import diagnose, format_text
    from vaultkit.store.vault import load_vault

    root = context.root()
    config = context.config(root)
    facts = diagnose(load_vault(root, config, cache=True), context.today)
    click.echo(json.dumps(facts, indent=2, sort_keys=True) if as_json else format_text(facts))


@main.command()
@click.pass_obj
def init(context: Context):
    """Make this folder a vault: vaultkit.toml and the Templates folder; never overwrites.

    The folder is --vault PATH when given (made if it is not there yet), else
    the one VAULTKIT_VAULT names, else the current folder: never a folder above
    it. Inside another vault it refuses and names that vault: a vault inside
    a vault would be read by both. vaultkit.toml shows, commented, every
    setting in force and where it came from; the Templates folder gets a copy
    of each built-in template to edit. Then it says what to do next.

    \b
    Example:
      mkdir ~/Journal && cd ~/Journal && vaultkit init
      vaultkit init --vault ~/Journal
    """
    from vaultkit.app.creating import initialise, next_steps
    from vaultkit.app.tend import Tender
    from vaultkit.store.vault import load_vault

    if context.vault_option:
        root, origin = Path(context.vault_option), ""
    elif context.from_environment():
        root, origin = Path(os.environ["VAULTKIT_VAULT"]), "VAULTKIT_VAULT"
    else:
        root, origin = Path.cwd(), ""
    was_vault = (root / ".obsidian").is_dir() or (root / CONFIG_NAME).is_file()
    if not was_vault:
        # Setting up the vault above would be the silent walk up again, and making a second
        # one inside it would have both read the same notes: say which, and how to set it up.
        outer = find_vault(None, {}, root.resolve().parent)
        if outer is not None:
            fail(
                f"{root} is inside the vault {outer}; a vault inside a vault would be read by "
                f"both.\nTo set up that vault, run: vaultkit --vault {shlex.quote(str(outer))} init"
            )
    if not os.path.lexists(root) and root.parent.is_dir():
        try:
            root.mkdir()
        except OSError as exc:
            os_failure(exc)
    _check_folder(root, bool(origin))
    if origin:
        context.say(
            f"Setting up {root}, the folder VAULTKIT_VAULT names "
            f"(`vaultkit init --vault .` sets up this folder instead)."
        )
    config = context.config(root)
    vault = load_vault(root, config, cache=True, progress=progress_bar)
    tender = Tender(vault, context.today)
    initialise(tender)
    report = tender.finish()
    failed = [action for action in report.actions if action.action == "error"]
    if failed and len(failed) == len(report.actions):
        # Nothing could be written (a read-only folder, a full disk): one line, not one a file.
        fail_line = f"{root}: nothing was made; nothing could be written there ({failed[0].detail})"
        context.warn(fail_line)
        sys.exit(1)
    for action in report.actions:
        if action.action in ("deferred", "conflict", "refused", "error"):
            context.warn(str(action))
        else:
            context.say(str(action))
    made_any = any(action.action == "created" for action in report.actions)
    if made_any or not report.trouble:
        here = origin or root.resolve() == Path.cwd().resolve()
        # Absolute: the commands are to be run from anywhere, later, not only from here.
        option = "" if here else f" --vault {shlex.quote(str(root.absolute()))}"
        if made_any:
            made = f"{root} is a vault now." if not was_vault else f"vaultkit is set up in {root}."
        else:
            # Run again: nothing to make, and nothing replaced; what is left to do still stands.
            made = (
                f"{root} is set up already: {CONFIG_NAME} and the templates are there, "
                f"and nothing was replaced."
            )
        context.say(f"{made} Next:")
        for step in next_steps(tender.config, option):
            first, *rest = step.split("\n")
            context.say(f"  - {first}")
            for line in rest:
                context.say(f"    {line}")
    sys.exit(1 if report.trouble else 0)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


_NOTHING_TO_ADD = (
    'nothing to add: give the text, as in `vaultkit add "a walk by the river"`, '
    "or pipe it in: `echo … | vaultkit add -`"
)


@main.command()
@click.argument("text", nargs=-1)
@click.pass_obj
def add(context: Context, text: tuple[str, ...]):
    """Add a line, with the time, at the end of today's page.

    TEXT is the line; several words need no quotes (a #tag needs them in
    some shells). With `-`, or with no TEXT when standard input is not a
    terminal, the line is read from standard input, so a launcher or a
    phone's shortcut can pipe it in; more lines stay one entry. The page is
    made from the daily template first if it is not there yet. With --today
    the line carries no time: the clock's time belongs to today, not to the
    day being caught up on.

    A page saved in the last few seconds (the quiet period) may still be open
    in an editor: `add` waits for it to rest, up to 10 s, and otherwise gives
    your line back (exit status 1) rather than risk it. Nothing before the
    line is ever changed.

    \b
    Example:
      vaultkit add the panic on the train '#next'
      echo "slept badly again" | vaultkit add -
    """
    from vaultkit.app.adding import daily_path, entry
    from vaultkit.text.moment import format_moment

    if text == ("-",) or (not text and not stdin_is_terminal()):
        stdin = getattr(sys.stdin, "buffer", None)
        words = typed(stdin.read()) if stdin is not None else typed(sys.stdin.read())
    elif not text:
        fail(_NOTHING_TO_ADD)
    else:
        words = typed(" ".join(text))
    try:
        root = context.root()
        config = context.config(root)
    except SystemExit:
        if words.strip():  # no vault, or its settings are broken: the line is still theirs
            click.echo(
                f"Your line was not added. Here it is, to keep or add again:\n{words.strip()}",
                err=True,
            )
        raise
    now = context.now
    added = entry(words, format_moment(now, config.time_format) if now else None)
    if not added:
        fail(_NOTHING_TO_ADD)
    rel = daily_path(config, context.today)
    try:
        _add_line(context, root, config, rel, added)
    except SystemExit as done:
        if done.code not in (0, 1):  # 0 added, 1 given back already; else a refusal on the way
            click.echo(
                f"Your line was not added. Here it is, to keep or add again:\n{added}",
                err=True,
                nl=False,
            )
        raise
    except Exception as exc:
        _give_back(
            rel,
            added,
            f"vaultkit met something it did not expect ({type(exc).__name__}: "
            f"{one_off(str(exc))[:80]})",
        )


def typed(text: str | bytes) -> str:
    """What a person typed, as text: bytes that are not UTF-8 (a terminal in another encoding,
    a script's binary output) become U+FFFD rather than a refusal, so nothing typed is lost."""
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogateescape")
    return text.decode("utf-8", "replace")


def _give_back(rel: str, added: str, reason: str) -> NoReturn:
    # Never lose what was typed: it is printed back, to add again or keep.
    click.echo(
        f"{rel}: your line was not added: {reason}. Here it is, to keep or add again:\n{added}",
        err=True,
        nl=False,
    )
    sys.exit(1)


def _add_line(context: Context, root: Path, config: Config, rel: str, added: str) -> NoReturn:
    from vaultkit.app.adding import Waiting, append_when_quiet, appended
    from vaultkit.app.tend import Change, Tender
    from vaultkit.store.writer import Outcome

    def give_back(reason: str) -> NoReturn:
        _give_back(rel, added, reason)

    if not os.path.lexists(root / rel):
        # Made the way every daily page is made, then the line added as the writer's second,
        # compare-and-swap write; the page is vaultkit's own write, so no quiet period holds it.
        tender = Tender(context.vault(), context.today, now=context.now)
        tender.ensure_daily(tender.agenda())
        for action in tender.report.actions:
            if action.action == "created":
                context.say(str(action))
        for problem in tender.report.problems:
            context.warn(problem)
        failed = [a for a in tender.report.actions if a.action != "created"]
        if failed:
            context.warn(one_off(str(failed[0])))
            give_back("today's page could not be made")
        old = tender.vault.data_of(rel) if rel in tender.own_writes else None
        if old is not None and tender.apply(Change(rel, old, appended(old, added), "added")):
            tender.own_writes.save()  # the next `add` finds the page as vaultkit left it
            context.say(f"added to {rel}")
            sys.exit(0)

    def waiting(wait: Waiting) -> None:
        if context.verbosity >= 0:
            click.echo(
                f"{rel}: saved {wait.saved_ago:.1f} s ago; adding your "
                f"line once it has rested, in {wait.seconds:.0f} s",
                err=True,
            )

    result = append_when_quiet(root, rel, added, config.quiet_seconds, waiting=waiting)
    if result.outcome is Outcome.WRITTEN:
        context.say(f"added to {rel}")
        sys.exit(0)
    give_back(one_off(result.reason).replace("run it again in", "try again in"))


@main.command()
@click.argument(
    "directory", required=False, default="vaultkit-demo", type=click.Path(path_type=Path)
)  # a file: our message, below
@click.pass_obj
def demo(context: Context, directory: Path):
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
    from vaultkit.app.demo import demo_shift, look_at, make_demo
    from vaultkit.app.tend import Tender
    from vaultkit.store.vault import load_vault

    if os.path.lexists(directory) and not directory.is_dir():
        fail(f"{directory}: not a folder; choose a new folder for the demo")
    if not directory.absolute().parent.is_dir():
        fail(
            f"{directory.absolute().parent}: does not exist; choose a new folder for the demo "
            f"inside one that does"
        )
    found = look_at(directory)
    if found.state == "theirs":
        names = ", ".join(found.others) + (", …" if found.more else "")
        fail(
            f"{directory}: already holds files the demo did not make ({names}); nothing was "
            f"changed.\nChoose a new folder: vaultkit demo NEW-FOLDER"
        )
    outer = find_vault(None, {}, directory.resolve().parent)
    if outer is not None:
        fail(
            f"{directory} is inside the vault {outer}: the demo's notes would join its agenda "
            f"and reviews.\nChoose a folder outside it: vaultkit demo NEW-FOLDER"
        )
    if found.state == "new":
        try:
            make_demo(directory, context.today)
        except OSError as exc:
            os_failure(exc)
        weeks = demo_shift(context.today) // 7
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
    tender = Tender(load_vault(directory, config), context.today, now=context.now)
    report = tender.run_all()
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
    from vaultkit.watch.service import ServiceError, config_home, service_file

    home = Path.home()
    root = context.root().resolve()
    try:
        # sys.executable, not a `vaultkit` on PATH: the service runs this very installation.
        return service_file(
            root,
            sys.executable,
            platform or sys.platform,
            home,
            config_home(dict(os.environ), home),
        )
    except ServiceError as exc:
        fail(str(exc))


_platform_option = click.option(
    "--platform",
    type=click.Choice(["linux", "darwin"]),
    hidden=True,
    help="Write for this platform (for tests).",
)


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
    from vaultkit.store.writer import InsideVault, WriteError
    from vaultkit.watch.service import install

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
        click.echo(
            f"If it is not running yet, start it now and at every login with:\n  {sf.enable}"
        )
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
    from vaultkit.watch.service import ServiceError, uninstall

    sf = _service_file(context, platform)
    try:
        then = uninstall(sf)
    except ServiceError as exc:
        fail(str(exc))
    except OSError as exc:
        from vaultkit.store.writer import reason_of

        click.echo(f"{sf.path}: cannot remove: {reason_of(exc)}", err=True)
        sys.exit(1)
    if then is None:
        click.echo(f"Not installed: there is no {sf.path}")
    else:
        click.echo(f"Removed: {sf.path}\nTo finish, run:\n  {then}")


if __name__ == "__main__":
    main()
