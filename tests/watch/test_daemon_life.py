"""The daemon's life: it starts, keeps going through trouble, notices what its events missed,
turns the day at midnight, stays one per vault, stops cleanly, and tells what it does.

Everything runs on a real watchdog observer (or one that deliberately hears nothing, to prove
the rescans) and a temp vault. Tests wait on conditions with timeouts, never on luck.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import re
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

import vaultkit.store.parallel_read
import vaultkit.store.vault
import vaultkit.watch.changes
from support.daemon import (
    AGENDA,
    FRIDAY,
    SATURDAY,
    Running,
    agenda_text,
    make_vault,
    save_in_place,
    two_day_vault,
    wait_for,
)
from vaultkit.store.lock import LockHeld
from vaultkit.store.temp_files import is_temp_name
from vaultkit.watch.daemon import Daemon
from vaultkit.watch.watching import default_observer


@pytest.fixture
def vault(tmp_path):
    return two_day_vault(tmp_path / "v")


class DeafObserver:
    """An observer that is alive and hears nothing: what the daemon has when the kernel drops
    every event, or a network drive sends none. Only rescans can find a change then."""

    emitters: tuple = ()

    def __init__(self):
        self._alive = False

    def start(self):
        self._alive = True

    def stop(self):
        self._alive = False

    def join(self, timeout=None):
        pass

    def is_alive(self):
        return self._alive


def deaf(mode, root, handler):
    observer = DeafObserver()
    observer.start()
    return observer


# --- 1. trouble with one file -----------------------------------------------------------------


def test_an_error_on_one_note_is_logged_and_the_others_still_reach_the_agenda(vault, monkeypatch):
    """One note that cannot be read must not leave the person's other notes untended."""
    real_read = vaultkit.watch.changes.read_note

    def flaky(root, rel):
        if rel == FRIDAY:
            raise RuntimeError("the disk hiccuped")
        return real_read(root, rel)

    with Running(vault) as running:
        assert "Ask about sleep" in agenda_text(vault)
        monkeypatch.setattr(vaultkit.watch.changes, "read_note", flaky)
        # Both saved together, so both are looked at in the same batch: the bad one must not
        # stop the batch either.
        save_in_place(vault / FRIDAY, "# Friday\n\nAsk about sleep #next\nAnd dreams\n")
        save_in_place(
            vault / SATURDAY, "# Saturday\n\nA walk by the river.\nThe letter to Dad #next\n"
        )
        running.wait_text(AGENDA, "The letter to Dad", timeout=15)
        errors = wait_for(lambda: running.lines(f"error {FRIDAY}"), 10, "the error line")
        assert "the disk hiccuped" in errors[0]
        # And it goes on: a later edit is still tended.
        save_in_place(
            vault / SATURDAY,
            "# Saturday\n\nA walk by the river.\nThe letter to Dad #next\nCall the clinic #next\n",
        )
        running.wait_text(AGENDA, "Call the clinic", timeout=15)
    assert running.error is None


def test_a_step_that_fails_once_is_logged_and_the_next_edit_is_tended(vault, monkeypatch):
    """A failure in a whole step (not one file) must not end the loop: a daemon that died
    quietly would leave the person believing their vault is tended."""
    import vaultkit.app.tend

    real_update = vaultkit.app.tend.update_agenda
    failures = []

    def once(tender):
        if not failures:
            failures.append(1)
            raise RuntimeError("out of file handles")
        return real_update(tender)

    with Running(vault) as running:
        monkeypatch.setattr(vaultkit.app.tend, "update_agenda", once)
        save_in_place(vault / SATURDAY, "# Saturday\n\nThe first try #next\n")
        errors = wait_for(
            lambda: running.lines("error while tending the vault"), 15, "the error line"
        )
        assert "out of file handles" in errors[0]
        assert "The first try" not in agenda_text(vault)
        save_in_place(vault / SATURDAY, "# Saturday\n\nThe first try #next\nThe second #next\n")
        running.wait_text(AGENDA, "The second", timeout=15)
        assert running.thread.is_alive()
    assert running.error is None


# --- 2. a rescan at start ---------------------------------------------------------------------


def test_a_note_edited_while_no_daemon_ran_is_tended_at_start(vault):
    """Between runs there are no events at all: the first pass must find what changed."""
    with Running(vault) as running:
        wait_for(running.idle, what="the first pass to settle")
    assert "{{letter}}" not in (vault / SATURDAY).read_text("utf-8")

    (vault / SATURDAY).write_text("# Saturday\n\nThe fight #next\n\n{{letter}}\n", "utf-8")
    os.utime(vault / SATURDAY, (time.time() - 60, time.time() - 60))  # long quiet
    with Running(vault) as running:
        # ready is set once the first pass is done: no waiting needed, it is already there.
        text = (vault / SATURDAY).read_text("utf-8")
        assert "{{letter}}" not in text and "This letter is not meant to be sent." in text
        assert "The fight" in agenda_text(vault)
        assert running.actions("expanded", SATURDAY)


# --- 3, 4. rescans find what events missed ----------------------------------------------------


def test_the_periodic_rescan_finds_an_edit_no_event_told_of(vault):
    vault_toml = vault / "vaultkit.toml"
    vault_toml.write_text(
        vault_toml.read_text("utf-8") + "[watch]\nrescan_minutes = 0.02\n", "utf-8"
    )
    with Running(vault, observer_factory=deaf) as running:
        assert isinstance(running.daemon.watching.observer, DeafObserver)
        save_in_place(vault / SATURDAY, "# Saturday\n\nThe new job #next\n")
        running.wait_text(AGENDA, "The new job", timeout=15)
        assert running.lines("event ") == []  # it was the rescan, not an event
        assert running.lines("rescanned:")


def test_the_periodic_rescan_finds_a_note_deleted_without_an_event(vault):
    """A note deleted on another device and synced while events were lost: its #next line
    must leave the agenda all the same."""
    toml = vault / "vaultkit.toml"
    toml.write_text(toml.read_text("utf-8") + "[watch]\nrescan_minutes = 0.02\n", "utf-8")
    with Running(vault, observer_factory=deaf) as running:
        assert "Ask about sleep" in agenda_text(vault)
        (vault / FRIDAY).unlink()
        running.wait_text(AGENDA, "Ask about sleep", timeout=15, present=False)


def test_lost_events_ask_for_a_rescan(vault):
    """watchdog tells of an inotify overflow only in a log line; that line must bring a
    rescan, or the lost edits wait for the next periodic one (ten minutes by default)."""
    with Running(vault, observer_factory=deaf) as running:
        wait_for(running.idle, what="the first pass to settle")
        save_in_place(vault / SATURDAY, "# Saturday\n\nMy sister's visit #next\n")
        assert running.lines("rescanned:") == []
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; some events were lost"
        )
        running.wait_text(AGENDA, "My sister's visit", timeout=15)
        assert running.lines("rescanned:")


# --- 7. polling by choice ---------------------------------------------------------------------


def test_polling_by_setting(tmp_path):
    vault = make_vault(
        tmp_path / "v", {FRIDAY: "# Friday\n"}, extra_toml="[watch]\npolling = true\n"
    )
    with Running(vault) as running:
        assert running.daemon.watching.mode == "polling"
        save_in_place(vault / FRIDAY, "# Friday\n\nThe panic on the bus #next\n")
        running.wait_text(AGENDA, "The panic on the bus", timeout=20)
        assert running.lines("event ")  # heard by the poller


# --- 5, 6. when native events fail --------------------------------------------------------------


def test_past_the_watch_limit_it_polls_and_says_so_once(vault):
    """A big vault on a system with a low inotify limit: polling, not deafness, and one
    warning that says how to fix it."""
    asked = []

    def limited(mode, root, handler):
        asked.append(mode)
        if mode == "native":
            raise OSError(errno.ENOSPC, "inotify watch limit reached")
        return default_observer(mode, root, handler)

    with Running(vault, observer_factory=limited) as running:
        assert running.daemon.watching.mode == "polling"
        assert asked == ["native", "polling"]
        save_in_place(vault / SATURDAY, "# Saturday\n\nThe move to Leeds #next\n")
        running.wait_text(AGENDA, "The move to Leeds", timeout=20)
    limit_lines = [line for line in running.lines("warning: ") if "limit" in line]
    assert len(limit_lines) == 1, limit_lines
    assert "inotify watch limit reached" in limit_lines[0]
    assert "max_user_watches" in limit_lines[0]


def test_an_other_observer_error_is_not_taken_for_the_limit(vault):
    """Only the watch limit means "poll instead"; any other failure to watch is the caller's
    to report, not to be hidden behind a poller."""
    asked = []

    def broken(mode, root, handler):
        asked.append(mode)
        raise OSError(errno.EACCES, "permission denied")

    with pytest.raises(PermissionError):
        Daemon(vault, observer_factory=broken).run()
    assert asked == ["native"]


def test_when_file_events_stop_arriving_it_polls(vault):
    """watchdog's emitter thread ends on an error, silently. The health check must notice,
    switch to polling and rescan, or every later save goes untended."""
    with Running(vault, health_seconds=0.2) as running:
        assert running.daemon.watching.mode == "native"
        native = running.daemon.watching.observer
        native.stop()
        native.join(5)
        wait_for(lambda: running.daemon.watching.mode == "polling", 10, "the switch to polling")
        lines = wait_for(
            lambda: running.lines("warning: file events stopped arriving"), 10, "the warning"
        )
        assert len(lines) == 1
        save_in_place(vault / SATURDAY, "# Saturday\n\nThe new medication #next\n")
        running.wait_text(AGENDA, "The new medication", timeout=20)
        time.sleep(0.5)  # several more health checks on the poller
        assert len(running.lines("warning: file events stopped arriving")) == 1


# --- 8. midnight --------------------------------------------------------------------------------


def test_at_midnight_the_new_days_page_appears(vault):
    """The day is not pinned: the daemon's clock says it is a moment before midnight, and the
    next day's page must appear without any save to wake the daemon."""
    almost = dt.datetime(2026, 11, 22, 23, 59, 58, 500000).timestamp()  # local time
    shift = almost - time.time()
    with Running(vault, today=None, clock=lambda: time.time() + shift) as running:
        assert running.daemon.pinned_day is None
        # The start made the page of the day it was then (the test's premise).
        assert (vault / "Journal/2026-11-22.md").exists()
        running.wait_action("created", "Journal/2026-11-23.md", timeout=15)
        assert (vault / "Journal/2026-11-23.md").exists()
        assert running.lines("a new day: 2026-11-23")
        assert len(running.lines("a new day")) == 1


# --- 9. one per vault ---------------------------------------------------------------------------


def cli_env(tmp_path) -> dict[str, str]:
    """The test's own environment: the same cache dir (so the same lock) as the daemons it
    starts in threads."""
    env = dict(os.environ)
    env.pop("VAULTKIT_VAULT", None)
    return env


def test_a_second_daemon_for_the_same_vault_is_refused(vault, tmp_path):
    """Two daemons would race each other's writes into the person's notes."""
    with Running(vault) as running:
        assert running.thread.is_alive()
        with pytest.raises(LockHeld) as refused:
            Daemon(vault).run()
        assert f"process {os.getpid()}" in str(refused.value)
        assert "already tending this vault" in str(refused.value)

        done = subprocess.run(
            [sys.executable, "-m", "vaultkit", "--vault", str(vault), "watch"],
            env=cli_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 2, done.stderr
        assert "already tending this vault" in done.stderr
        assert str(os.getpid()) in done.stderr
        assert running.thread.is_alive()  # the first one is untouched


# --- 10. stopping -------------------------------------------------------------------------------


def temp_files(root: Path) -> list[str]:
    return [
        os.path.join(folder, name)
        for folder, _, names in os.walk(root)
        for name in names
        if is_temp_name(name)
    ]


def signal_when(
    process: subprocess.Popen, ready: Callable[[], object], signum: int
) -> tuple[int, float]:
    """Once `ready()` returns, send `signum`: the exit code and the seconds it took to exit.
    The process never outlives the test."""
    try:
        ready()
        sent = time.monotonic()
        process.send_signal(signum)
        code = process.wait(timeout=10)
        return code, time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def start_watch(vault: Path, tmp_path: Path, *options: str, log_name: str = "stderr.log"):
    """`vaultkit watch` in its own process; its stderr goes to a file the test reads."""
    err_path = tmp_path / log_name
    err = open(err_path, "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "--vault", str(vault), *options],
        env=cli_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=err,
    )
    err.close()
    return process, err_path


def read(path: Path) -> str:
    try:
        return path.read_text("utf-8", "replace")
    except FileNotFoundError:
        return ""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_it_cleanly_within_2_s(tmp_path, signum):
    """systemd sends SIGTERM, a terminal Ctrl-C: both must end the daemon promptly, with
    exit status 0 and no half-written file left in the vault."""
    notes = {
        f"Journal/2026-11-{day:02d}.md": f"# Day {day}\n\nThing {day} #next\n\n{{{{letter}}}}\n"
        for day in range(1, 21)
    }
    vault = make_vault(tmp_path / "v", notes)
    process, err_path = start_watch(vault, tmp_path, "watch")

    def ready():
        wait_for(lambda: "watching" in read(err_path), 30, "the 'watching' line")
        # Work to do: the letters are expanded and the agenda written.
        wait_for(
            lambda: f"updated {AGENDA}" in read(err_path) or f"created {AGENDA}" in read(err_path),
            30,
            "the agenda line",
        )

    code, took = signal_when(process, ready, signum)
    assert code == 0, read(err_path)
    assert took < 2.0, f"took {took:.2f} s to stop"
    assert "stopped" in read(err_path)
    assert temp_files(vault) == []
    for rel in notes:
        assert "This letter is not meant to be sent." in (vault / rel).read_text("utf-8")


def test_sigterm_in_the_middle_of_the_first_pass_stops_within_2_s(tmp_path):
    """The service manager stops the daemon while it is busy (a big vault's first pass): it
    must finish the write in hand, leave the rest, and still be gone within 2 s."""
    notes = {f"Letters/{i:03d}.md": f"# To {i}\n\n{{{{letter}}}}\n" for i in range(300)}
    vault = make_vault(tmp_path / "v", notes)
    process, err_path = start_watch(vault, tmp_path, "watch")
    first = vault / "Letters/000.md"
    code, took = signal_when(
        process,
        lambda: wait_for(
            lambda: (
                first.read_text("utf-8") != notes["Letters/000.md"] or process.poll() is not None
            ),
            30,
            "the first expansion",
        ),
        signal.SIGTERM,
    )
    assert code == 0, read(err_path)
    assert took < 2.0, f"took {took:.2f} s to stop"
    untouched = 0
    for rel, original in notes.items():
        text = (vault / rel).read_text("utf-8")
        if text == original:
            untouched += 1
        else:
            assert "{{letter}}" not in text and "This letter is not meant to be sent." in text, rel
    assert untouched > 0, "the signal did not end the batch (or came after it)"
    assert temp_files(vault) == []


def test_sigterm_while_a_huge_note_is_parsed_stops_within_2_s(tmp_path):
    """An 8 MB one-line note costs seconds to read, in one call that never comes back to the
    loop: the stop interrupts it (no write is under way), still exit 0, nothing half done."""
    vault = make_vault(tmp_path / "v", {"Journal/2026-11-20.md": "- [ ] call the clinic #next\n"})
    process, err_path = start_watch(vault, tmp_path, "-v", "watch")
    huge = vault / "Journal" / "2026-11-21.md"

    def ready():
        wait_for(lambda: "watching" in read(err_path), 30, "the 'watching' line")
        wait_for(lambda: f"created {AGENDA}" in read(err_path), 30, "the agenda line")
        huge.write_text("#a " * (8 * 1024 * 1024 // 3), "utf-8")
        wait_for(
            lambda: "event" in read(err_path) and "2026-11-21.md" in read(err_path),
            30,
            "the event for the huge note",
        )
        time.sleep(0.5 + 0.3)  # the quiet period, then into the reading (seconds long)

    code, took = signal_when(process, ready, signal.SIGTERM)
    assert code == 0, read(err_path)
    assert took < 2.0, f"took {took:.2f} s to stop"
    assert "stopped" in read(err_path)
    assert temp_files(vault) == []


# --- 11. stopping in the middle of a big batch --------------------------------------------------


def start_without_waiting(running: Running) -> None:
    """Like entering Running, but without waiting for the first pass: the test acts during it."""
    logger = logging.getLogger("vaultkit")
    logger.addHandler(running.records)
    running._level = logger.level
    logger.setLevel(logging.DEBUG)
    running.thread.start()


def test_stop_in_the_middle_of_a_big_first_pass_leaves_no_half_done_note(tmp_path):
    """A stop while 300 letters are being expanded: the write in hand is finished, the rest
    are left for the next start. No note may be half written and no temp file left behind."""
    notes = {
        f"Letters/{i:03d}.md": f"# To {i}\n\nWhat I never said {i}.\n\n{{{{letter}}}}\n"
        for i in range(300)
    }
    vault = make_vault(tmp_path / "v", notes)
    running = Running(vault)
    start_without_waiting(running)
    try:
        # The log lines come after the pass; the notes on disk show it under way. They are
        # expanded in order, so the first one written means the batch has begun.
        first = vault / "Letters/000.md"
        wait_for(
            lambda: (
                first.read_text("utf-8") != notes["Letters/000.md"] or not running.thread.is_alive()
            ),
            30,
            "the first expansion",
        )
        running.daemon.stop()
        running.thread.join(20)
        assert not running.thread.is_alive(), "run() did not return after stop()"
    finally:
        running.stop()
    assert running.lines("stopped")
    expanded = 0
    for rel, original in notes.items():
        text = (vault / rel).read_text("utf-8")
        if text == original:
            continue
        expanded += 1
        assert "{{letter}}" not in text and "This letter is not meant to be sent." in text, rel
        assert text.startswith(f"# To {rel[8:11].lstrip('0') or '0'}\n"), rel
    assert expanded >= 1
    print(f"{expanded} of 300 expanded before the stop")
    assert expanded < 300, "the stop came too late to test anything"
    assert expanded == len(running.lines("expanded "))  # each written note was logged
    assert temp_files(vault) == []
    # What was left undone is done by the next start.
    with Running(vault) as again:
        pass
    for rel in notes:
        assert "{{letter}}" not in (vault / rel).read_text("utf-8"), rel
    assert len(again.lines("expanded ")) == 300 - expanded


def test_stop_while_a_big_vault_is_read_for_the_first_time(tmp_path, monkeypatch):
    """A first start on a large vault reads for many seconds: a stop meanwhile ends the reading
    at once, writes nothing into the vault, and keeps what was read for the next start."""
    notes = {
        f"Journal/2020-01-{i % 28 + 1:02d} {i:04d}.md": f"# {i}\n\nnote {i} #next\n"
        for i in range(1000)
    }
    vault = make_vault(tmp_path / "v", notes)
    before = {rel: (vault / rel).stat().st_mtime_ns for rel in notes}
    reads = []
    real_read = vaultkit.store.vault.read_note

    def slow_read(root, rel):  # 1000 notes at 5 ms: five seconds of reading
        reads.append(rel)
        time.sleep(0.005)
        return real_read(root, rel)

    for module in (vaultkit.store.vault, vaultkit.store.parallel_read):
        monkeypatch.setattr(module, "read_note", slow_read)
    running = Running(vault)
    start_without_waiting(running)
    try:
        wait_for(lambda: len(reads) > 20, 20, "the reading to begin")
        stopped_at = time.monotonic()
        running.daemon.stop()
        running.thread.join(10)
        took = time.monotonic() - stopped_at
    finally:
        running.stop()
    assert took < 2.0, f"took {took:.2f} s to stop"
    read_first = len(reads)
    assert read_first < 1000, "the reading was over before the stop"
    assert not (vault / AGENDA).exists()  # nothing was written from a part-read vault
    assert {rel: (vault / rel).stat().st_mtime_ns for rel in notes} == before
    # The next start reads only what the first did not.
    reads.clear()
    for module in (vaultkit.store.vault, vaultkit.store.parallel_read):
        monkeypatch.setattr(
            module, "read_note", lambda root, rel: (reads.append(rel), real_read(root, rel))[1]
        )
    with Running(vault) as second:
        known = set(second.daemon.session.vault.notes)
    assert len([rel for rel in reads if rel in notes]) <= 1000 - read_first + 1
    assert known >= set(notes)  # every note known, whichever start read it


# --- 12. telling --------------------------------------------------------------------------------


def stop_process(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_log_file_gets_the_log_lines(vault, tmp_path):
    """A daemon run by systemd or launchd: the person reads what it did in the log file."""
    log_file = tmp_path / "vaultkit.log"
    process, err_path = start_watch(vault, tmp_path, "watch", "--log-file", str(log_file))
    try:
        wait_for(lambda: "watching" in read(log_file), 30, "'watching' in the log file")
        save_in_place(vault / SATURDAY, "# Saturday\n\nA walk.\n\n{{letter}}\n")
        wait_for(lambda: f"expanded {SATURDAY}" in read(log_file), 30, "the action line")
    finally:
        code = stop_process(process)
    assert code == 0
    logged = read(log_file)
    assert "stopped" in logged
    assert str(vault.resolve()) in logged  # says which vault it watches
    assert "event " not in logged  # debug detail only with -v
    # And the same lines on stderr.
    assert f"expanded {SATURDAY}" in read(err_path)


def test_each_log_record_is_one_line_whatever_a_name_holds(vault, tmp_path):
    """A note named with a newline and a terminal escape: its warning is one line of the log
    (a line that starts with the time), the name shown escaped, on stderr and in the file."""
    (vault / "Odd").mkdir()
    (vault / "Odd/two\nlines\x1b[2J.md").write_text("---\nmood: 99\n---\nbody\n", "utf-8")
    log_file = tmp_path / "vaultkit.log"
    process, err_path = start_watch(vault, tmp_path, "watch", "--log-file", str(log_file))
    try:
        wait_for(lambda: "mood" in read(log_file), 30, "the warning")
    finally:
        stop_process(process)
    for logged in (read(log_file), read(err_path)):
        assert "warning: Odd/two\\nlines\\x1b[2J.md:2: mood" in logged
        assert all(
            re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", line) for line in logged.splitlines()
        )


def test_verbose_shows_debug_lines(vault, tmp_path):
    """-v: the events behind each action, for a person (or a bug report) asking "why?"."""
    process, err_path = start_watch(vault, tmp_path, "-v", "watch")
    try:
        # "watching" comes before the first pass; the edit must come after it, or the first
        # pass may take it in and leave the agenda nothing to update.
        wait_for(lambda: f"created {AGENDA}" in read(err_path), 30, "the first pass")
        save_in_place(vault / SATURDAY, "# Saturday\n\nThe argument #next\n")
        wait_for(
            lambda: (
                f"updated {AGENDA}" in read(err_path).split("watching", 1)[1]
                and f"event modified {SATURDAY}" in read(err_path)
            ),
            30,
            "the edit's lines",
        )
    finally:
        code = stop_process(process)
    assert code == 0


def test_quiet_shows_only_warnings(vault, tmp_path):
    """-q: a person who only wants to hear about trouble."""
    conflict = "Journal/2026-11-20.sync-conflict-20261120-101010-ABCDEFG.md"
    (vault / conflict).write_text("# Friday, the phone's copy\n", "utf-8")
    save_in_place(vault / SATURDAY, "# Saturday\n\n{{letter}}\n")
    os.utime(vault / SATURDAY, (time.time() - 60, time.time() - 60))
    process, err_path = start_watch(vault, tmp_path, "-q", "watch")
    try:
        wait_for(lambda: f"skipped {conflict}" in read(err_path), 30, "the warning")
        # The work is done all the same, just not told.
        wait_for(
            lambda: "{{letter}}" not in (vault / SATURDAY).read_text("utf-8"),
            30,
            "the letter expanded",
        )
    finally:
        code = stop_process(process)
    assert code == 0
    told = read(err_path)
    assert "watching" not in told and "expanded" not in told and "stopped" not in told, told


# --- 13. a skipped file is told once ------------------------------------------------------------


def rescan_and_wait(running: Running) -> None:
    before = len(running.lines("rescanned:"))
    running.daemon.request_rescan()
    wait_for(lambda: len(running.lines("rescanned:")) > before, 10, "the rescan")
    wait_for(running.idle, 10, "what the rescan found to be looked at")


def test_a_skipped_file_is_told_once_across_rescans(vault):
    """A sync conflict copy or a binary file stays in the vault for days; a line about it at
    every rescan and every save would bury everything else in the log."""
    conflict = "Journal/2026-11-20.sync-conflict-20261120-101010-ABCDEFG.md"
    (vault / conflict).write_text("# Friday, the phone's copy\n", "utf-8")
    (vault / "Journal/scan.md").write_bytes(b"\x89PNG\x00\x00 not a note")
    with Running(vault) as running:
        for round in range(3):
            # Each round: a save that makes it tend the vault (and report), then a rescan.
            save_in_place(vault / SATURDAY, f"# Saturday\n\nRound {round} #next\n")
            running.wait_text(AGENDA, f"Round {round}", timeout=15)
            rescan_and_wait(running)
        assert len(running.lines("rescanned:")) >= 3
    assert len(running.lines(f"skipped {conflict}")) == 1, running.lines("skipped")
    scan = running.lines("skipped Journal/scan.md")
    assert len(scan) == 1 and "binary" in scan[0]


def test_a_skipped_file_that_changes_reason_is_told_again(vault):
    """Told once per trouble, not once for ever: a file that becomes a readable note and then
    breaks again is news both times."""
    scan = vault / "Journal/scan.md"
    scan.write_bytes(b"\x00binary")
    with Running(vault) as running:
        wait_for(lambda: running.lines("skipped Journal/scan.md"), 10, "the first warning")
        save_in_place(scan, "# Now a note\n\nThe photo of Gran #next\n")
        running.wait_text(AGENDA, "The photo of Gran", timeout=15)
        save_in_place(scan, "\x00binary again")
        wait_for(
            lambda: len(running.lines("skipped Journal/scan.md")) == 2, 15, "the second warning"
        )


# --- 14. a write put off ------------------------------------------------------------------------


def test_a_note_saved_with_a_future_time_is_deferred_once_then_expanded(tmp_path):
    """A note synced from a device whose clock runs ahead looks "just saved" until its time
    comes: the daemon puts the write off (saying so once), and does it when it may."""
    vault = make_vault(tmp_path / "v", {FRIDAY: "# Friday\n\n{{letter}}\n"}, quiet=0.5)
    ahead = time.time() + 2.5
    os.utime(vault / FRIDAY, (ahead, ahead))
    with Running(vault) as running:
        line = running.wait_action("deferred", FRIDAY, timeout=10)
        assert "in the future" in line
        assert "{{letter}}" in (vault / FRIDAY).read_text("utf-8")  # not yet
        running.wait_action("expanded", FRIDAY, timeout=20)
    text = (vault / FRIDAY).read_text("utf-8")
    assert "{{letter}}" not in text and "This letter is not meant to be sent." in text
    assert time.time() >= ahead + 0.5 * 0.9  # only once the quiet period after that time
    assert len(running.actions("deferred", FRIDAY)) == 1  # retried quietly
    assert len(running.actions("expanded", FRIDAY)) == 1


# --- 15. settings changed while it runs ---------------------------------------------------------


def test_settings_changed_while_running_are_taken_and_broken_ones_kept_out(vault):
    toml = vault / "vaultkit.toml"
    with Running(vault) as running:
        wait_for(running.idle, what="the first pass to settle")
        save_in_place(toml, 'quiet_seconds = 0.6\n[agenda]\nnote = "For Dr Adeyemi.md"\n')
        wait_for(lambda: running.lines("settings changed"), 15, "the settings line")
        wait_for(lambda: (vault / "For Dr Adeyemi.md").exists(), 15, "the new agenda note")
        assert running.daemon.config.quiet_seconds == 0.6
        assert "Ask about sleep" in (vault / "For Dr Adeyemi.md").read_text("utf-8")

        save_in_place(toml, "quiet_seconds = = oops\n")
        errors = wait_for(lambda: running.lines("error vaultkit.toml"), 15, "the error line")
        assert "the settings in force are kept" in errors[0]
        assert running.daemon.config.quiet_seconds == 0.6
        assert running.daemon.config.agenda_note == "For Dr Adeyemi.md"

        # It keeps working under the kept settings.
        save_in_place(vault / SATURDAY, "# Saturday\n\nBring the sleep diary #next\n")
        running.wait_text("For Dr Adeyemi.md", "Bring the sleep diary", timeout=15)
    assert len(running.lines("settings changed")) == 1
    assert len(running.lines("error vaultkit.toml")) == 1
    assert running.error is None


def test_the_vault_a_reload_replaces_is_freed(vault):
    """The daemon freezes what it reads (gc.freeze), so the collector never looks at it again:
    the vault and the session a reload replaces must go by reference counts alone. A
    reference cycle through them would keep a whole vault for the daemon's life, once per
    change of settings."""
    toml = vault / "vaultkit.toml"
    with Running(vault) as running:
        wait_for(running.idle, what="the first pass to settle")
        first = running.daemon.session
        old = weakref.ref(first)
        old_vault, old_tender = weakref.ref(first.vault), weakref.ref(first.tender)
        del first
        save_in_place(toml, "quiet_seconds = 0.6\n")
        wait_for(lambda: running.daemon.session is not old(), 15, "the vault read again")
        # The pass that read the settings may still be unwinding, holding the old session.
        wait_for(lambda: old_vault() is None and old_tender() is None, 10, "the old vault freed")
