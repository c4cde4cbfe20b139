"""Reading on every core leaves the vault exactly as reading on one does: the same notes, the
same states, the same files passed over with the same reasons, in the same order."""

from __future__ import annotations

import concurrent.futures as cf
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from support.bench import load_generator
from support.reads import read_notes, vault_to_read
from vaultkit.settings.config import load_config
from vaultkit.store import helper_pool, parallel_read
from vaultkit.store.parallel_read import CHUNK, SMALLEST, _Work, cut_chunks
from vaultkit.store.vault import load_vault
from vaultkit.store.walk import walk_vault


@pytest.fixture(scope="module")
def vault_root(tmp_path_factory) -> Path:
    return vault_to_read(tmp_path_factory.mktemp("parallel") / "vault", 1200, seed=9)


def rels_of(root: Path) -> list[str]:
    return walk_vault(root).notes


def reads(root: Path, helpers: int, stop_after: int | None = None) -> list:
    steps = []

    def stopping() -> bool:
        return stop_after is not None and len(steps) >= stop_after

    return read_notes(root, rels_of(root), helpers, stopping, lambda: steps.append(1))


def test_helpers_read_what_one_process_reads(vault_root):
    alone = reads(vault_root, 0)
    shared = reads(vault_root, 1)
    assert len(alone) == len(rels_of(vault_root)) > 1000
    assert shared == alone
    # The failures come back as None, for Vault to read again and say why.
    failed = {rel for rel, fields, _ in alone if fields is None}
    assert failed == {"Journal/aaa not utf8.md", "Journal/mmm binary.md"}


def test_a_vault_read_in_parallel_is_the_vault_read_alone(vault_root, monkeypatch):
    monkeypatch.setattr(helper_pool, "MIN_NOTES", 100)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    config, _ = load_config(vault_root)
    alone = load_vault(vault_root, config)
    shared = load_vault(vault_root, config, parallel=True)
    assert list(shared.notes) == list(alone.notes)  # the same order, not only the same notes
    assert shared.notes == alone.notes
    assert shared.files == alone.files
    assert shared.skipped == alone.skipped
    assert "Journal/aaa not utf8.md" in shared.skipped
    # The bytes kept are those of the notes vaultkit may write into, whoever read them.
    kept = {rel for rel, state in shared.files.items() if state.data is not None}
    assert kept == {"Journal/2026-11-30.md", "Journal/zzz trigger.md"}


@pytest.mark.parametrize("helpers", [0, 1])
def test_stopping_keeps_only_whole_reads(vault_root, helpers):
    everything = {rel: (fields, note) for rel, fields, note in reads(vault_root, 0)}
    part = reads(vault_root, helpers, stop_after=300)
    assert 0 < len(part) < len(everything)
    for rel, fields, note in part:
        assert (fields, note) == everything[rel]
    order = rels_of(vault_root)
    positions = [order.index(rel) for rel, _, _ in part]
    assert positions == sorted(positions)


def test_a_helper_that_died_loses_no_note(vault_root):
    """A chunk whose helper broke (killed, out of memory) is read here instead."""
    config, _ = load_config(vault_root)
    rels = rels_of(vault_root)[:50]
    work = _Work(
        str(vault_root),
        [rels[:25], rels[25:]],
        config.note_rules,
        config.agenda_note,
        {},
        lambda: False,
        lambda: None,
        lambda data, entries: None,
    )
    broken: cf.Future = cf.Future()
    broken.set_exception(BrokenProcessPool("a helper died"))
    fine: cf.Future = cf.Future()
    fine.set_result((work.read_here(rels[25:]), b""))
    work.futures = {0: broken, 1: fine}
    work._collect(wait=True)
    got = [rel for number in sorted(work.done) for rel, _, _ in work.done[number]]
    assert got == rels


def test_few_notes_are_read_without_helpers(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert helper_pool.helpers_wanted(helper_pool.MIN_NOTES - 1) == 0
    assert helper_pool.helpers_wanted(helper_pool.MIN_NOTES) == 1
    assert helper_pool.helpers_wanted(100 * helper_pool.MIN_NOTES) == 7
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert helper_pool.helpers_wanted(100 * helper_pool.MIN_NOTES) == 0


def test_what_a_spawned_helper_reads_crosses_back_whole(vault_root):
    """However the chunks fall between the processes, a chunk read by a helper (a new
    interpreter) comes back the same as read here: the notes pickle whole."""
    import multiprocessing

    config, _ = load_config(vault_root)
    rels = [*rels_of(vault_root)[:300], "Journal/aaa not utf8.md", "Journal/zzz trigger.md"]
    args = (str(vault_root), rels, config.note_rules, config.agenda_note, {})
    here = parallel_read.read_chunk(*args)
    spawn = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(1, mp_context=spawn) as pool:
        there, data = pool.submit(parallel_read.read_chunk_in_helper, *args).result()
    # The notes the index holds come back once, pickled as a run of it; the rest as read.
    run = pickle.loads(data)
    indexed = {rel for rel, fields, note in here if fields and note and fields[0] is None}
    assert set(run) == indexed and len(indexed) > 250
    assert all(there_note is None for rel, _, there_note in there if rel in run)
    filled = [(rel, fields, run[rel].note if rel in run else note) for rel, fields, note in there]
    assert filled == here
    for rel, fields, _ in here:
        if rel in run:
            assert run[rel][:3] == (fields[2], fields[3], fields[5])
    assert any(note is not None and note.items for _, _, note in filled)


def test_a_note_whose_bytes_the_cache_knows_is_not_parsed(vault_root, monkeypatch):
    """Only the mtime changed (a sync, a checkout): the cached note stands, unparsed."""
    config, _ = load_config(vault_root)
    rels = rels_of(vault_root)[:40]
    args = (str(vault_root), rels, config.note_rules, config.agenda_note)
    first = parallel_read.read_chunk(*args, {})
    known = {rel: fields[5] for rel, fields, _ in first if fields is not None}
    known.pop(rels[0])  # this one the cache does not know
    parsed = []
    real = parallel_read.parse_note
    monkeypatch.setattr(
        parallel_read, "parse_note", lambda rel, *a: (parsed.append(rel), real(rel, *a))[1]
    )
    again = parallel_read.read_chunk(*args, known)
    assert parsed == [rels[0]]
    assert [note is None for _, _, note in again] == [rel in known for rel in rels]
    assert [fields[5] for _, fields, _ in again] == [fields[5] for _, fields, _ in first]


def test_no_helper_can_be_started_and_every_note_is_still_read(vault_root, monkeypatch):
    """Starting a process fails (no processes left, a sandbox that forbids it): the command
    reads every chunk itself."""

    class NoProcesses:
        def __init__(self, *args, **kwargs):
            pass

        def submit(self, *args, **kwargs):
            raise OSError(11, "Resource temporarily unavailable")

        def shutdown(self, wait=True, cancel_futures=False):
            pass

    monkeypatch.setattr(parallel_read.cf, "ProcessPoolExecutor", NoProcesses)
    assert reads(vault_root, 1) == reads(vault_root, 0)


def test_a_chunk_given_to_a_helper_that_never_started_is_read_here(vault_root, monkeypatch):
    """The command reaches the chunk being handed to a helper while the helper fails to
    start: the chunk is neither the helper's nor yet the command's, and is still read."""
    handing = threading.Event()  # a chunk is being handed to a helper
    gave_up = threading.Event()  # the command found no chunk left to take
    real_take, real_read_here = _Work._take_from_back, _Work.read_here

    def take(self):
        number = real_take(self)
        if number is None:
            gave_up.set()
        return number

    def read_here(self, rels):
        assert handing.wait(10)  # the command reads once a chunk is being handed out
        return real_read_here(self, rels)

    class FailsWhileStarting:
        calls = 0

        def __init__(self, *args, **kwargs):
            pass

        def submit(self, function, *args):
            FailsWhileStarting.calls += 1
            if FailsWhileStarting.calls == 1:
                future: cf.Future = cf.Future()
                future.set_result(function(*args))
                return future
            handing.set()
            assert gave_up.wait(10)  # the command met this chunk meanwhile
            raise BrokenProcessPool("a helper died while starting")

        def shutdown(self, wait=True, cancel_futures=False):
            pass

    monkeypatch.setattr(_Work, "_take_from_back", take)
    monkeypatch.setattr(_Work, "read_here", read_here)
    monkeypatch.setattr(parallel_read.cf, "ProcessPoolExecutor", FailsWhileStarting)
    monkeypatch.setattr(parallel_read, "CHUNK", 10)
    rels = rels_of(vault_root)[:40]
    found = read_notes(vault_root, rels, 1)
    assert [rel for rel, _, _ in found] == rels
    assert gave_up.is_set()


def test_a_ctrl_c_a_helper_caught_is_not_the_commands(vault_root):
    """A terminal's Ctrl-C reaches every process of the group; a helper that was hit hands
    back a KeyboardInterrupt, and the command reads that chunk itself rather than stop."""
    config, _ = load_config(vault_root)
    rels = rels_of(vault_root)[:30]
    work = _Work(
        str(vault_root),
        [rels],
        config.note_rules,
        config.agenda_note,
        {},
        lambda: False,
        lambda: None,
        lambda data, entries: None,
    )
    hit: cf.Future = cf.Future()
    hit.set_exception(KeyboardInterrupt())
    work.futures = {0: hit}
    work._collect(wait=True)
    assert [rel for rel, _, _ in work.done[0]] == rels


def test_helpers_started_ahead_are_the_ones_the_read_takes(vault_root, monkeypatch):
    """A command that knows a big read is coming (no index cache) starts its helpers first;
    the read takes those and starts none of its own."""
    monkeypatch.setattr(helper_pool, "MIN_NOTES", 100)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    made = []
    real = helper_pool.new_pool
    monkeypatch.setattr(helper_pool, "new_pool", lambda n, **how: made.append(n) or real(n, **how))
    monkeypatch.setattr(parallel_read, "new_pool", helper_pool.new_pool)
    helper_pool.start_ahead(len(rels_of(vault_root)))
    assert made == [1] and helper_pool._ahead
    assert reads(vault_root, 1) == reads(vault_root, 0)
    assert made == [1] and not helper_pool._ahead  # taken, and no other started


def test_helpers_started_ahead_of_a_small_read_are_let_go(vault_root, monkeypatch):
    monkeypatch.setattr(helper_pool, "MIN_NOTES", 100)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    helper_pool.start_ahead(99)  # too few to want one: none started
    assert not helper_pool._ahead
    helper_pool.start_ahead(5000)
    assert helper_pool._ahead
    found = read_notes(vault_root, rels_of(vault_root)[:5], 0)
    assert len(found) == 5
    assert not helper_pool._ahead  # let go: nothing is left waiting for work


def test_a_run_with_no_index_starts_its_helpers_ahead(monkeypatch, cli, tmp_path):
    """`vaultkit run` knows from its stamp's walk how many notes there are, and from the cache
    folder whether any will be taken from the index: with none, every note is read."""
    root = tmp_path / "v"
    load_generator().generate(root, 60, seed=3)
    asked = []
    monkeypatch.setattr(helper_pool, "start_ahead", asked.append)
    args = ("--vault", str(root), "--today", "2026-11-22", "run")
    notes = len(rels_of(root))
    assert cli(*args).exit_code == 0
    assert asked == [notes]
    (root / "Journal/2026-11-21.md").write_text("changed #next\n", "utf-8")
    asked.clear()
    assert cli(*args).exit_code == 0
    assert asked == []  # the index is there: only what changed is read


def test_a_first_guess_at_a_vaults_size_counts_near_the_top_and_stops_at_enough(tmp_path):
    from vaultkit.store.walk import notes_near_top

    root = tmp_path / "v"
    for rel in ["a.md", "B.MD", "j/1.md", "j/2.md", "j/x.txt", "j/deep/3.md", ".obsidian/4.md"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", "utf-8")
    assert notes_near_top(root, 100) == 4  # not in a folder of a folder, nor in a dot-folder
    assert notes_near_top(root, 2) == 2  # enough: the folders are not listed
    assert notes_near_top(tmp_path / "missing", 100) == 0


@given(st.integers(0, 120_000), st.integers(0, 15))
def test_chunks_cover_every_note_once_and_are_small_where_the_readers_meet(count, helpers):
    chunks = cut_chunks(count, helpers)
    assert [start for start, _ in chunks] == [0, *(end for _, end in chunks)][: len(chunks)]
    assert (chunks[-1][1] if chunks else 0) == count
    assert all(0 < end - start <= CHUNK for start, end in chunks)
    if helpers and count:
        # The chunks either side of where the helpers are expected to have read to: what is
        # still in hand when one side runs out is a few small chunks, not two of CHUNK.
        meet = count * helpers // (helpers + 1)
        near = [end - start for start, end in chunks if start - SMALLEST <= meet <= end + SMALLEST]
        assert max(near) <= SMALLEST
        # and only a few more chunks than cut evenly: each piece of work costs a round trip
        assert len(chunks) <= count // CHUNK + 20


FORKED_AHEAD = """
import sys, threading
from pathlib import Path
from vaultkit.settings.config import load_config
from vaultkit.store import helper_pool
from vaultkit.store.vault import load_vault

helper_pool.MIN_NOTES = 10
root = Path(sys.argv[1])
if sys.argv[2] == "with a thread":
    threading.Thread(target=threading.Event().wait, daemon=True).start()
helper_pool.start_ahead(1000)
how = helper_pool._ahead[0]._mp_context.get_start_method()
config, _ = load_config(root)
shared = load_vault(root, config, parallel=True)
alone = load_vault(root, config)
print(how, shared.notes == alone.notes and list(shared.notes) == list(alone.notes))
"""


@pytest.mark.parametrize(
    ("threads", "expected"),
    [("alone", "fork"), ("with a thread", "spawn")],
)
def test_helpers_are_forked_only_from_a_process_of_one_thread(vault_root, threads, expected):
    """`vaultkit run` starts its helpers before it starts any thread: forked then, they start
    at once with what is imported already. A process that runs another thread spawns them
    (a fork copies no thread but its own, and a lock another thread holds stays held)."""
    if sys.platform != "linux":
        expected = "spawn"
    done = subprocess.run(
        [sys.executable, "-c", FORKED_AHEAD, str(vault_root), threads],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [expected, "True"]


KILLED_WITH_HELPERS = """
import os, signal, sys, threading
from vaultkit.store import helper_pool

helper_pool.MIN_NOTES = 10
if sys.argv[1] == "with a thread":
    threading.Thread(target=threading.Event().wait, daemon=True).start()
pool = helper_pool.new_pool(1, fork=sys.argv[1] == "alone")
pool.submit(helper_pool._ready).result(timeout=60)  # started, and waiting for work
with open(sys.argv[2], "w") as pids:
    pids.write(" ".join(map(str, pool._processes)))
os.kill(os.getpid(), signal.SIGKILL)  # the command killed outright: nothing tells its helpers
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"  # ended, not yet reaped
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
@pytest.mark.parametrize("threads", ["alone", "with a thread"])
def test_helpers_end_when_the_command_is_killed(threads, tmp_path):
    """A helper ignores SIGINT and SIGTERM (they are the command's to act on), so a command
    killed outright would leave it waiting for work forever: it watches the command's
    process and ends with it, forked or spawned."""
    pids = tmp_path / "helpers"
    done = subprocess.run(  # no pipes: a helper left behind would hold them open
        [sys.executable, "-c", KILLED_WITH_HELPERS, threads, str(pids)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL
    helpers = [int(pid) for pid in pids.read_text().split()]
    assert helpers
    deadline = time.monotonic() + 20
    while not all(_gone(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in helpers if not _gone(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)  # not left behind by the test either
    assert not left


CTRL_C_BEFORE_THE_READ = """
import sys
from vaultkit.store import first_read, helper_pool

helper_pool.MIN_NOTES = 10


def interrupted(*args, **kwargs):
    raise KeyboardInterrupt  # Ctrl-C as the vault is walked, the helpers started ahead


first_read.begin_first_read = interrupted
from vaultkit.cli import main

main(["--vault", sys.argv[1], "--today", "2026-11-22", "run"], prog_name="vaultkit")
"""


@pytest.mark.parametrize("threads", ["alone", "with a thread"])
def test_a_ctrl_c_before_the_read_lets_the_helpers_go_quietly(vault_root, tmp_path, threads):
    """Helpers started ahead that no read took are let go with the command, not at the
    interpreter's exit, after the modules their pool needs are gone (a traceback under
    "Aborted!")."""
    script = CTRL_C_BEFORE_THE_READ
    if threads == "with a thread":  # so the helpers are spawned
        script = (
            "import threading\nthreading.Thread(target=threading.Event().wait, daemon=True).start()\n"
            + script
        )
    done = subprocess.run(
        [sys.executable, "-c", script, str(vault_root)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, VAULTKIT_CACHE_DIR=str(tmp_path / "cache")),
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "Aborted!"
