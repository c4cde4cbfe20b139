"""Running the real daemon (real watchdog observer, temp vault) in a thread, and waiting on what
it does. Tests wait on conditions with a timeout; they never sleep and hope."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from support.vaults import age_tree
from vaultkit.watch.daemon import Daemon

PINNED_DAY = "2026-11-22"  # unless a test says otherwise, the daily page is this day's
AGENDA = "Next session.md"
FRIDAY = "Journal/2026-11-20.md"
SATURDAY = "Journal/2026-11-21.md"


def wait_for(condition: Callable[[], object], timeout: float = 10.0, what: str = "") -> object:
    """Check `condition` every 20 ms until it is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        time.sleep(0.02)


def make_vault(
    root: Path, files: dict[str, str] | None = None, *, quiet: float = 0.5, extra_toml: str = ""
) -> Path:
    """A small vault: a vaultkit.toml with a short quiet period, and `files`, aged."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "vaultkit.toml").write_text(f"quiet_seconds = {quiet}\n{extra_toml}", "utf-8")
    for rel, text in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    age_tree(root)
    return root


def two_day_vault(root: Path) -> Path:
    """Friday holds a #next line, Saturday none: the vault most daemon tests start from."""
    return make_vault(
        root,
        {
            FRIDAY: "# Friday\n\nAsk about sleep #next\n",
            SATURDAY: "# Saturday\n\nA walk by the river.\n",
        },
    )


def agenda_text(vault: Path) -> str:
    return (vault / AGENDA).read_text("utf-8")


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._lock:
            self.lines.append(record.getMessage())

    def snapshot(self) -> list[str]:
        with self._lock:
            return list(self.lines)


class Running:
    """A daemon on its own thread, with every log line it writes."""

    def __init__(self, vault: Path, **options):
        import datetime as dt

        options.setdefault("today", dt.date.fromisoformat(PINNED_DAY))
        self.vault = vault
        self.daemon = Daemon(vault, **options)
        self.records = Records()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        try:
            self.daemon.run()
        except BaseException as exc:
            self.error = exc

    def __enter__(self) -> Running:
        logger = logging.getLogger("vaultkit")
        logger.addHandler(self.records)
        self._level = logger.level
        logger.setLevel(logging.DEBUG)
        self.thread.start()
        wait_for(
            lambda: self.daemon.ready.is_set() or not self.thread.is_alive(),
            20,
            "the daemon's first pass",
        )
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        self.daemon.stop()
        self.thread.join(10)
        logger = logging.getLogger("vaultkit")
        logger.removeHandler(self.records)
        logger.setLevel(self._level)
        assert not self.thread.is_alive(), "the daemon did not stop"
        if self.error:
            raise self.error

    # --- what it did -------------------------------------------------------------------------

    def lines(self, prefix: str = "") -> list[str]:
        return [line for line in self.records.snapshot() if line.startswith(prefix)]

    def deeds(self) -> list[str]:
        """Every line but the observer's 'event ...' ones: what the daemon did, not what it saw."""
        return [line for line in self.lines() if not line.startswith("event ")]

    def actions(self, action: str, rel: str) -> list[str]:
        """Log lines like 'expanded Journal/x.md (letter)'."""
        return self.lines(f"{action} {rel}")

    def wait_action(self, action: str, rel: str, timeout: float = 10.0) -> str:
        return wait_for(lambda: self.actions(action, rel), timeout, f"'{action} {rel}'")[-1]

    def wait_text(self, rel: str, needle: str, timeout: float = 10.0, present: bool = True):
        def check():
            try:
                text = (self.vault / rel).read_text("utf-8")
            except FileNotFoundError:
                return not present
            return (needle in text) == present

        return wait_for(check, timeout, f"{rel} {'holding' if present else 'without'} {needle!r}")

    def idle(self) -> bool:
        """Nothing waiting to be looked at."""
        return len(self.daemon.pending) == 0


def save_in_place(path: Path, text: str) -> None:
    with open(path, "r+b" if path.exists() else "wb") as handle:
        data = text.encode("utf-8")
        handle.write(data)
        handle.truncate(len(data))


def save_truncate_then_write(path: Path, text: str, pause: float = 0.0) -> None:
    with open(path, "wb") as handle:  # "w" truncates to 0 bytes first: VS Code's save
        handle.flush()
        os.fsync(handle.fileno())
        if pause:
            time.sleep(pause)  # the 0-byte moment, held open on purpose
        handle.write(text.encode("utf-8"))


def save_by_rename(path: Path, text: str, temp_name: str | None = None) -> None:
    temp = path.with_name(temp_name or f".syncthing.{path.name}.tmp")
    temp.write_text(text, "utf-8")
    os.replace(temp, path)


def save_like_vim(path: Path, text: str) -> None:
    """vim's default on Linux: probe file 4913, rename the note to note~, write a new note,
    delete the backup."""
    probe = path.with_name("4913")
    probe.write_bytes(b"")
    probe.unlink()
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    path.write_text(text, "utf-8")
    backup.unlink()
