"""What a person types: the global options, taken before or after the command, dates and
text; and the click classes that give every command those options, list them apart in --help,
and turn an error into its exit status."""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable
from typing import Any

import click

from vaultkit.app.command_errors import Failed, Refused
from vaultkit.cli.context import Context
from vaultkit.cli.exits import stop
from vaultkit.settings.errors import ConfigError

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
    day = parse_date(ctx, param, value)
    if day is not None and not TODAY_RANGE[0] <= day <= TODAY_RANGE[1]:
        raise click.BadParameter(
            f"{value}: pin a day from {TODAY_RANGE[0]} to {TODAY_RANGE[1]}", ctx, param
        )
    if day is not None:
        ctx.ensure_object(Context).today_option = day


def _louder(step: int) -> Callable[[click.Context, click.Parameter, int], None]:
    def count(ctx: click.Context, param: click.Parameter, value: int) -> None:
        ctx.ensure_object(Context).verbosity += step * (value or 0)

    return count


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """A click callback: YYYY-MM-DD as a date."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


def typed(text: str | bytes) -> str:
    """What a person typed, as text: bytes that are not UTF-8 (a terminal in another encoding,
    a script's binary output) become U+FFFD rather than a refusal, so nothing typed is lost."""
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogateescape")
    return text.decode("utf-8", "replace")


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
    own: list[tuple[str, str]] = []
    shared: list[tuple[str, str]] = []
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


class Command(click.Command):
    """A vaultkit command: the global options after its own, listed apart in --help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_global_options())

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)


class Group(click.Group):
    """A group of vaultkit commands (`vaultkit service ...`), with the global options too."""

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_global_options())

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)


Group.group_class = Group


class Commands(Group):
    """The `vaultkit` group, where every command's error becomes its exit status (exits.py):
    a refusal or broken settings exit 2; a template that failed, or an OS error that no
    command turned into its own message (a disk that fills up, a folder that cannot be read),
    is one line and exit status 1, never a traceback. click's own exits pass untouched, and a
    closed pipe (`vaultkit brief | head`) is left to click, which ends quietly."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
            stop(exc)
        except (Refused, Failed, ConfigError) as exc:
            stop(exc)
