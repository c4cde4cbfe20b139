"""Stopping a rendering that runs too long or raises the process's peak memory too far."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import FrameType, ModuleType
from typing import Any, Self

_resource: ModuleType | None
try:
    import resource as _resource
except ImportError:  # POSIX only; without it the memory watch is left out
    _resource = None

# Many objects, each allowed, kept at once (appended to a list, nested in list literals): how far
# a rendering may raise the process's peak memory, looked at every millisecond. Not a count of
# what the operations made, which would also count what was dropped again at once (a text built
# line by line with `~` in a loop).
MAX_RENDER_MEMORY = 128 << 20
MEMORY_PROBE_SECONDS = 0.001

# What sys.settrace takes: called with a frame, an event and its argument, it hands back the
# function to trace that frame's lines with, or None.
_Tracer = Callable[[FrameType, str, Any], Any]


class OutOfTime(Exception):
    pass


class OutOfMemory(Exception):
    pass


def _peak_memory() -> int:
    """This process's peak resident memory in bytes; 0 where it cannot be read. On Linux from
    /proc (VmHWM): ru_maxrss also counts the peak of the process that started this one (Linux
    keeps it across exec), which would let a rendering grow by that much more."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    if _resource is None:
        return 0
    peak: int = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class Limits:
    """Stops a template's code once `seconds` have passed or once the process's peak memory has
    grown by MAX_RENDER_MEMORY.

    The sandbox keeps a template from reaching anything, but not from looping: Jinja's `range`
    is capped, yet two nested loops still run for hours, and Python cannot stop a thread from
    outside. A trace function can: it runs in the rendering thread, and what it raises is
    raised inside the template's frame. Only the template's own frames (compiled from
    "<template>") are traced line by line, and only while it renders. The memory it looks at is
    the peak, which only grows: a check between two looks still sees what was made between."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> Self:
        self.at = time.monotonic() + self.seconds
        self.memory_at = _peak_memory() + MAX_RENDER_MEMORY
        self.probe_at = 0.0
        self.previous = sys.gettrace()
        sys.settrace(self._on_call)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self.previous)

    def _on_call(self, frame: FrameType, event: str, arg: Any) -> _Tracer | None:
        self._check()
        return self._on_line if frame.f_code.co_filename == "<template>" else None

    def _on_line(self, frame: FrameType, event: str, arg: Any) -> _Tracer:
        if event == "line":
            self._check()
        return self._on_line

    def _check(self) -> None:
        now = time.monotonic()
        if now > self.at:
            raise OutOfTime
        if now >= self.probe_at:
            self.probe_at = now + MEMORY_PROBE_SECONDS
            if _peak_memory() > self.memory_at:
                self.probe_at = 0.0  # and again at the next look, should this be caught
                raise OutOfMemory
