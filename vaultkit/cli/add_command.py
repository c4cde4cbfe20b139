"""`vaultkit add`: a line at the end of today's page. Never loses the line: whatever stops it,
the line is printed back to keep or add again."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from vaultkit.app.command_errors import Refused
from vaultkit.cli.context import Context
from vaultkit.cli.exits import Ending, end, one_off, stop
from vaultkit.cli.options import Command, typed
from vaultkit.settings.errors import ConfigError

if TYPE_CHECKING:
    from vaultkit.app.adding import Waiting
    from vaultkit.settings.config import Config


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


_NOTHING_TO_ADD = (
    'nothing to add: give the text, as in `vaultkit add "a walk by the river"`, '
    "or pipe it in: `echo … | vaultkit add -`"
)


@click.command(cls=Command)
@click.argument("text", nargs=-1)
@click.pass_obj
def add(context: Context, text: tuple[str, ...]) -> None:
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
    from vaultkit.app.adding import daily_path, line_for

    if text == ("-",) or (not text and not stdin_is_terminal()):
        stdin = getattr(sys.stdin, "buffer", None)
        words = typed(stdin.read()) if stdin is not None else typed(sys.stdin.read())
    elif not text:
        end(Ending.CANNOT, _NOTHING_TO_ADD)
    else:
        words = typed(" ".join(text))
    try:
        try:
            root = context.root()
            config = context.config(root)
        except (Refused, ConfigError) as exc:
            stop(exc)
    except SystemExit:
        if words.strip():  # no vault, or its settings are broken: the line is still theirs
            click.echo(
                f"Your line was not added. Here it is, to keep or add again:\n{words.strip()}",
                err=True,
            )
        raise
    added = line_for(words, config, context.now)
    if not added:
        end(Ending.CANNOT, _NOTHING_TO_ADD)
    rel = daily_path(config, context.today)
    try:
        try:
            _add_line(context, root, config, rel, added)
        except (Refused, ConfigError) as exc:
            stop(exc)
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


def _give_back(rel: str, added: str, reason: str) -> NoReturn:
    # Never lose what was typed: it is printed back, to add again or keep.
    end(
        Ending.TROUBLE,
        f"{rel}: your line was not added: {reason}. Here it is, to keep or add again:\n{added}",
        nl=False,
    )


def _add_line(context: Context, root: Path, config: Config, rel: str, added: str) -> NoReturn:
    from vaultkit.app.adding import add_when_quiet, add_with_new_page

    if not os.path.lexists(root / rel):
        page = add_with_new_page(context.vault(), rel, added, context.today, context.now)
        for line in page.created:
            context.say(line)
        for problem in page.problems:
            context.warn(problem)
        if page.failed is not None:
            context.warn(one_off(page.failed))
            _give_back(rel, added, "today's page could not be made")
        if page.added:
            context.say(f"added to {rel}")
            end(Ending.DONE)

    def waiting(wait: Waiting) -> None:
        if context.verbosity >= 0:
            click.echo(
                f"{rel}: saved {wait.saved_ago:.1f} s ago; adding your "
                f"line once it has rested, in {wait.seconds:.0f} s",
                err=True,
            )

    reason = add_when_quiet(root, rel, added, config, waiting)
    if reason is None:
        context.say(f"added to {rel}")
        end(Ending.DONE)
    _give_back(rel, added, one_off(reason).replace("run it again in", "try again in"))
