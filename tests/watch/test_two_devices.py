"""Two devices: one vault in two copies kept in step by real Syncthing, a `vaultkit watch` daemon
on each, and a script of edits made on both sides. vaultkit's output is deterministic and
written only when its bytes differ, so the two daemons must settle rather than fight: in the
end both copies are byte-identical, Syncthing never had to keep a `.sync-conflict-` copy, and
no daemon wrote a generated note more often than that note's inputs changed. (Edits made on
both devices while they are apart make Syncthing keep a conflict copy of the agenda; vaultkit
merges it away, and the test checks that none is left.)

Needs `syncthing` (Debian package `syncthing`): `.ci/run` installs it and sets
VAULTKIT_REQUIRE_TOOLS=1, so in CI a missing tool is a failure, not a skip. The two instances
talk over 127.0.0.1 only (no discovery, relays, NAT or GUI); see syncthing_pair.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from support.daemon import AGENDA, FRIDAY, PINNED_DAY, SATURDAY, make_vault
from support.syncthing import SYNCTHING, SyncthingPair, conflict_copies, content
from support.vaults import copy_vault

if SYNCTHING is None:
    if os.environ.get("VAULTKIT_REQUIRE_TOOLS"):
        raise RuntimeError(
            "missing syncthing: .ci/run should have installed it (apt-get install syncthing)"
        )
    pytest.skip("needs syncthing (apt-get install syncthing)", allow_module_level=True)

TODAY = f"Journal/{PINNED_DAY}.md"
LETTER = "Letters/To Mum.md"
QUIET = 1.0  # the daemons' quiet period, seconds
STEP_TIMEOUT = 60.0
FINAL_TIMEOUT = 90.0

# What the daemons write, and the log verbs for it (tend.py's Change.action).
WRITES = ("created", "filled", "expanded", "ticked", "updated")
TROUBLE = ("refused", "error")
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (\w+) (.+?)(?: \(([^()]*)\))?$")


class Watcher:
    """`python -m vaultkit --vault V --today DAY watch` in its own session, with its own cache
    dir (two daemons on one machine must not share one), logging to a file."""

    def __init__(self, name: str, vault: Path, work: Path):
        self.name, self.vault = name, vault
        self.log = work / f"vaultkit-{name}.log"
        cache = work / f"cache-{name}"
        cache.mkdir()
        env = dict(os.environ, VAULTKIT_CACHE_DIR=str(cache))
        env.pop("VAULTKIT_VAULT", None)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "vaultkit",
                    "--vault",
                    str(vault),
                    "--today",
                    PINNED_DAY,
                    "watch",
                ],
                cwd=work,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def text(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def lines(self) -> list[str]:
        return self.text().splitlines()

    def actions(self) -> list[tuple[str, str]]:
        found = []
        for line in self.lines():
            match = LOG_LINE.match(line)
            if match:
                found.append((match.group(1), match.group(2)))
        return found

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> int | None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
                return None
        return self.process.returncode


class World:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.a = tmp / "A"
        self.b = tmp / "B"
        self.pair: SyncthingPair | None = None
        self.watchers: list[Watcher] = []
        self.stopped_status: dict[str, int | None] = {}

    def logs(self) -> str:
        parts = []
        for watcher in self.watchers:
            parts.append(f"--- vaultkit {watcher.name} ---\n{watcher.text()[-4000:]}")
        if self.pair:
            for device in self.pair.devices:
                parts.append(f"--- syncthing {device.name} ---\n{device.log_text()[-3000:]}")
        return "\n".join(parts)

    def check(self) -> None:
        if self.pair:
            self.pair.check_alive()
        for watcher in self.watchers:
            if not watcher.alive():
                raise AssertionError(
                    f"vaultkit {watcher.name} exited with "
                    f"{watcher.process.returncode}\n{self.logs()}"
                )

    def wait(
        self, condition: Callable[[], object], what: str, timeout: float = STEP_TIMEOUT
    ) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            self.check()
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout} s waiting for {what}\n"
                    f"{self.describe()}\n{self.logs()}"
                )
            time.sleep(0.05)

    def settle(self, stable: float, timeout: float = STEP_TIMEOUT) -> dict[str, bytes]:
        """Wait until both copies hold the same bytes and neither changes for `stable` s."""
        deadline = time.monotonic() + timeout
        last, since = None, time.monotonic()
        while True:
            self.check()
            now_a, now_b = content(self.a), content(self.b)
            state = (now_a, now_b) if now_a == now_b else None
            if state is None or state != last:
                last, since = state, time.monotonic()
            elif time.monotonic() - since >= stable:
                return now_a
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the copies did not settle within {timeout} s\n"
                    f"{self.describe()}\n{self.logs()}"
                )
            time.sleep(0.1)

    def describe(self) -> str:
        now_a, now_b = content(self.a), content(self.b)
        lines = []
        for rel in sorted(set(now_a) | set(now_b)):
            if now_a.get(rel) != now_b.get(rel):
                lines.append(f"differs: {rel}\n  A: {now_a.get(rel)!r}\n  B: {now_b.get(rel)!r}")
        conflicts = conflict_copies(self.a) + conflict_copies(self.b)
        if conflicts:
            lines.append(f"conflict copies: {conflicts}")
        return "\n".join(lines) or "the copies agree"

    def both(self, rel: str, check: Callable[[str], bool]) -> bool:
        for root in (self.a, self.b):
            try:
                if not check((root / rel).read_text("utf-8")):
                    return False
            except FileNotFoundError:
                return False
        return True


@pytest.fixture
def world(tmp_path):
    world = World(tmp_path)
    try:
        yield world
    finally:
        for watcher in world.watchers:
            world.stopped_status[watcher.name] = watcher.stop()
        if world.pair:
            world.pair.stop()


def append(path: Path, text: str) -> None:
    """A person's edit: the whole note saved again, with `text` added at the end."""
    old = path.read_text("utf-8")
    path.write_text(old + text, "utf-8")


def start(world: World) -> None:
    """Two copies of an untended vault, Syncthing carrying files both ways, then a daemon on
    each: both create today's page and the agenda, the same bytes at about the same moment."""
    source = make_vault(
        world.tmp / "source",
        {
            FRIDAY: "# Friday\n\nAsk about sleep #next\n",
            SATURDAY: "# Saturday\n\nA walk by the river.\n",
        },
        quiet=QUIET,
    )
    copy_vault(source, world.a)
    copy_vault(source, world.b)

    world.pair = SyncthingPair(world.tmp, world.a, world.b, watcher_delay=1)
    world.pair.start()
    world.pair.wait_connected()

    world.watchers = [Watcher("A", world.a, world.tmp), Watcher("B", world.b, world.tmp)]
    for watcher in world.watchers:
        world.wait(
            lambda: any("watching" in line for line in watcher.lines()),
            f"vaultkit {watcher.name} to start",
        )
    world.wait(
        lambda: world.both(AGENDA, lambda t: "Ask about sleep" in t) and world.both(TODAY, bool),
        "today's page and the agenda on both devices",
    )
    world.settle(2.0)


def check_writes(world: World, allowed: dict[tuple[str, str], int]) -> list[str]:
    """Per device: no trouble, no write not in `allowed`, none more often than allowed.
    Returns a line per device saying what it wrote."""
    report = []
    for watcher in world.watchers:
        writes, trouble = Counter(), []
        for verb, path in watcher.actions():
            if verb in WRITES:
                writes[(verb, path)] += 1
            elif verb in TROUBLE:
                trouble.append((verb, path))
        report.append(
            f"{watcher.name}: "
            + ", ".join(f"{verb} {path} x{n}" for (verb, path), n in sorted(writes.items()))
        )
        assert not trouble, f"vaultkit {watcher.name}: {trouble}\n{world.logs()}"
        for key, count in writes.items():
            assert key in allowed, f"vaultkit {watcher.name} wrote {key}, unasked\n{world.logs()}"
            assert count <= allowed[key], (
                f"vaultkit {watcher.name} wrote {key} {count} times, "
                f"at most {allowed[key]} expected\n{world.logs()}"
            )
    return report


def stop_daemons(world: World) -> None:
    for watcher in world.watchers:
        world.stopped_status[watcher.name] = watcher.stop()
    assert world.stopped_status == {"A": 0, "B": 0}, world.logs()


@pytest.mark.long
def test_two_synced_devices_settle(world):
    """Edits on both devices, one after another (each carried across before the next): the
    copies end identical with no conflict copy, each generated note written at most once per
    device per change of its inputs."""
    start(world)

    # 1. On A, a #next line in Saturday's page: the agenda picks it up on both devices.
    append(world.a / SATURDAY, "\nCall the landlord #next\n")
    world.wait(
        lambda: world.both(AGENDA, lambda t: "Call the landlord" in t),
        "the landlord in both agendas",
    )
    world.settle(2.0)

    # 2. On B, an empty note in Letters/: it is filled from the letter template.
    (world.b / "Letters").mkdir()
    (world.b / LETTER).write_bytes(b"")
    world.wait(lambda: world.both(LETTER, bool), "the letter filled on both devices")
    world.settle(2.0)

    # 3. On A, a {{letter}} trigger in Friday's page: it is expanded.
    append(world.a / FRIDAY, "\n{{letter}}\n")
    world.wait(
        lambda: world.both(FRIDAY, lambda t: "{{letter}}" not in t),
        "Friday's trigger expanded on both devices",
    )
    world.settle(2.0)

    # 4. On B, a #next line in today's page (which both daemons made).
    append(world.b / TODAY, "\nBring the notebook #next\n")
    world.wait(
        lambda: world.both(AGENDA, lambda t: "Bring the notebook" in t),
        "the notebook in both agendas",
    )
    world.settle(2.0)

    # 5. On B, a #next line in Friday's page, which A's daemon expanded in step 3.
    append(world.b / FRIDAY, "\nThe bus was late #next\n")
    world.wait(
        lambda: world.both(AGENDA, lambda t: "The bus was late" in t), "the bus in both agendas"
    )
    world.settle(2.0)

    # 6. On A, a task with #next; then, on B, that task ticked in the agenda: the tick is
    #    carried back to Saturday's page (on whichever device gets there first, or on both).
    append(world.a / SATURDAY, "\n- [ ] Email the forms #next\n")
    world.wait(
        lambda: world.both(AGENDA, lambda t: "- [ ] Email the forms" in t),
        "the task in both agendas",
    )
    world.settle(2.0)
    agenda_b = world.b / AGENDA
    agenda_b.write_text(
        agenda_b.read_text("utf-8").replace("- [ ] Email the forms", "- [x] Email the forms"),
        "utf-8",
    )
    world.wait(
        lambda: world.both(SATURDAY, lambda t: "- [x] Email the forms #next" in t),
        "the tick carried to Saturday's page on both devices",
    )

    final = world.settle(5.0, FINAL_TIMEOUT)

    # --- the end state -----------------------------------------------------------------------
    assert content(world.a) == content(world.b), world.describe()
    assert conflict_copies(world.a) == [] and conflict_copies(world.b) == [], world.describe()
    for watcher in world.watchers:
        assert not [line for line in watcher.lines() if "sync conflict copy" in line], world.logs()
    agenda = final[AGENDA].decode("utf-8")
    for line in (
        "Ask about sleep",
        "Call the landlord",
        "Bring the notebook",
        "The bus was late",
        "- [x] Email the forms",
    ):
        assert line in agenda, agenda
    assert "- [x] Email the forms #next" in final[SATURDAY].decode("utf-8")
    assert "{{letter}}" not in final[FRIDAY].decode("utf-8")
    assert final[LETTER].startswith(b"---\n"), final[LETTER]
    assert final[TODAY]

    # --- how often each generated note was written -------------------------------------------
    # Every write is logged as '<verb> <path> (<detail>)'. Per device, a note may be written at
    # most once per change of its inputs during the script, wherever that change was made:
    #   today's page   created once (its input, the day, never changes);
    #   the letter     filled once (it was made empty once);
    #   Friday         expanded once (one trigger line);
    #   Saturday       ticked once (one tick in the agenda);
    #   the agenda     created once, then updated once per #next edit: steps 1, 4, 5, 6 (the
    #                  task) and 6 (Saturday's page ticked): at most 5.
    # Both devices may make the same write (each daemon sees each change, by hand or by sync,
    # and writes the same bytes): that is allowed, and counted per device. What is not allowed
    # is a fight: a note written again with no new input, which is what a daemon undoing the
    # other's write (or its own) would show as.
    report = check_writes(
        world,
        {
            ("created", TODAY): 1,
            ("filled", LETTER): 1,
            ("expanded", FRIDAY): 1,
            ("ticked", SATURDAY): 1,
            ("created", AGENDA): 1,
            ("updated", AGENDA): 5,
        },
    )
    # Every generated note was written by one device or the other.
    made = Counter((verb, path) for watcher in world.watchers for verb, path in watcher.actions())
    for key in (
        ("created", TODAY),
        ("filled", LETTER),
        ("expanded", FRIDAY),
        ("created", AGENDA),
        ("ticked", SATURDAY),
    ):
        assert made[key] >= 1, f"nobody {key[0]} {key[1]}\n{world.logs()}"
    print("writes per device:", *report, sep="\n  ")
    stop_daemons(world)


@pytest.mark.long
def test_edits_on_both_devices_while_apart(world):
    """A #next line added on each device while they cannot reach each other: each daemon
    rewrites its own agenda from what it has, so when they meet again the agenda was changed
    on both sides with different bytes. The copies must still end identical, holding both
    lines, and neither daemon may fight the other. Syncthing makes a `.sync-conflict-` copy
    of one of the two agendas; it must be merged away, leaving none."""
    start(world)
    world.pair.b.stop()  # B goes offline

    append(world.a / SATURDAY, "\nCall the landlord #next\n")
    append(world.b / FRIDAY, "\nThe bus was late #next\n")
    world.wait(
        lambda: (
            "Call the landlord" in (world.a / AGENDA).read_text("utf-8")
            and "The bus was late" in (world.b / AGENDA).read_text("utf-8")
        ),
        "each device's agenda to take in its own line",
    )
    time.sleep(1.0)  # apart a little longer: nothing more is written meanwhile
    world.pair.b.start(world.pair.env)  # B is back

    world.wait(
        lambda: world.both(AGENDA, lambda t: "Call the landlord" in t and "The bus was late" in t),
        "both lines in both agendas",
        FINAL_TIMEOUT,
    )
    final = world.settle(5.0, FINAL_TIMEOUT)

    assert content(world.a) == content(world.b), world.describe()
    agenda = final[AGENDA].decode("utf-8")
    assert "Call the landlord" in agenda and "The bus was late" in agenda, agenda
    # Per device: the agenda created once, updated for its own edit, for the other's edit when
    # it arrives, and at most once more for the other device's agenda arriving (its ticks are
    # an input) before that edit does.
    report = check_writes(
        world,
        {
            ("created", TODAY): 1,
            ("created", AGENDA): 1,
            ("updated", AGENDA): 3,
        },
    )
    print("writes per device:", *report, sep="\n  ")
    stop_daemons(world)

    # Syncthing keeps one of the two agendas as a conflict copy; it holds nothing of the
    # person's but vaultkit's output, so a daemon merges it away (agenda_copies.py).
    assert conflict_copies(world.a) + conflict_copies(world.b) == [], world.describe()
