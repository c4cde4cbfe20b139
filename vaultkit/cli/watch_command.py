"""`vaultkit watch`: the daemon in the foreground, logging one line per action."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from vaultkit.cli.context import Context
from vaultkit.cli.exits import Ending, end, os_error_line
from vaultkit.cli.options import Command
from vaultkit.text.one_line import one_line


@click.command(cls=Command)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="Also write the log to this file.",
)
@click.pass_obj
def watch(context: Context, log_file: Path | None) -> None:
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
    from vaultkit.watch.daemon import Daemon
    from vaultkit.watch.watching import VaultGone

    root = context.root()
    try:
        _log_to_stderr(context.verbosity, log_file)
    except OSError as exc:
        # It cannot run as asked: like a usage error, and no restart.
        end(Ending.CANNOT, os_error_line(exc))
    daemon = Daemon(root, today=context.today_option, parallel=True)
    daemon.handle_signals()
    try:
        daemon.run()
    except (LockHeld, LockUnavailable) as exc:
        end(Ending.CANNOT, one_line(str(exc)))
    except VaultGone:
        end(Ending.CANNOT)  # the daemon has said why, in its log
    end(Ending.DONE)


class _OneLineFormatter(logging.Formatter):
    """Each record one line of the log, whatever a file's name in it holds (one_line.py); a
    traceback, when one is logged, follows on lines of its own."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return one_line(super().formatMessage(record))


def _log_to_stderr(verbosity: int, log_file: Path | None) -> None:
    formatter = _OneLineFormatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S")
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
