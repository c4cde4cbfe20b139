"""The limits around one rendering: what is raised in the rendering thread, when, and that
nothing of the watch outlives it (templates.py turns what is raised into a TemplateProblem,
tested in test_templates.py and test_template_bounds.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from vaultkit.render import templates
from vaultkit.render.sandbox import limits as limits_module
from vaultkit.render.sandbox.limits import OutOfTime, _Watched, limits

GIVE_UP_SECONDS = 30  # a guard against a hang, never reached when the limits work


def _step() -> None:
    pass


def spin_until_raised() -> None:
    """Run Python bytecode (where an exception from another thread lands) until one does. A
    call at each step: the traced limits look at each call of a Python function."""
    given_up = time.monotonic() + GIVE_UP_SECONDS
    while time.monotonic() < given_up:
        _step()
    raise AssertionError("nothing was raised")


def test_the_watch_raises_in_the_rendering_thread_and_past_an_except_exception():
    with pytest.raises(OutOfTime), limits(0.05):
        try:
            spin_until_raised()
        except Exception:  # as a filter's or Jinja's own handler would
            pytest.fail("OutOfTime was caught as an Exception")


def threads_back_to(count: int) -> bool:
    """Whether the thread count comes back to `count`: a watcher whose exception landed in
    __exit__ is not joined there, and ends by itself just after raising it."""
    given_up = time.monotonic() + GIVE_UP_SECONDS
    while threading.active_count() != count and time.monotonic() < given_up:
        time.sleep(0.001)
    return threading.active_count() == count


def test_no_watcher_thread_outlives_its_rendering():
    before = threading.active_count()
    with limits(5):
        assert threading.active_count() == before + 1
    assert threading.active_count() == before
    with pytest.raises(OutOfTime), limits(0.01):
        spin_until_raised()
    assert threads_back_to(before)


def test_once_the_rendering_has_left_its_limits_nothing_more_is_raised():
    """With a raiser that only records, the watcher raises once, in the rendering thread, and
    then no more. With the real one, what was raised as a rendering ended never lands in the
    code after it."""
    told: list[tuple[int, type[BaseException]]] = []
    watched = _Watched(0.0, lambda thread, exc: told.append((thread, exc)))
    with watched:
        given_up = time.monotonic() + GIVE_UP_SECONDS
        while not told and time.monotonic() < given_up:
            time.sleep(0.001)
        time.sleep(0.05)  # several more looks' time
    assert told == [(threading.get_ident(), OutOfTime)]
    assert not watched.watcher.is_alive()
    before = threading.active_count()
    for deadline in (0.0, 0.0005, 0.001, 0.002) * 25:
        try:
            with limits(deadline):
                for _ in range(2000):
                    _step()
        except OutOfTime:
            pass
        for _ in range(20000):  # where a late one would land
            _step()
    assert threads_back_to(before)


def test_a_traced_rendering_after_a_watched_one_is_still_stopped():
    """Taking back a raised exception with PyThreadState_SetAsyncExc(NULL) left CPython looking
    for one at every jump back, and the next traced thread looped there forever: run in a child
    with a timeout, since the failure is a hang."""
    child = textwrap.dedent("""
        import time
        import vaultkit.render.sandbox.limits as limits_module
        def step():
            pass
        def spin():
            while True:
                step()
        for raiser in (limits_module._raiser, lambda: None):
            limits_module._raiser = raiser
            try:
                with limits_module.limits(0.05):
                    spin()
            except limits_module.OutOfTime:
                print("stopped")
    """)
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.split() == ["stopped", "stopped"], done.stderr


def test_an_interpreter_that_cannot_raise_in_a_thread_is_traced(monkeypatch):
    monkeypatch.setattr(limits_module, "_raiser", lambda: None)
    before = threading.active_count()
    with pytest.raises(OutOfTime), limits(0.05):
        spin_until_raised()
    assert threading.active_count() == before


@pytest.mark.parametrize("where", ["wait", "set"], ids=["starting the watch", "ending it"])
def test_a_signals_exception_in_the_watch_itself_leaves_nothing_armed(where, monkeypatch):
    """Ctrl-C, or the daemon's stop (stop_signals raises from a signal's handler), landing in
    the watcher's start or in __exit__ before it ends the watch: nothing is raised in the code
    after the rendering, where the daemon saves its index. Simulated by a trace hook raising at
    the first call of threading's Event.wait (in Thread.start) or Event.set (in end)."""

    class Interrupted(BaseException):
        pass

    run("warm")  # ctypes imported first, outside the hook
    monkeypatch.setattr(templates, "RENDER_SECONDS", 0.05)
    armed = [True]

    def hook(frame, event, arg):
        code = frame.f_code
        in_threading = code.co_filename.endswith("threading.py")
        if armed[0] and event == "call" and code.co_name == where and in_threading:
            armed[0] = False
            sys.settrace(None)
            raise Interrupted

    sys.settrace(hook)
    try:
        with pytest.raises(Interrupted):
            run("{{ title }}")
    finally:
        sys.settrace(None)
    assert not armed[0]
    past = time.monotonic() + 0.3  # six times the deadline
    while time.monotonic() < past:
        _step()


def run(text: str) -> str:
    now = dt.datetime(2026, 11, 22, 9, 5)
    context = {"title": "My note", "date": now.date(), "now": now}
    formats = {"date": "YYYY-MM-DD", "time": "HH:mm", "daily": "YYYY-MM-DD"}
    return templates.render(
        templates.Template("t", "Templates/t.md", text), context, date_formats=formats
    )
