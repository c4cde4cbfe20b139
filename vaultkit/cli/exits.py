"""How a command ends: which outcome exits with which status (the one table of them), and
the lines said on the way out."""

from __future__ import annotations

import os
import sys
from enum import IntEnum
from typing import TYPE_CHECKING, NoReturn

import click

from vaultkit.app.command_errors import Refused
from vaultkit.settings.errors import ConfigError
from vaultkit.store.writer import TROUBLE
from vaultkit.text.one_line import one_line, own_lines

if TYPE_CHECKING:
    from vaultkit.app.report import Report
    from vaultkit.cli.context import Context


class Ending(IntEnum):
    """How a command ended; its value is the exit status."""

    DONE = 0  # did what was asked
    # Did what it could: a file skipped, a write put off, refused by the machine or failed in
    # a template. Running it again, once the cause is gone, may do the rest.
    TROUBLE = 1
    # Cannot be done as asked (usage, settings, a refusal, a second watcher): nothing was done.
    # click's own usage errors exit with this status too.
    CANNOT = 2


def ending_for(error: Exception) -> Ending:
    """The ending of a command stopped by an error: Refused and broken settings cannot be
    done as asked; anything else (Failed, an OSError) is trouble."""
    return Ending.CANNOT if isinstance(error, (Refused, ConfigError)) else Ending.TROUBLE


def ending_of(report: Report) -> Ending:
    """Something skipped or put off is trouble."""
    return Ending.TROUBLE if report.trouble else Ending.DONE


def end(ending: Ending, message: str | None = None, *, nl: bool = True) -> NoReturn:
    """Say `message` on stderr, if any, and exit with the ending's status."""
    if message is not None:
        click.echo(message, err=True, nl=nl)
    sys.exit(int(ending))


def stop(error: Exception) -> NoReturn:
    """End a command for an error: its line on stderr (a few, for a list of choices), and
    its status."""
    end(
        ending_for(error),
        os_error_line(error) if isinstance(error, OSError) else own_lines(str(error)),
    )


def finish(context: Context, report: Report, *, show_done: bool = True) -> NoReturn:
    """Say what happened (trouble on stderr) and end as the report says."""
    for action in report.actions:
        if action.action in TROUBLE:  # said on stderr, as warnings
            context.warn(one_off(str(action)))
        elif show_done:
            context.say(str(action))
    for warning in report.warnings:
        context.warn(warning)
    end(ending_of(report))


def os_error_line(exc: OSError) -> str:
    """An OS error as the one line a person reads: `PATH: what happened`."""
    from vaultkit.store.outside_writer import WriteError
    from vaultkit.store.writer import reason_of

    if isinstance(exc, WriteError):
        return one_line(str(exc))
    if exc.filename is None:
        return one_line(reason_of(exc))
    return one_line(f"{os.fsdecode(exc.filename)}: {reason_of(exc)}")


def one_off(line: str) -> str:
    """A line of the writer's for a command that runs once: the daemon tries a deferred write
    again by itself, a command is run again by the person."""
    from vaultkit.store.writer import RETRY_LATER

    return line.replace(RETRY_LATER, "run it again in")
