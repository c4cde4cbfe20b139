"""The vault folder itself replaced or removed under a running daemon.

inotify watches a folder's inode, not its name: after `mv v v.old; mkdir v; cp -a v.old/. v/`
a daemon that only listened would hear v.old for ever and tend nothing the person writes in v.
It must notice, say so, and watch the new folder; and when the folder is gone for good it must
stop with a clear line instead of running on, deaf.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

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
from vaultkit.watch.daemon import VaultGone


@pytest.fixture
def vault(tmp_path):
    return two_day_vault(tmp_path / "v")


def replace_folder(vault: Path) -> Path:
    """What a person (or a restore from a backup) does: the old folder moved aside, a new one
    made at the same path and filled with copies (new inodes, same bytes, same mtimes)."""
    old = vault.with_name(vault.name + ".old")
    os.rename(vault, old)
    os.mkdir(vault)
    shutil.copytree(old, vault, dirs_exist_ok=True, copy_function=shutil.copy2)
    return old


def settled_after_replacing(running: Running) -> None:
    """Wait for the replacement to be noticed and the new folder's notes all looked at."""
    replaced = wait_for(
        lambda: running.lines("the vault folder was replaced"),
        10,
        "the daemon to notice the new folder",
    )
    assert len(replaced) == 1

    def rescanned_since() -> bool:
        lines = running.records.snapshot()
        since = lines[lines.index(replaced[0]) :]
        return any(line.startswith("rescanned:") for line in since)

    wait_for(rescanned_since, 10, "the rescan of the new folder")
    wait_for(running.idle, 10, "the new folder's notes to be looked at")


@pytest.mark.long
@pytest.mark.parametrize("polling", [False, True], ids=["native", "polling"])
def test_a_replaced_vault_folder_is_watched_again(tmp_path, polling):
    vault = make_vault(
        tmp_path / "v",
        {
            FRIDAY: "# Friday\n\nAsk about sleep #next\n",
            SATURDAY: "# Saturday\n\nA walk by the river.\n",
        },
        extra_toml="[watch]\npolling = true\n" if polling else "",
    )
    # inotify says nothing when the watched folder itself is moved: the health check finds it.
    # The poller lists the path, sees a new folder there and says so at once: no health check.
    with Running(vault, health_seconds=3600 if polling else 0.2) as running:
        assert "Ask about sleep" in agenda_text(vault)
        wait_for(running.idle, what="the first pass to settle")
        done_before = [
            line
            for line in running.records.snapshot()
            if line.split(" ", 1)[0] in ("created", "updated", "filled", "ticked", "expanded")
        ]
        old = replace_folder(vault)
        agenda_inode = os.stat(vault / AGENDA).st_ino
        settled_after_replacing(running)
        assert running.lines(f"the vault folder was replaced; watching the new one at {vault}")
        # Same bytes under new inodes: read again, written never.
        assert os.stat(vault / AGENDA).st_ino == agenda_inode
        done_after = [
            line
            for line in running.records.snapshot()
            if line.split(" ", 1)[0] in ("created", "updated", "filled", "ticked", "expanded")
        ]
        assert done_after == done_before

        with open(vault / SATURDAY, "a", encoding="utf-8") as note:
            note.write("- talk about the move #next\n")
        running.wait_text(AGENDA, "talk about the move", timeout=15)
        # The old folder is left as it was: nothing is written there any more.
        assert "talk about the move" not in (old / AGENDA).read_text("utf-8")


def test_a_replaced_folder_is_noticed_by_the_health_check_alone(vault):
    """No event at all tells of a `mv` of the watched folder itself: the health check must."""
    with Running(vault, health_seconds=0.2) as running:
        wait_for(running.idle, what="the first pass to settle")
        replace_folder(vault)
        settled_after_replacing(running)
        save_in_place(vault / FRIDAY, "# Friday\n\nAsk about sleep #next\nAnd the new flat #next\n")
        running.wait_text(AGENDA, "And the new flat", timeout=15)


def _remove_tree(folder: Path) -> None:
    """`rm -r`, again if a file was written into the folder while it was being emptied: a
    pass still ending when the queue went idle may put its last note in place meanwhile."""
    for _ in range(50):
        try:
            shutil.rmtree(folder)
            return
        except OSError:
            time.sleep(0.05)
    shutil.rmtree(folder)


@pytest.mark.parametrize("polling", [False, True], ids=["native", "polling"])
def test_a_folder_removed_and_made_again_in_a_moment_is_watched_again(tmp_path, polling):
    """`rm -r v; mkdir v; cp …`: the deletion arrives as an event (no health check needed);
    the daemon waits for the folder to come back instead of stopping at once."""
    vault = make_vault(
        tmp_path / "v",
        {
            FRIDAY: "# Friday\n\nAsk about sleep #next\n",
            SATURDAY: "# Saturday\n\nA walk by the river.\n",
        },
        extra_toml="[watch]\npolling = true\n" if polling else "",
    )
    backup = vault.with_name("backup")
    shutil.copytree(vault, backup)
    with Running(vault, health_seconds=3600, root_grace_seconds=10) as running:
        wait_for(running.idle, what="the first pass to settle")
        _remove_tree(vault)
        time.sleep(0.3)  # the folder is missing for a moment, as with a restore
        os.mkdir(vault)
        shutil.copytree(backup, vault, dirs_exist_ok=True)
        if not polling:
            # The new folder may get the old one's inode number back: the deletion event, not
            # the inode, says the watched folder is gone. (A poller lists the path each time,
            # so it needs no new start unless it looked while the folder was missing.)
            wait_for(
                lambda: running.lines("the vault folder was replaced"),
                10,
                "the daemon to notice the new folder",
            )
        save_in_place(vault / SATURDAY, "# Saturday\n\nBack again #next\n")
        running.wait_text(AGENDA, "Back again", timeout=15)
        assert running.thread.is_alive()


@pytest.mark.parametrize("how", ["removed", "moved away"])
def test_a_vault_folder_gone_for_good_stops_the_daemon_with_a_clear_line(vault, how):
    running = Running(vault, health_seconds=0.2, root_grace_seconds=1.0)
    with pytest.raises(VaultGone), running:
        wait_for(running.idle, what="the first pass to settle")
        gone_at = time.monotonic()
        if how == "removed":
            shutil.rmtree(vault)
        else:
            os.rename(vault, vault.with_name("elsewhere"))
        running.thread.join(10)
        assert not running.thread.is_alive(), "the daemon went on without its vault"
        assert time.monotonic() - gone_at < 1.0 + 5
    assert running.lines(f"the vault folder {vault} is gone; stopping")
    assert not vault.exists()  # nothing made a new, empty vault in its place


def test_an_event_on_the_vault_folder_itself_is_passed_on_and_never_raises(tmp_path):
    """The handler runs in the observer's thread: an exception there would end that thread
    and leave the daemon deaf, the very thing the root check is there to prevent."""
    from watchdog.events import DirCreatedEvent, DirDeletedEvent, FileModifiedEvent

    from vaultkit.watch.observer import PathHandler

    root = tmp_path / "v"
    root.mkdir()
    told, paths = [], []
    handler = PathHandler(root, paths.extend, told.append)
    handler.dispatch(DirDeletedEvent(str(root)))
    handler.dispatch(DirCreatedEvent(str(root)))
    handler.dispatch(FileModifiedEvent(str(root / "a.md")))
    assert told == [True, False] and paths == ["a.md"]

    def broken(gone):
        raise RuntimeError("the daemon is shutting down")

    PathHandler(root, paths.extend, broken).dispatch(DirDeletedEvent(str(root)))  # no raise
