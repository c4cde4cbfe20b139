"""The vault the daemon tends, once read: the pass run for each change and each new day, and
what is said about it (one log line per action, each warning once)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from vaultkit.app.tend import NEW_DAY, Scope, run_all, tend
from vaultkit.app.tender import Tender
from vaultkit.store.reading import FileState
from vaultkit.store.vault import Vault
from vaultkit.store.writer import PUT_OFF, TROUBLE
from vaultkit.text.ignore import in_folder
from vaultkit.watch.quiet import QuietPaths

log = logging.getLogger("vaultkit")

# Runs a step, logging a failure as "error while WHAT" instead of raising it (daemon.py).
Guard = Callable[[str, Callable[[], None]], None]


@dataclass
class Memory:
    """What the daemon remembers between passes, kept when the vault is read again."""

    owed: set[str] = field(default_factory=set)  # put off: looked at again even if unchanged
    put_off: set[str] = field(default_factory=set)  # put off (again) in the current settle
    told: set[str] = field(default_factory=set)  # the warnings already logged
    problems: list[str] = field(default_factory=list)  # the notes the last pass left alone
    dirty: bool = False  # the index changed: the agenda may have


class Tending:
    """One loaded vault and its tender, for as long as the daemon tends that vault."""

    def __init__(self, vault: Vault, tender: Tender, pending: QuietPaths, memory: Memory):
        self.vault, self.tender, self.pending, self.memory = vault, tender, pending, memory

    def tend_whole(self) -> None:
        """Everything `vaultkit run` would do."""
        run_all(self.tender)
        self.report()

    def tend(self, changed: dict[str, FileState | None]) -> None:
        """The pass for the notes that changed (path -> the state before, None when new)."""
        tender, vault = self.tender, self.vault
        self.memory.dirty = False
        if any(in_folder(rel, vault.config.templates_folder) for rel in changed):
            tender.context.reload_templates()
        # A prompt note is filled only when it is new or was empty before: a note that had
        # writing in it and reads empty now was emptied by the person, not asking for a prompt.
        fresh = [
            rel
            for rel, prior in changed.items()
            if rel in vault.files and (prior is None or prior.size == 0)
        ]
        present = [rel for rel in changed if rel in vault.notes]
        tend(tender, Scope(prompts=fresh, triggers=present, reviews=list(changed)))
        self.report()

    def settle(self, due: list[str], changed: dict[str, FileState | None], guard: Guard) -> None:
        """Run the pass for `changed` and for the quiet paths of `due` whose write was put
        off, through `guard` (a failed pass is logged, never the daemon's end)."""
        memory = self.memory
        retried = memory.owed.intersection(due)
        for rel in retried:
            if rel in self.vault.files:
                changed.setdefault(rel, self.vault.files[rel])
                memory.dirty = True
        memory.put_off = set()
        if changed or memory.dirty:
            guard("tending the vault", lambda: self.tend(changed))
        # A write put off again stays owed (and is not told again); any other outcome ends it.
        memory.owed -= retried - memory.put_off

    def new_day(self, today: dt.date) -> None:
        self.tender.today = today
        log.info("a new day: %s", today.isoformat())
        tend(self.tender, NEW_DAY)
        self.report()

    def report(self) -> None:
        """One log line per action; a write that was put off is tried again later."""
        memory = self.memory
        retry_at = time.monotonic() + self.pending.quiet_seconds
        report = self.tender.gateway.take_report()
        for action in report.actions:
            if action.action in PUT_OFF:
                if action.path not in memory.owed:
                    log.info("%s", action)
                memory.owed.add(action.path)
                memory.put_off.add(action.path)
                self.pending.retry(action.path, retry_at)
            elif action.action in TROUBLE:
                log.warning("%s", action)
            else:
                log.info("%s", action)
        memory.problems = report.problems
        self.tender.written.save()
        self.tell_warnings()

    def tell_warnings(self) -> None:
        """Each skipped file, each note's warning and each note left alone (its markers, say)
        once, when it first appears."""
        vault, memory = self.vault, self.memory
        current = {f"warning: {problem}": "" for problem in memory.problems}
        for rel, (reason, line) in vault.skipped.items():
            current[f"skipped {rel}{f':{line}' if line else ''}: {reason}"] = rel
        for rel in vault.conflicts:
            current[f"skipped {rel}: a sync conflict copy; merge it by hand"] = rel
        for name_warning in vault.name_warnings:
            current[f"warning: {name_warning}"] = ""
        for rel in vault.warned:
            for warning in vault.notes[rel].warnings:
                current[f"warning: {warning}"] = rel
        for told in sorted(set(current) - memory.told):
            log.warning("%s", told)
        memory.told = set(current)
