"""A model of the person, as the proof that nothing they write is ever lost.

A hypothesis state machine whose rules are what a person and their devices do: write or change
any line anywhere (in the agenda's generated part too), paste text that looks like a marker,
delete a marker, tick, untick or set down in the agenda or at the source, write a trigger,
record a session, drop in a sync conflict copy of the agenda; and what vaultkit does: a `run`,
or the daemon reacting to what changed. After every step:

* every line the person typed is still in the vault: a line typed in a journal note in that
  note (its box may have changed), a line typed in the agenda (or a copy of it) in the agenda
  note, a session note's snapshot, or a copy not merged yet;
* vaultkit changed a journal note only by a documented edit (a task's box, a trigger line
  replaced), and the agenda note only between its markers and just below the end marker (and
  not at all while its markers are broken).

CI runs it derandomized with 300 examples; `VAULTKIT_FUZZ=1` runs a longer random search
(`VAULTKIT_FUZZ_EXAMPLES`, default 3000).
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from support.vaults import OLD_MTIME
from vaultkit.app.creating import record_session
from vaultkit.app.tend import run_all
from vaultkit.app.tender import Tender
from vaultkit.settings.config import load_config
from vaultkit.store.vault import load_vault
from vaultkit.text.block_markers import find_block
from vaultkit.text.blocks import checkbox, normal
from vaultkit.watch.daemon import Daemon

AGENDA = "Next session.md"
COPY = "Next session.sync-conflict-20261123-101010-PHONE.md"
FUZZ = os.environ.get("VAULTKIT_FUZZ") == "1"
START = {
    "Journal/2026-11-20.md": "# Friday\n\n- [ ] call the clinic #next\n- the fight with Sam #next\n",
    "Journal/2026-11-21.md": "# Saturday\n\n- [ ] call mum #next\n- [ ] call mum #next\n",
}
WORDS = st.sampled_from(
    [
        "holidays",
        "the phone call",
        "sleep",
        "Sam",
        "work",
        "my chest",
        "the train",
        "mum",
        "nothing much",
        "é ü ✓",
    ]
)
MARKS = st.sampled_from([" ", "x", "-", ">", "?"])
MARKER_TEXT = st.sampled_from(
    [
        "Reminder: vaultkit rewrites only what follows `%% vaultkit:begin %%`.",
        "%% vaultkit:end %% is where it stops",
        "%%vaultkit:begin%%",
        "%% vaultkit:begin %%",
        "%% vaultkit:end %%",
    ]
)


class NoObserver:
    """The daemon under test is driven step by step; nothing watches the folder."""

    def stop(self) -> None:
        pass

    def join(self, timeout: float | None = None) -> None:
        pass

    def is_alive(self) -> bool:
        return True

    emitters: list = []


class Person(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="vk-person-"))
        self.root = self.tmp / "vault"
        self._cache_env = os.environ.get("VAULTKIT_CACHE_DIR")
        os.environ["VAULTKIT_CACHE_DIR"] = str(self.tmp / "cache")
        self.root.mkdir()
        (self.root / "vaultkit.toml").write_text("quiet_seconds = 0\n[reviews]\nweeks = 0\n")
        self.tokens = itertools.count(1)
        self.ages = itertools.count(1)
        self.today = dt.date(2026, 11, 22)
        self.daemon: Daemon | None = None
        # The person's view of each journal note (lines), and what they typed where.
        self.journal: dict[str, list[str]] = {}
        self.typed: list[tuple[str, str]] = []  # (line, the note it was typed in)
        for rel, text in START.items():
            self._write(rel, text.split("\n"))
            self.journal[rel] = text.split("\n")
        self.steps = 0

    def teardown(self) -> None:
        event(f"steps of vaultkit in one run: {self.steps // 5 * 5}-{self.steps // 5 * 5 + 4}")
        self._stop_daemon()
        if self._cache_env is None:
            os.environ.pop("VAULTKIT_CACHE_DIR", None)
        else:
            os.environ["VAULTKIT_CACHE_DIR"] = self._cache_env
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- the person's hands --------------------------------------------------------------------

    def _write(self, rel: str, lines: list[str]) -> None:
        if not lines:
            lines.append("")  # an empty note reads back as one empty line
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), "utf-8")
        # Saved a while ago (outside any quiet period), and at a new time on every save.
        age = OLD_MTIME + next(self.ages)
        os.utime(path, (age, age))

    def _lines(self, rel: str) -> list[str] | None:
        try:
            return (self.root / rel).read_text("utf-8").split("\n")
        except (FileNotFoundError, IsADirectoryError):
            return None

    def _typed_line(self, kind: str, words: str) -> str:
        token = f"w{next(self.tokens)}"
        return {
            "plain": f"{token} {words}",
            "next": f"- {token} {words} #next",
            "task": f"- [ ] {token} {words} #next",
            "urgent": f"- [ ] {token} {words} #next/urgent",
            "note": f"    - {token} {words}",
            "loose": f"{token} {words}",
        }[kind]

    def _forget(self, line: str) -> None:
        """The person changed or deleted a line they typed: that was their choice."""
        gone = normal(line).strip()
        self.typed = [(t, home) for t, home in self.typed if normal(t).strip() != gone]

    def _journal_notes(self) -> list[str]:
        return sorted(self.journal)

    @rule(data=st.data(), kind=st.sampled_from(["plain", "next", "task", "urgent"]), words=WORDS)
    def write_a_line(self, data, kind, words):
        rel = data.draw(st.sampled_from(self._journal_notes()))
        lines = self._lines(rel)
        if lines is None:
            return
        line = self._typed_line(kind, words)
        at = data.draw(st.integers(min(1, len(lines)), len(lines)))
        lines.insert(at, line)
        self._write(rel, lines)
        self.journal[rel] = lines
        self.typed.append((line, rel))

    @rule(data=st.data(), trigger=st.sampled_from(["{{ask}}", "{{letter}}", "{{nosuchthing}}"]))
    def write_a_trigger(self, data, trigger):
        rel = data.draw(st.sampled_from(self._journal_notes()))
        lines = self._lines(rel)
        if lines is None:
            return
        lines.insert(len(lines), trigger)
        self._write(rel, lines)
        self.journal[rel] = lines

    @rule(data=st.data(), words=WORDS, delete=st.booleans())
    def change_a_journal_line(self, data, words, delete):
        rel = data.draw(st.sampled_from(self._journal_notes()))
        lines = self._lines(rel)
        if not lines:
            return
        at = data.draw(st.integers(0, len(lines) - 1))
        self._forget(lines[at])
        if delete:
            del lines[at]
        else:
            lines[at] = self._typed_line("plain", words)
            self.typed.append((lines[at], rel))
        self._write(rel, lines)
        self.journal[rel] = lines

    @rule(data=st.data(), mark=MARKS)
    def mark_at_the_source(self, data, mark):
        rel = data.draw(st.sampled_from(self._journal_notes()))
        lines = self._lines(rel)
        tasks = [i for i, line in enumerate(lines or []) if checkbox(line)]
        if not tasks:
            return
        at = data.draw(st.sampled_from(tasks))
        lines[at] = _with_mark(lines[at], mark)
        self._write(rel, lines)
        self.journal[rel] = lines

    def _agenda_items(self, lines: list[str]) -> list[int]:
        return [
            i
            for i, line in enumerate(lines)
            if checkbox(line) and line[:1] not in " \t" and "— [[" in line
        ]

    @rule(data=st.data(), mark=MARKS)
    def mark_in_the_agenda(self, data, mark):
        lines = self._lines(AGENDA)
        items = self._agenda_items(lines or [])
        if not items:
            return
        at = data.draw(st.sampled_from(items))
        lines[at] = _with_mark(lines[at], mark)
        self._write(AGENDA, lines)

    @rule(data=st.data(), words=WORDS)
    def write_under_an_agenda_item(self, data, words):
        lines = self._lines(AGENDA)
        items = self._agenda_items(lines or [])
        if not items:
            return
        at = data.draw(st.sampled_from(items)) + 1
        line = self._typed_line("note", words)
        lines.insert(at, line)
        self._write(AGENDA, lines)
        self.typed.append((line, AGENDA))

    @rule(data=st.data(), words=WORDS)
    def write_anywhere_in_the_agenda(self, data, words):
        lines = self._lines(AGENDA)
        if lines is None:
            return
        line = self._typed_line("loose", words)
        lines.insert(data.draw(st.integers(0, len(lines))), line)
        self._write(AGENDA, lines)
        self.typed.append((line, AGENDA))

    @rule(data=st.data(), words=WORDS)
    def change_an_agenda_line(self, data, words):
        lines = self._lines(AGENDA)
        if not lines:
            return
        at = data.draw(st.integers(0, len(lines) - 1))
        self._forget(lines[at])
        lines[at] = data.draw(
            st.sampled_from(
                [
                    self._typed_line("loose", words),
                    lines[at].replace("— [[", f"{words} — [[") + f" w{next(self.tokens)}",
                ]
            )
        )
        self._write(AGENDA, lines)
        self.typed.append((lines[at], AGENDA))

    @rule(data=st.data(), text=MARKER_TEXT, in_agenda=st.booleans())
    def paste_marker_text(self, data, text, in_agenda):
        rel = AGENDA if in_agenda else data.draw(st.sampled_from(self._journal_notes()))
        lines = self._lines(rel)
        if lines is None:
            return
        # A bare marker line is not something to keep; a sentence around one is.
        sentence = data.draw(st.booleans())
        line = f"{text} w{next(self.tokens)}" if sentence else text
        lines.insert(data.draw(st.integers(0, len(lines))), line)
        self._write(rel, lines)
        if not in_agenda:
            self.journal[rel] = lines
        if sentence:
            self.typed.append((line, rel))

    @rule(which=st.sampled_from(["begin", "end"]))
    def delete_a_marker(self, which):
        lines = self._lines(AGENDA)
        marker = f"%% vaultkit:{which}"
        at = next((i for i, line in enumerate(lines or []) if line.startswith(marker)), None)
        if at is None:
            return
        self._forget(lines[at])
        del lines[at]
        self._write(AGENDA, lines)

    @rule()
    def remove_every_marker_like_line(self):
        """The person tidies up after a warning: every line that mentions a marker goes."""
        lines = self._lines(AGENDA)
        if lines is None:
            return
        kept = [line for line in lines if "vaultkit:" not in line.lower()]
        for line in lines:
            if line not in kept:
                self._forget(line)
        self._write(AGENDA, kept)

    @rule(data=st.data(), words=WORDS, mark=MARKS)
    def a_conflict_copy_arrives(self, data, words, mark):
        """The phone held the agenda, ticked something or wrote under an item, and the sync tool
        kept its version as a conflict copy."""
        lines = self._lines(AGENDA)
        if lines is None or (self.root / COPY).exists():
            return
        items = self._agenda_items(lines)
        if items and data.draw(st.booleans()):
            at = data.draw(st.sampled_from(items))
            lines[at] = _with_mark(lines[at], mark)
        if items and data.draw(st.booleans()):
            line = self._typed_line("note", words)
            lines.insert(data.draw(st.sampled_from(items)) + 1, line)
            self.typed.append((line, AGENDA))
        self._write(COPY, lines)

    # --- vaultkit ------------------------------------------------------------------------------

    def _vaultkit(self, act) -> None:
        """Run vaultkit's part, then check it changed only what it may."""
        agenda_before = self._bytes(AGENDA)
        broken = agenda_before is not None and _broken(agenda_before)
        act()
        self.steps += 1
        agenda_after = self._bytes(AGENDA)
        if broken:
            assert agenda_after == agenda_before, "a note with broken markers was changed"
        elif agenda_before is not None and agenda_after is not None:
            _only_inside_or_below(agenda_before, agenda_after)
        for rel, mine in list(self.journal.items()):
            now = self._lines(rel)
            assert now is not None, f"{rel} vanished"
            _documented_edits_only(rel, mine, now)
            self.journal[rel] = now
        daily = f"Journal/{self.today.isoformat()}.md"
        if daily not in self.journal and self._lines(daily) is not None:
            self.journal[daily] = self._lines(daily)

    def _bytes(self, rel: str) -> bytes | None:
        try:
            return (self.root / rel).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            return None

    @rule()
    def run(self):
        def act():
            config, _ = load_config(self.root)
            tender = Tender(load_vault(self.root, config, cache=True), self.today)
            _events(run_all(tender))

        self._vaultkit(act)

    @rule()
    def the_daemon_reacts(self):
        def act():
            if self.daemon is None:
                self.daemon = Daemon(
                    self.root, today=self.today, observer_factory=lambda *args: NoObserver()
                )
                self.daemon.restart()
                return
            self.daemon.rescan()
            self.daemon._settle(self.daemon.pending.due(time.monotonic() + 3600))

        self._vaultkit(act)

    @precondition(lambda self: self.today < dt.date(2026, 12, 31))
    @rule(days=st.integers(0, 8))
    def a_session_is_recorded(self, days):
        def act():
            config, _ = load_config(self.root)
            tender = Tender(load_vault(self.root, config, cache=True), self.today)
            record_session(tender)
            _events(tender.finish())

        self._vaultkit(act)
        if days:
            self._stop_daemon()  # pinned to a day: a new one starts for the new day
            self.today += dt.timedelta(days=days)

    def _stop_daemon(self) -> None:
        if self.daemon is not None:
            self.daemon._wakeup.close()
            self.daemon = None

    # --- what must hold ------------------------------------------------------------------------

    @invariant()
    def every_typed_line_is_in_the_vault(self):
        texts: dict[str, set[str]] = {}
        for path in self.root.rglob("*.md"):
            rel = path.relative_to(self.root).as_posix()
            try:
                texts[rel] = {normal(line).strip() for line in path.read_text("utf-8").split("\n")}
            except (UnicodeDecodeError, IsADirectoryError):
                continue
        for line, home in self.typed:
            wanted = normal(line).strip()
            if home == AGENDA:
                places = [
                    rel
                    for rel in texts
                    if rel == AGENDA
                    or rel.startswith("Sessions/")
                    or rel.startswith("Next session")
                ]
            else:
                places = [home]
            assert any(wanted in texts.get(rel, ()) for rel in places), (
                f"{line!r}, typed in {home}, is gone (looked in {places})"
            )


def _events(report) -> None:
    """What vaultkit did, for `--hypothesis-show-statistics`: evidence that the model reaches
    the moves, merges, tick changes and broken markers it is meant to exercise."""
    for action in report.actions:
        event(f"vaultkit: {action.action}")
    if report.problems:
        event("vaultkit: a note left alone for its markers")


def _with_mark(line: str, mark: str) -> str:
    box = line.index("[")
    return f"{line[: box + 1]}{mark}{line[box + 2 :]}"


def _broken(data: bytes) -> bool:
    try:
        find_block(data.decode("utf-8").split("\n"))
    except Exception:
        return True
    return False


def _only_inside_or_below(before: bytes, after: bytes) -> None:
    """The agenda's text outside the markers changed only by lines put just below the end."""
    old, new = before.decode("utf-8").split("\n"), after.decode("utf-8").split("\n")
    old_block, new_block = find_block(old), find_block(new)
    if old_block is None:
        assert new[: len(old)] == old or new[: len(old) - 1] == old[:-1], (
            "a block was added other than at the end"
        )
        return
    assert new_block is not None, "the agenda's markers were lost"
    assert new[: new_block.begin] == old[: old_block.begin], "text above the block changed"
    old_tail, new_tail = old[old_block.end + 1 :], new[new_block.end + 1 :]
    assert new_tail[len(new_tail) - len(old_tail) :] == old_tail, "text below the block changed"


def _documented_edits_only(rel: str, mine: list[str], now: list[str]) -> None:
    """Between what the person saved and what is there now: only a task's box, or a trigger
    line replaced by what it stands for (its template, its question, or nothing when unknown)."""
    matcher = difflib.SequenceMatcher(
        None, [normal(line) for line in mine], [normal(line) for line in now], autojunk=False
    )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        replaced = mine[a1:a2]
        assert replaced and all(line.strip().startswith("{{") for line in replaced), (
            f"{rel} changed: {replaced!r} became {now[b1:b2]!r}"
        )


TestPerson = pytest.mark.long(Person.TestCase)
TestPerson.settings = settings(
    max_examples=int(os.environ.get("VAULTKIT_FUZZ_EXAMPLES", "3000")) if FUZZ else 300,
    stateful_step_count=40 if FUZZ else 20,
    derandomize=not FUZZ,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
