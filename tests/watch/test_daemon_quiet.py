"""The daemon never writes into a note while it is being saved, and never writes twice for one
change: the two promises of the quiet period and of deterministic output, on a real observer."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from support.daemon import (
    AGENDA,
    Running,
    make_vault,
    save_in_place,
    save_truncate_then_write,
    wait_for,
)

NOTE = "Journal/2026-11-20.md"


def tree_stamps(root: Path) -> dict[str, tuple[int, int, int]]:
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            st = os.lstat(os.path.join(folder, name))
            found[os.path.relpath(os.path.join(folder, name), root)] = (
                st.st_mtime_ns,
                st.st_size,
                st.st_ino,
            )
    return found


def test_a_note_saved_every_100_ms_is_left_alone_until_quiet(tmp_path):
    quiet = 1.0
    vault = make_vault(tmp_path / "v", {NOTE: "# Friday\n"}, quiet=quiet)
    path = vault / NOTE
    with Running(vault) as running:
        inode = path.stat().st_ino
        written = ""
        last_save = 0.0
        for i in range(30):  # every 100 ms for 3 s
            # Before each save: still exactly the last save, in the same file.
            assert path.read_text("utf-8") == written or i == 0, f"changed under save {i}"
            assert path.stat().st_ino == inode, f"replaced under save {i}"
            written = f"# Friday\n\nsave {i}: still writing #next\n\n{{{{letter}}}}\n"
            if i % 2:
                save_truncate_then_write(path, written)
            else:
                save_in_place(path, written)
            last_save = time.time()
            time.sleep(0.1)  # the person's pace, not a wait for the daemon
        assert running.actions("expanded", NOTE) == []
        running.wait_action("expanded", NOTE)
        expanded_at = path.stat().st_mtime
        text = path.read_text("utf-8")

    assert expanded_at - last_save >= quiet * 0.9  # only once the note had been quiet
    assert text.startswith("# Friday\n\nsave 29: still writing #next\n\n")  # the last save kept
    assert "{{letter}}" not in text and "This letter is not meant to be sent." in text
    assert len(running.actions("expanded", NOTE)) == 1
    # It did not even try meanwhile: the writer's own check never had to put a write off.
    assert running.actions("deferred", NOTE) == []


@pytest.mark.long
def test_one_edit_writes_the_agenda_once_then_nothing_for_10_s(tmp_path):
    vault = make_vault(
        tmp_path / "v",
        {
            NOTE: "# Friday\n\nAsk about sleep #next\n",
            "Journal/2026-11-21.md": "# Saturday\n\nA walk by the river.\n",
        },
    )
    agenda = vault / AGENDA
    with Running(vault) as running:
        wait_for(running.idle, what="the first pass to settle")
        assert "Ask about sleep" in agenda.read_text("utf-8")
        before = len(running.actions("updated", AGENDA))
        agenda_inode = agenda.stat().st_ino

        save_in_place(
            vault / "Journal/2026-11-21.md",
            "# Saturday\n\nA walk by the river.\nThe dream about the house #next\n",
        )
        running.wait_text(AGENDA, "The dream about the house")
        # The action is logged once the pass is over, a moment after the file is written;
        # that it is written once is checked after 10 s of quiet below.
        wait_for(
            lambda: len(running.actions("updated", AGENDA)) > before, what="the write's log line"
        )
        assert agenda.stat().st_ino != agenda_inode  # written by rename

        wait_for(running.idle, what="the edit to settle")
        stamps, done = tree_stamps(vault), running.deeds()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # watching for 10 s that nothing is written
            assert tree_stamps(vault) == stamps
            time.sleep(0.1)
        # And nothing done, not even a deferred write. The event of the agenda's own rename may
        # still arrive in these 10 s on a loaded machine; taking it in is not doing anything.
        assert running.deeds() == done
        assert len(running.actions("updated", AGENDA)) == before + 1
