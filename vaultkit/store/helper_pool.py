"""The helper processes a big read shares its notes with (parallel_read.py): how many, started
how, and started ahead of the read when the command knows one is coming.

The daemon's helpers are spawned (a new interpreter), never forked from it: the daemon has
threads (file events, timers), and a fork copies their locks in whatever state they are in.
A fork server would be quicker to start helpers from, but would stay behind for the daemon's
life, holding memory; spawned helpers end with the read. A spawned helper imports the main
module again, so only a program whose main module is import-safe asks for helpers (the
command line does: load_vault's `parallel`). `vaultkit run` starts its helpers before it
starts any thread, and forks them then (_may_fork).

Apart from the reading itself, so that a command can start its helpers before it has imported
the parser, the index cache or the settings: each of those imports is time the helpers spend
starting instead of the command waiting for them.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable

# Below this many notes one process is quicker: a helper takes 0.1-0.25 s to start
# (a new interpreter), as long as one process takes to read ~1,000 notes (measured on 2 cores).
MIN_NOTES = 4000

# Helpers started ahead of a read (start_ahead), for the read to take (take_ahead).
_ahead: list[cf.ProcessPoolExecutor] = []
_ahead_lock = threading.Lock()
# How to let go of work begun ahead with those helpers (parallel_read.begin_ahead) that no
# read has taken up yet: let go with the helpers (release_ahead).
_held: list[Callable[[], None]] = []


def helpers_wanted(count: int) -> int:
    """How many helper processes to read `count` notes with: one per core beyond this one."""
    if count < MIN_NOTES:
        return 0
    return max(0, min((os.cpu_count() or 1) - 1, count // MIN_NOTES))


def start_ahead(count: int) -> None:
    """Start now the helpers a read of `count` notes will want, for a read that is sure to
    come: the read takes them, or lets them go when it wants none after all (release_ahead).
    Forked (_may_fork), they are there at once; spawned, each takes 0.1-0.2 s to start (a new
    interpreter), in the background, while the command does what it does before that read
    (its stamp, its imports, the walk) instead of reading alone."""
    helpers = helpers_wanted(count)
    with _ahead_lock:
        if not helpers or _ahead:
            return
        forked = _may_fork()
        pool = new_pool(helpers, fork=forked)
        _ahead.append(pool)
    if not forked:
        threading.Thread(target=_warm, args=(pool, helpers), daemon=True).start()
        return
    # Forked here and now, while this is the process's one thread; with the stop signals
    # blocked meanwhile, as the thread that spawns helpers has them.
    previous = block_stop_signals()
    try:
        _start(pool, helpers)
    finally:
        if previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _may_fork() -> bool:
    """Whether helpers may be forked from this process rather than spawned: on Linux, while
    it runs one thread. A fork copies only the thread that forks, and with no other thread
    there is no lock another thread could hold; the child starts at once, holding every
    module already imported, where a spawned helper starts a new interpreter (0.1-0.2 s)
    beside the command's own start. (macOS's system libraries are not safe to use after a
    fork at all; the daemon has threads: both spawn.)"""
    return sys.platform == "linux" and threading.active_count() == 1


def release_ahead() -> None:
    """Let helpers started ahead go, unused (none left: nothing to do), and any work begun
    ahead with them that no read took up."""
    pool = take_ahead()
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
    with _ahead_lock:
        held = _held[:]
        _held.clear()
    for let_go in held:
        let_go()


def hold_ahead(let_go: Callable[[], None]) -> None:
    """Work begun ahead, and how to let go of it if no read takes it up (release_ahead)."""
    with _ahead_lock:
        _held.append(let_go)


def drop_hold(let_go: Callable[[], None]) -> None:
    """The work held by hold_ahead is taken up (or let go) by the read: no longer held."""
    with _ahead_lock:
        if let_go in _held:
            _held.remove(let_go)


def take_ahead() -> cf.ProcessPoolExecutor | None:
    """The helpers started ahead, for the read to use; None when none were."""
    with _ahead_lock:
        return _ahead.pop() if _ahead else None


def new_pool(helpers: int, *, fork: bool = False) -> cf.ProcessPoolExecutor:
    context = multiprocessing.get_context("fork" if fork else "spawn")
    return cf.ProcessPoolExecutor(helpers, mp_context=context, initializer=_helper_start)


def _warm(pool: cf.ProcessPoolExecutor, helpers: int) -> None:
    """A thread's work: start the helpers with the stop signals blocked."""
    block_stop_signals()
    _start(pool, helpers)


def _start(pool: cf.ProcessPoolExecutor, helpers: int) -> None:
    """Start each helper (a pool starts one at each piece of work it is given, or, forking,
    all of them at the first)."""
    with contextlib.suppress(Exception):  # none started: the read starts its own, or reads here
        for _ in range(helpers):
            pool.submit(_ready)


def _ready() -> None:
    """The work that starts a helper: importing the reader, which imports the parser."""
    import vaultkit.store.parallel_read  # noqa: F401


def block_stop_signals() -> set[int | signal.Signals] | None:
    """In a thread that starts helpers: a helper starts with the signal mask of the thread
    that started it. Blocked, a Ctrl-C sent to the terminal's whole group never reaches a
    helper still starting up (which would print a traceback). The command's threads keep
    theirs (the command's own thread, when it forks its helpers, puts back the mask this
    returns). None where signals cannot be blocked."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})


def _helper_start() -> None:
    """In each helper, first. Ctrl-C and a stop are for the command, which tells its helpers
    when to end (a terminal sends SIGINT to every process of the group, a service manager
    SIGTERM); where signals cannot be blocked before a helper starts (parallel_read's
    hand-out), from here on. And a helper ends with the command: one killed outright (SIGTERM
    has no handler in `vaultkit run`) tells its helpers nothing, and they would wait for work
    forever.

    The garbage collector is off in a helper: what a helper makes (notes, their items, the
    pickles sent back) holds no cycle, and is freed by reference counting as each chunk is
    sent; the collector would only walk each chunk's notes again and again while they are
    made (a tenth of a helper's time)."""
    gc.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_end_with_the_command, daemon=True).start()


def _end_with_the_command() -> None:
    command = multiprocessing.parent_process()
    if command is not None:
        command.join()  # returns once the command's process is gone
        os._exit(1)
