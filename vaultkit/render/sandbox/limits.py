"""Stopping a rendering that runs too long or raises the process's peak memory too far."""

from __future__ import annotations

import functools
import sys
import threading
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
# Raises an exception (a class) in the thread of that id, at its next bytecode.
_Raiser = Callable[[int, type[BaseException]], object]


# BaseException: raised wherever the rendering is, they must not be caught there by an
# `except Exception` of Jinja's or of a filter's on their way out to templates.render.
class OutOfTime(BaseException):
    pass


class OutOfMemory(BaseException):
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


@functools.cache
def _raiser() -> _Raiser | None:
    """CPython's PyThreadState_SetAsyncExc, which raises an exception in another thread at its
    next bytecode; None on an interpreter without it. Imported at the first rendering: ctypes
    is not needed by a command that renders nothing."""
    try:
        import ctypes

        set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):
        return None

    def raise_in(thread: int, exc: type[BaseException]) -> object:
        return set_async_exc(ctypes.c_ulong(thread), ctypes.py_object(exc))

    return raise_in


def limits(seconds: float) -> _Watched | _Traced:
    """Stops a template's code once `seconds` have passed or once the process's peak memory has
    grown by MAX_RENDER_MEMORY: watched from another thread where the interpreter can raise in
    one, else traced."""
    raise_in = _raiser()
    return _Watched(seconds, raise_in) if raise_in is not None else _Traced(seconds)


class _Watched:
    """The limits, watched from a thread of their own that raises OutOfTime or OutOfMemory in
    the rendering thread.

    The sandbox keeps a template from reaching anything, but not from looping: Jinja's `range`
    is capped, yet two nested loops still run for hours, and Python cannot stop a thread from
    outside but by this. It costs the rendering nothing while it runs (the trace function of
    _Traced made a rendering of the agenda four times as slow). The watcher looks every
    millisecond it gets (the rendering thread hands over the interpreter every few) and raises
    once: nothing a template reaches catches a BaseException and goes on (Jinja's own
    handlers catch Exception), and wherever the one exception lands, in the template or in
    __exit__, it ends the rendering, and nothing is left to land after it. The memory it looks
    at is the peak, which only grows: a look between two still sees what was made between."""

    def __init__(self, seconds: float, raise_in: _Raiser) -> None:
        self.seconds = seconds
        self.raise_in = raise_in
        # Made here, not in __enter__, so that end() works however early a signal's exception
        # cut __enter__ short. The lock is held while raising, and by end() while it ends the
        # watch: nothing is raised in the rendering thread once it has left the limits but
        # what end() drops.
        self.lock = threading.Lock()
        self.over = threading.Event()
        self.raised = False
        self.watcher = threading.Thread(target=self._watch, name="vaultkit-limits", daemon=True)

    def __enter__(self) -> Self:
        self.at = time.monotonic() + self.seconds
        self.memory_at = _peak_memory() + MAX_RENDER_MEMORY
        self.rendering = threading.get_ident()
        try:
            self.watcher.start()
        except BaseException:  # a signal's (Ctrl-C, the daemon's stop) while it starts
            self.end(join=False)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.end()

    def end(self, *, join: bool = True) -> None:
        """End the watch: nothing is raised in the rendering thread once this has returned.
        Called again by whoever entered the limits, once they are left (templates.render):
        an exception a signal's handler raises can land in __exit__ before it gets here. The
        watcher is waited for only when its start was not cut short, as a thread whose start
        was interrupted may never get going; it ends by itself, as soon as it looks."""
        with self.lock:
            self.over.set()
            raised = self.raised
        if raised:
            _drop_one_not_raised_yet()
        if join and self.watcher.ident is not None:
            self.watcher.join()

    def _watch(self) -> None:
        while not self.over.wait(MEMORY_PROBE_SECONDS):
            if time.monotonic() > self.at:
                problem: type[BaseException] = OutOfTime
            elif _peak_memory() > self.memory_at:
                problem = OutOfMemory
            else:
                continue
            with self.lock:
                if not self.over.is_set():
                    self.raised = True
                    self.raise_in(self.rendering, problem)
            # One exception, never two: a second could land in __exit__ before it ends the
            # watch, and a third after the rendering has gone.
            return


def _drop_one_not_raised_yet() -> None:
    """What the watcher raised just as the rendering ended, and has not landed yet, lands here
    (at the loop's jump back, where the interpreter looks for it) and is dropped. Taking it back
    with PyThreadState_SetAsyncExc(NULL) instead leaves CPython 3.11 looking for one at every
    jump back for good, and a thread being traced loops forever on that look."""
    try:
        for _ in range(2):
            pass
    except (OutOfTime, OutOfMemory):
        pass


class _Traced:
    """The limits, checked by a trace function in the rendering thread: what it raises is
    raised inside the template's frame. Only the template's own frames (compiled from
    "<template>") are traced line by line, and only while it renders."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.previous = sys.gettrace()

    def __enter__(self) -> Self:
        self.at = time.monotonic() + self.seconds
        self.memory_at = _peak_memory() + MAX_RENDER_MEMORY
        self.probe_at = 0.0
        sys.settrace(self._on_call)
        return self

    def __exit__(self, *exc: object) -> None:
        self.end()

    def end(self, *, join: bool = True) -> None:
        """As _Watched.end: the previous trace function back (again, if need be)."""
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
