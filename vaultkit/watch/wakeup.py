"""How the daemon's loop sleeps: on a pipe that events, stops and signals write to, so it
sleeps until there is something to do and no longer (no polling while idle)."""

from __future__ import annotations

import contextlib
import os
import select


class Wakeup:
    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)

    def wake(self) -> None:
        # A full pipe already means "wake up"; a closed one means we are done.
        with contextlib.suppress(OSError):
            os.write(self._write, b".")

    def sleep(self, seconds: float) -> None:
        """Sleep up to `seconds`, less if woken."""
        select.select([self._read], [], [], max(0.0, seconds))
        try:
            while os.read(self._read, 4096):
                pass
        except BlockingIOError:
            pass

    def close(self) -> None:
        os.close(self._read)
        os.close(self._write)
