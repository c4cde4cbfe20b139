"""`vaultkit run`: one pass over the vault, or none when nothing changed since the last one
that had nothing to do (store/run_stamp.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from vaultkit.cli.context import Context
from vaultkit.cli.exits import Ending, end, finish
from vaultkit.cli.options import Command


@click.command(cls=Command)
@click.option("--dry-run", is_flag=True, help="Print the changes as diffs and write nothing.")
@click.pass_obj
def run(context: Context, dry_run: bool) -> None:
    """One pass: today's page, new prompt notes, trigger lines, ticks, the agenda.

    Exit status 0 when done, 1 when a file was skipped or a write was put off
    (a note edited in the last few seconds is never touched), 2 on a usage or
    configuration error.

    \b
    Example:
      vaultkit run --dry-run
    """
    from vaultkit.store.cache_dir import has_index
    from vaultkit.store.helper_pool import MIN_NOTES, release_ahead, start_ahead
    from vaultkit.store.walk import notes_near_top

    root = context.root()
    first_read = not has_index(root)
    if first_read:  # every note is read afresh: helpers start before anything else is imported
        start_ahead(notes_near_top(root, MIN_NOTES))
    try:
        _pass(context, root, dry_run, first_read)
    finally:
        # Helpers the read never took (a Ctrl-C before it, a stamp with nothing to do) are let
        # go now: left to the interpreter's exit, they were shut down after the modules their
        # pool needs were gone, and a Ctrl-C printed a traceback under "Aborted!".
        release_ahead()


def _pass(context: Context, root: Path, dry_run: bool, first_read: bool) -> None:
    from vaultkit.store.run_stamp import RunStamp

    stamp = None  # a dry run never ends early, and keeps and forgets no stamp
    if first_read and not dry_run:
        # No stamp before a first read: taking it would hold up the read, most of such a run,
        # while the helpers wait; and the read writes the index, which the stamp holds, so
        # the run after it takes the stamp worth keeping. Only the last run's stamp is ever a
        # promise: one kept before is forgotten.
        RunStamp.forget(root)
    elif not dry_run:
        stamp = RunStamp.take(root, context.today)
        if stamp.same_as_last():
            end(Ending.DONE)  # what the pass would do: nothing, and say nothing
    with _warnings_logged() as logged:
        walk = None
        if first_read:  # the helpers read while the rest is imported (first_read.py)
            from vaultkit.store.first_read import begin_first_read

            walk = begin_first_read(root, context.config(root))
        from vaultkit.app.tend import compile_layouts_ahead, run_pass

        compiling = compile_layouts_ahead() if first_read else None
        vault = context.vault(walk)
        if compiling is not None:
            compiling.join()  # so that the pass never compiles the same template beside it
        report = run_pass(vault, context.today, dry_run=dry_run, now=context.now)
    if stamp is not None:
        from vaultkit.settings.paths import named_paths

        named = named_paths(context.config(root))
        stamp.settle(report.empty and not context.lines_said and not logged(), named)
    finish(context, report)


@contextmanager
def _warnings_logged() -> Iterator[Callable[[], int]]:
    """How many warnings and errors were logged meanwhile (a cache that could not be
    written, say): a pass that logged one did not have nothing to say. Counted by a filter,
    which passes every record on: a handler would take the place of Python's last resort,
    and the warnings would no longer reach stderr."""
    count = 0

    def counted(record: logging.LogRecord) -> bool:
        nonlocal count
        count += record.levelno >= logging.WARNING
        return True

    logger = logging.getLogger("vaultkit")
    logger.addFilter(counted)
    try:
        yield lambda: count
    finally:
        logger.removeFilter(counted)
