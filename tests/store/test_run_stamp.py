"""`vaultkit run` ends at once on a vault unchanged since a run with nothing to do, and on
nothing else (store/run_stamp.py). The sequences are in tests/whole/test_run_stamp_model.py;
here, each kind of change from a settled vault, and the rules that keep a stamp from being
trusted."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from support.vaults import OLD_MTIME, age_tree, tree_bytes
from vaultkit.store import run_stamp
from vaultkit.store.cache_dir import vault_cache_dir
from vaultkit.store.resources import example_vault_dir
from vaultkit.store.temp_files import TEMP_SUFFIX, temp_prefix

TODAY = dt.date(2026, 11, 22)
LATER = OLD_MTIME + 86_400  # a clock of the test's own, after every file of the vault


@pytest.fixture
def settled(tmp_path: Path, cli, monkeypatch) -> Path:
    """The example vault after runs until one had nothing to do: its stamp kept."""
    monkeypatch.setattr(run_stamp, "RACY_NS", -(10**18))  # files here are stamped by LATER
    root = tmp_path / "vault"
    shutil.copytree(example_vault_dir(), root)
    age_tree(root)
    for _ in range(2):
        cli("--vault", str(root), "--today", TODAY.isoformat(), "run")
    assert _stamp(root).same_as_last()
    return root


def _stamp(root: Path, today: dt.date = TODAY) -> run_stamp.RunStamp:
    return run_stamp.RunStamp.take(root, today)


def _later(path: Path) -> None:
    os.utime(path, (LATER, LATER))


def _append(rel: str, line: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / rel
        with open(path, "a", encoding="utf-8") as note:
            note.write(line)
        _later(path)

    return change


def _chmod(root: Path) -> None:
    (root / "Journal" / "2026-11-21.md").chmod(0o444)


def _same_bytes_new_mtime(root: Path) -> None:
    _later(root / "Journal" / "2026-11-21.md")


def _same_mtime_new_bytes(root: Path) -> None:
    # An editor that writes in place and an mtime set back: only ctime tells.
    path = root / "Journal" / "2026-11-21.md"
    st = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"a", b"e", 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


CHANGES = {
    "a line typed": _append("Journal/2026-11-21.md", "- [ ] call the clinic #next\n"),
    "a trigger line": _append("Letters/To Mum, about the holidays.md", "{{ask}}\n"),
    "the agenda edited": _append("Next session.md", "a line of my own\n"),
    "the agenda deleted": lambda root: (root / "Next session.md").unlink(),
    "a chart deleted": lambda root: next((root / "Reviews" / "Charts").iterdir()).unlink(),
    "a note renamed": lambda root: (root / "People" / "Sam.md").rename(root / "Sam.md"),
    "a note made read-only": _chmod,
    "touched": _same_bytes_new_mtime,
    "rewritten in place, mtime set back": _same_mtime_new_bytes,
    "vaultkit.toml": _append("vaultkit.toml", "\n[agenda]\nwindow_days = 3\n"),
    ".obsidian settings": lambda root: (root / ".obsidian" / "templates.json").write_text(
        '{"folder": "Templates"}'
    ),
    "an empty folder": lambda root: (root / "Sessions" / "Old").mkdir(),
    "a new note": lambda root: (root / "Letters" / "New.md").write_text("Dear me,\n"),
    "a sync conflict copy": lambda root: (
        root / "Journal" / "2026-11-21.sync-conflict-20261123-101010-PHONE.md"
    ).write_text("- [ ] from the phone #next\n"),
    "vaultkit's blocks forgotten": lambda root: (vault_cache_dir(root) / "blocks.json").unlink(),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_every_change_gives_another_stamp(settled: Path, change):
    change(settled)
    assert not _stamp(settled).same_as_last()


def test_another_day_gives_another_stamp(settled: Path):
    assert not _stamp(settled, TODAY + dt.timedelta(days=1)).same_as_last()


def test_a_settled_vault_ends_at_once_with_nothing_said_and_nothing_written(settled, cli):
    before = tree_bytes(settled)
    done = cli("--vault", str(settled), "--today", TODAY.isoformat(), "run")
    assert (done.exit_code, done.output) == (0, "")
    assert tree_bytes(settled) == before
    # and a full pass agrees that there was nothing to do
    full = cli("--vault", str(settled), "--today", TODAY.isoformat(), "run", "--dry-run")
    assert (full.exit_code, full.output) == (0, "")


def test_a_pass_that_did_something_forgets_the_stamp(settled: Path, cli):
    _append("Journal/2026-11-21.md", "- the fight with Sam #next\n")(settled)
    cli("--vault", str(settled), "--today", TODAY.isoformat(), "run")  # the agenda is written
    assert not (vault_cache_dir(settled) / run_stamp.STAMP_NAME).exists()


def test_a_pass_with_a_warning_keeps_no_stamp(settled: Path, cli):
    (settled / "Journal" / "garbled.md").write_bytes(b"\xff\xfe not text\n")
    _later(settled / "Journal" / "garbled.md")
    for _ in range(3):
        done = cli("--vault", str(settled), "--today", TODAY.isoformat(), "run")
        assert "garbled.md" in done.output  # said on every run, never taken for nothing to do
    assert not _stamp(settled).same_as_last()


def test_a_logged_warning_keeps_no_stamp(settled: Path, cli, monkeypatch):
    from vaultkit.app import tender

    real = tender.Tender.finish

    def finish_with_a_warning(self):
        logging.getLogger("vaultkit").warning("warning: a cache could not be written")
        return real(self)

    monkeypatch.setattr(tender.Tender, "finish", finish_with_a_warning)
    (vault_cache_dir(settled) / run_stamp.STAMP_NAME).unlink()
    cli("--vault", str(settled), "--today", TODAY.isoformat(), "run")
    assert not _stamp(settled).same_as_last()


def test_a_dry_run_never_ends_at_once(settled: Path, cli, monkeypatch):
    monkeypatch.setattr(run_stamp.RunStamp, "take", lambda *a: pytest.fail("stamp taken"))
    done = cli("--vault", str(settled), "--today", TODAY.isoformat(), "run", "--dry-run")
    assert done.exit_code == 0


@pytest.mark.parametrize(
    "kept", [b"", b"{", b"[]", b'{"stamp": 1}', b'{"stamp": "0000"}', b"\xff\xfe"]
)
def test_a_stamp_file_not_as_vaultkit_wrote_it_means_a_full_pass(settled: Path, kept: bytes):
    (vault_cache_dir(settled) / run_stamp.STAMP_NAME).write_bytes(kept)
    assert not _stamp(settled).same_as_last()


def test_a_file_changed_moments_ago_is_never_trusted(settled: Path, monkeypatch):
    monkeypatch.setattr(run_stamp, "RACY_NS", 2_000_000_000)
    # The stamp is taken 10 s after every file here was made (their ctime)
    now = time.time_ns() + 10_000_000_000
    monkeypatch.setattr(run_stamp.time, "time_ns", lambda: now)
    assert _stamp(settled).keepable
    os.utime(settled / "People" / "Sam.md", ns=(now - 1_000_000_000, now - 1_000_000_000))
    assert not _stamp(settled).keepable  # a coarse clock could hide a second change


@pytest.mark.parametrize("pid_alive", [True, False])
def test_a_temp_file_in_the_vault_is_never_trusted(settled: Path, pid_alive: bool):
    pid = os.getpid() if pid_alive else 2**22 + 1
    name = temp_prefix("Next session.md").replace(f"-{os.getpid()}-", f"-{pid}-")
    (settled / f"{name}x{TEMP_SUFFIX}").write_bytes(b"half a note")
    os.utime(settled / f"{name}x{TEMP_SUFFIX}", (LATER, LATER))
    assert not _stamp(settled).keepable  # swept once it is stale: a change no stamp shows


def _settle(root: Path, cli) -> None:
    for _ in range(3):
        cli("--vault", str(root), "--today", TODAY.isoformat(), "run")
    assert _stamp(root).same_as_last()


def test_a_page_in_a_dot_folder_a_setting_names_is_stamped(settled: Path, cli):
    # Obsidian lets the daily folder be ".daily": the pass writes there, so the stamp looks
    # there (found by an attack: deleting today's page there went unseen).
    (settled / ".obsidian" / "daily-notes.json").write_text('{"folder": ".daily"}')
    _settle(settled, cli)
    (settled / ".daily" / f"{TODAY.isoformat()}.md").unlink()
    assert not _stamp(settled).same_as_last()


def test_a_symlink_retargeted_in_a_dot_folder_is_a_change(settled: Path, cli, tmp_path):
    # link.md -> .x/mid.md -> Journal/2026-11-20.md; .x/mid.md then leads out of the vault
    (settled / ".x").mkdir()
    (settled / ".x" / "mid.md").symlink_to("../Journal/2026-11-20.md")
    (settled / "link.md").symlink_to(".x/mid.md")
    outside = tmp_path / "outside.md"
    os.link(settled / "Journal" / "2026-11-20.md", outside)  # the same inode, out of the vault
    _settle(settled, cli)
    (settled / ".x" / "mid.md").unlink()
    (settled / ".x" / "mid.md").symlink_to(outside)
    assert not _stamp(settled).same_as_last()


def test_a_setting_that_names_a_path_in_an_unread_folder_keeps_no_stamp(settled: Path, cli):
    (settled / "vaultkit.toml").write_text('[agenda]\nnote = ".obsidian/Next session.md"\n')
    for _ in range(3):
        cli("--vault", str(settled), "--today", TODAY.isoformat(), "run")
    assert not _stamp(settled).same_as_last()


def test_the_index_gone_is_a_change(settled: Path):
    # A note rewritten in place under its old size and mtime is read again only once the
    # index is gone; the stamp must not outlive the index that missed it.
    (vault_cache_dir(settled) / "index.pickle").unlink()
    assert not _stamp(settled).same_as_last()


def test_a_first_read_takes_no_stamp_and_forgets_the_one_kept(settled: Path, cli, monkeypatch):
    """With no index every note is read afresh, and a stamp taken first would hold up the
    read: none is taken, the one kept before is gone, and the run after it settles again."""
    kept = vault_cache_dir(settled) / run_stamp.STAMP_NAME
    (vault_cache_dir(settled) / "index.pickle").unlink()
    with monkeypatch.context() as scope:
        scope.setattr(run_stamp.RunStamp, "take", lambda *a: pytest.fail("stamp taken"))
        done = cli("--vault", str(settled), "--today", TODAY.isoformat(), "run")
    assert (done.exit_code, done.output) == (0, "")
    assert not kept.exists()
    cli("--vault", str(settled), "--today", TODAY.isoformat(), "run")  # reads the index
    assert kept.exists() and _stamp(settled).same_as_last()


def test_a_cache_folder_inside_the_vault_still_settles(tmp_path: Path, cli, monkeypatch):
    monkeypatch.setattr(run_stamp, "RACY_NS", -(10**18))
    root = tmp_path / "vault"
    shutil.copytree(example_vault_dir(), root)
    age_tree(root)
    monkeypatch.setenv("VAULTKIT_CACHE_DIR", str(root / ".cache"))
    _settle(root, cli)  # the stamp written there is not a change to the vault
