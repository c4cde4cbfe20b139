"""The write gateway: every change a pass makes goes through here to the one writer.

It applies a Change for real (compare-and-swap, quiet period) or, in a dry run, shows it as a
diff and pretends it was written; it remembers vaultkit's own writes and reports each action.
"""

from __future__ import annotations

import difflib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from vaultkit.app.report import Action, Report
from vaultkit.store.own_writes import OwnWrites
from vaultkit.store.reading import FileState, digest_of
from vaultkit.store.temp_files import sweep_stale_temps
from vaultkit.store.vault import Vault
from vaultkit.store.writer import Outcome, write_note
from vaultkit.text.note import parse_note


@dataclass(frozen=True)
class Change:
    path: str
    old: bytes | None  # None: a new file
    new: bytes
    action: str  # created, filled, expanded, ticked, updated
    detail: str = ""
    inode: int | None = None


class WriteGateway:
    """Applies changes to one loaded vault, through the one writer, and reports them."""

    def __init__(
        self,
        vault: Vault,
        cache: Path | None,
        *,
        dry_run: bool = False,
        out: TextIO | None = None,
        clock: Callable[[], float] = time.time,
        stopping: Callable[[], bool] = lambda: False,
    ):
        self.vault, self.dry_run, self.clock, self.stopping = vault, dry_run, clock, stopping
        self.out = out or sys.stdout
        self.report = Report()
        # What each note looked like right after vaultkit wrote it (own_writes.py), from
        # earlier runs too: its own writes need no quiet period. `cache` None: a dry run.
        self.own_writes = OwnWrites(cache)
        self.writing = False  # inside write_note: a stop waits for it (daemon.py)

    def take_report(self) -> Report:
        """The report so far; the gateway starts a new one."""
        report, self.report = self.report, Report()
        return report

    def apply(self, change: Change, quiet: float | None = None) -> bool:
        """Write one change (or show it, in a dry run); True when the vault now holds it.
        `quiet` overrides the quiet period (for files vaultkit alone writes)."""
        if self.stopping():
            return False  # the daemon is shutting down: the next start finishes this
        if self.dry_run:
            self._show(change)
            if change.path.lower().endswith(".md"):
                self._assume(change.path, change.new)
            self.report.actions.append(Action(change.action, change.path, change.detail))
            return True
        self.writing = True
        try:
            result = write_note(
                self.vault.root,
                change.path,
                change.new,
                expect=change.old,
                quiet_seconds=self._quiet_for(change.path) if quiet is None else quiet,
                expect_inode=change.inode,
                clock=self.clock,
            )
        finally:
            self.writing = False
        if result.outcome is Outcome.WRITTEN:
            if not change.path.lower().endswith(".md"):
                self.report.actions.append(Action(change.action, change.path, change.detail))
                return True  # not a note: nothing to index
            self.vault.refresh(change.path)
            state = self.vault.files.get(change.path)
            if state:
                self.own_writes.remember(change.path, (state.mtime_ns, state.size, state.inode))
            self.report.actions.append(Action(change.action, change.path, change.detail))
            return True
        if result.outcome is not Outcome.UNCHANGED:
            self.report.actions.append(Action(result.outcome.value, change.path, result.reason))
        return False

    def error(self, path: str, message: str) -> None:
        self.report.actions.append(Action("error", path, message))

    def sweep_temps(self, temps: list[str]) -> None:
        """Remove the temp files a killed vaultkit left (see writer.sweep_stale_temps)."""
        if self.dry_run:
            return
        for rel in sweep_stale_temps(self.vault.root, temps):
            self.report.actions.append(
                Action("removed", rel, "a temp file a stopped vaultkit left")
            )

    def _quiet_for(self, rel: str) -> float:
        """The quiet period protects the person's saves; a note still exactly as vaultkit last
        wrote it (the agenda, typically) was not saved by them, so it needs none."""
        state = self.vault.files.get(rel)
        if state and self.own_writes.is_as_left(rel, (state.mtime_ns, state.size, state.inode)):
            return 0.0
        return self.vault.config.quiet_seconds

    def _assume(self, rel: str, data: bytes) -> None:
        now = self.clock()
        self.vault.put(
            rel,
            FileState(data, now, int(now * 1e9), len(data), 0, digest_of(data)),
            parse_note(rel, data, now, self.vault.config.note_rules),
        )

    def _show(self, change: Change) -> None:
        old = (change.old or b"").decode("utf-8", "replace").splitlines(keepends=True)
        new = change.new.decode("utf-8", "replace").splitlines(keepends=True)
        before = "/dev/null" if change.old is None else f"a/{change.path}"
        self.out.writelines(difflib.unified_diff(old, new, before, f"b/{change.path}"))
