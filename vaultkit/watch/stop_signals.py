"""Stopping the daemon on SIGINT and SIGTERM: asked politely first, then cut short, but never
in the middle of a write nor while what was read is being saved."""

from __future__ import annotations

import signal
from typing import Any, Protocol

# A stop is first asked for politely: the loop looks at the flag between files and writes.
# Work that has not come back by then is interrupted, unless a write is under way.
STOP_GRACE_SECONDS = 0.5


class Interrupted(BaseException):
    """Raised in the main thread when a stop was asked for and the work in hand did not come
    back to the loop in time (a note of megabytes being parsed). A BaseException, so no handler
    for errors catches it on its way out."""


class Stoppable(Protocol):
    finishing: bool  # saving what it has on the way out: a late alarm must not cut it

    def stop(self) -> None: ...
    def stopping(self) -> bool: ...
    def writing(self) -> bool: ...


def handle_signals(daemon: Stoppable) -> None:
    """SIGINT and SIGTERM stop `daemon` within STOP_GRACE_SECONDS and a write (main thread
    only, where its run() must then be called)."""

    def on_stop(*_: Any) -> None:
        if not daemon.stopping():
            signal.setitimer(signal.ITIMER_REAL, STOP_GRACE_SECONDS)
        daemon.stop()

    def on_alarm(*_: Any) -> None:
        if daemon.finishing:
            return  # already on the way out: the index is being saved
        if daemon.writing():
            signal.setitimer(signal.ITIMER_REAL, 0.02)  # a write is never cut: look again
            return
        raise Interrupted

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_stop)
    signal.signal(signal.SIGALRM, on_alarm)
