"""The proof that `vaultkit run` ending at once on an unchanged vault (store/run_stamp.py)
never leaves undone what a full pass would do.

A hypothesis state machine on a copy of the example vault whose rules are what a person, their
devices and time do to everything a pass reads: write, touch, rename, delete or chmod a note, a
chart or the agenda; change the settings, a template, the day; leave a temp file, a sync
conflict copy, a note that is not UTF-8, an empty folder; delete vaultkit's own cache files.
Between them, `vaultkit run`, often until a pass has nothing to do. After every step, if a run
would end at once, a full pass of the same vault as a dry run must have nothing to show and
nothing to say; and a run that ends at once leaves every byte as it was.

Every file a rule touches gets an mtime from a clock of its own, a second after the last, so
that each change shows in the stamp as on a real disk; the stamp's rule against changes within
the last two seconds (which only a real clock needs) is off here.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from support.vaults import OLD_MTIME, age_tree, tree_bytes
from vaultkit.cli import main
from vaultkit.store import run_stamp
from vaultkit.store.cache_dir import vault_cache_dir
from vaultkit.store.resources import example_vault_dir
from vaultkit.store.temp_files import TEMP_SUFFIX, is_temp_name, temp_prefix

SEEN: collections.Counter[str] = collections.Counter()  # what the runs did, for a look
START_DAY = dt.date(2026, 11, 22)
LINES = st.sampled_from(
    [
        "nothing much today",
        "- [ ] call the clinic #next",
        "- [x] call the clinic #next",
        "- the fight with Sam #next",
        "{{letter}}",
        "{{ask}}",
        "mood:: 3",
        "a secret #private",
        "é ü ✓",
    ]
)
PLACES = st.sampled_from(
    [
        "Journal/2026-11-21.md",
        "Journal/2026-11-20.md",
        "Next session.md",
        "Letters/To Mum, about the holidays.md",
        "Free writing/Untitled.md",
        "People/Sam.md",
        "Letters/New letter.md",
        "Journal/2026-11-23.md",
        "Templates/daily.md",
    ]
)
SETTINGS = st.sampled_from(
    [
        ("vaultkit.toml", '[sessions]\nschedule = "weekly:thu"\n'),
        ("vaultkit.toml", '[sessions]\nschedule = "weekly:mon"\n\n[agenda]\nwindow_days = 3\n'),
        ("vaultkit.toml", "[agenda\n"),  # broken: the run exits 2 and says why
        (".obsidian/daily-notes.json", '{"folder": "Journal", "format": "YYYY-MM-DD"}'),
        (".obsidian/daily-notes.json", '{"folder": "Days"}'),
        (".obsidian/templates.json", '{"folder": "Templates"}'),
    ]
)


class UnchangedVault(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.home = Path(tempfile.mkdtemp(prefix="vaultkit-stamp-"))
        self.root = self.home / "vault"
        shutil.copytree(example_vault_dir(), self.root)
        age_tree(self.root)
        self.clock = OLD_MTIME + 86_400
        self.today = START_DAY
        for _ in range(2):  # every example starts settled: its first change is from a kept stamp
            self._cli("run")

    # --- what the person, their devices and time do ------------------------------------

    def _stamped(self, rel: str) -> None:
        """Give `rel` the next mtime of the clock: a change the disk's stamp shows."""
        self.clock += 1
        path = self.root / rel
        if path.exists():
            os.utime(path, (self.clock, self.clock))

    def _files(self) -> list[str]:
        return sorted(
            p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()
        )

    @rule(place=PLACES, line=LINES)
    def write_line(self, place: str, line: str) -> None:
        path = self.root / place
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as note:
            note.write(line + "\n")
        self._stamped(place)

    @rule(data=st.data())
    def touch(self, data: st.DataObject) -> None:
        self._stamped(data.draw(st.sampled_from(self._files())))

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        rel = data.draw(st.sampled_from(self._files()))
        (self.root / rel).unlink()

    @rule(data=st.data(), name=st.sampled_from(["Moved.md", "Journal/Moved.md"]))
    def rename(self, data: st.DataObject, name: str) -> None:
        rel = data.draw(st.sampled_from([f for f in self._files() if f.endswith(".md")]))
        (self.root / rel).rename(self.root / name)

    @rule(data=st.data())
    def read_only(self, data: st.DataObject) -> None:
        path = self.root / data.draw(st.sampled_from(self._files()))
        path.chmod(0o444 if path.stat().st_mode & 0o200 else 0o644)

    @rule(setting=SETTINGS)
    def change_settings(self, setting: tuple[str, str]) -> None:
        rel, text = setting
        (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.root / rel).write_text(text, encoding="utf-8")
        self._stamped(rel)

    @rule(days=st.integers(1, 8))
    def time_passes(self, days: int) -> None:
        self.today += dt.timedelta(days=days)

    @rule(alive=st.booleans())
    def temp_file_left(self, alive: bool) -> None:
        # Left by a vaultkit killed mid-write (swept as stale: no process has a pid above
        # Linux's largest), or one still writing (this very process: left alone, and gone
        # when the rule comes again, as its write ends).
        pid = os.getpid() if alive else 2**22 + 1
        name = temp_prefix("Next session.md").replace(f"-{os.getpid()}-", f"-{pid}-")
        _toggle(self.root / f"{name}x{TEMP_SUFFIX}", b"half a note")

    # These two are said on every run while they are there: each comes and goes.
    @rule()
    def conflict_copy(self) -> None:
        rel = "Journal/2026-11-21.sync-conflict-20261123-101010-PHONE.md"
        _toggle(self.root / rel, b"- [ ] from the phone #next\n")
        self._stamped(rel)

    @rule()
    def not_text(self) -> None:
        _toggle(self.root / "Journal" / "garbled.md", b"\xff\xfe broken \x80\n")
        self._stamped("Journal/garbled.md")

    @rule(folder=st.sampled_from(["Sessions", "Templates", "Reviews", "Journal/Old"]))
    def empty_folder(self, folder: str) -> None:
        path = self.root / folder
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
        elif not path.exists():
            path.mkdir()

    @rule(name=st.sampled_from(["blocks.json", "own-writes.json"]))
    def cache_file_lost(self, name: str) -> None:
        (vault_cache_dir(self.root) / name).unlink(missing_ok=True)

    # --- vaultkit -------------------------------------------------------------------------

    def _cli(self, *args: str):
        argv = ["--vault", str(self.root), "--today", self.today.isoformat(), *args]
        return CliRunner().invoke(main, argv, catch_exceptions=False)

    @invariant()
    def ends_at_once_only_with_nothing_to_do(self) -> None:
        """After every step: a run that would end at once now is right to, as a full pass (a
        dry run) has nothing to show or say."""
        if run_stamp.RunStamp.take(self.root, self.today).same_as_last():
            SEEN["would end at once"] += 1
            full = self._cli("run", "--dry-run")
            assert (full.exit_code, full.output) == (0, ""), full.output

    def _run(self) -> tuple[bool, int, str]:
        """One `vaultkit run`: whether it ended at once, and its status and output. One that
        ends at once says nothing and leaves every byte as it was."""
        ends_at_once = run_stamp.RunStamp.take(self.root, self.today).same_as_last()
        SEEN[f"run ends at once: {ends_at_once}"] += 1
        event(f"run ends at once: {ends_at_once}")
        before = tree_bytes(self.root)
        done = self._cli("run")
        if ends_at_once:
            assert (done.exit_code, done.output) == (0, "")
            assert tree_bytes(self.root) == before
        return ends_at_once, done.exit_code, done.output

    @rule()
    def run_until_quiet(self) -> None:
        """Runs of an unchanged vault: once a pass had nothing to do and said nothing, the run
        after the next ends at once (the next may only write vaultkit's own cache again),
        unless a temp file of a vaultkit still writing is in the vault (it becomes stale in
        time and is swept)."""
        said = []
        for _ in range(3):
            ends_at_once, status, output = self._run()
            if ends_at_once:
                return
            said.append((status, output))
        writing = any(is_temp_name(p.name) for p in self.root.rglob(".*"))
        assert said[-1] != (0, "") or writing, said

    def teardown(self) -> None:
        for folder, _, names in os.walk(self.home):
            for name in names:
                os.chmod(os.path.join(folder, name), 0o644)
        shutil.rmtree(self.home, ignore_errors=True)


def _toggle(path: Path, data: bytes) -> None:
    if path.exists():
        path.unlink()
    else:
        path.write_bytes(data)


@pytest.fixture(autouse=True)
def no_racy_rule(monkeypatch):
    # The rule's clock is the machine's; this machine's files are stamped by the test's clock.
    monkeypatch.setattr(run_stamp, "RACY_NS", -(10**18))


@pytest.mark.long
def test_a_run_that_ends_at_once_leaves_nothing_undone():
    machine = settings(
        max_examples=40,
        stateful_step_count=25,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )(UnchangedVault)
    machine.TestCase().runTest()
    print(SEEN)
