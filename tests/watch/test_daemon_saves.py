"""Every way editors and sync tools save, on a real observer and a temp vault.

Each test saves the way one tool does and waits (with a timeout) for what a person would see:
the agenda holding their `#next` line, a trigger expanded, a prompt note filled, or, just as
often, nothing done at all to a note that only looked empty for a moment.
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
    save_by_rename,
    save_in_place,
    save_like_vim,
    save_truncate_then_write,
    two_day_vault,
    wait_for,
)


@pytest.fixture
def vault(tmp_path):
    return two_day_vault(tmp_path / "v")


def settled(running: Running, rel: str) -> None:
    """Wait until the daemon has heard of `rel` and has nothing left to look at.

    The event is waited for first: `idle` alone could be true before the event arrives."""
    wait_for(lambda: [l for l in running.lines("event ") if rel in l], what=f"an event for {rel}")
    wait_for(running.idle, what=f"{rel} to be looked at")


def marker_seen(running: Running, vault: Path, name: str = "Journal/marker.md") -> None:
    """Write a note and wait for its event. Events arrive in order, so once this one is in,
    any event the steps before it caused has arrived too."""
    save_in_place(vault / name, f"marker {time.monotonic()}\n")
    settled(running, name)


# --- the save ways ----------------------------------------------------------------------------


def test_saved_in_place(vault):
    head = "# Saturday\n\nA walk by the river.\n"
    tail = "\nAnd then home, tired in the good way.\n"
    with Running(vault) as running:
        wait_for(running.idle)
        save_in_place(
            vault / SATURDAY, f"{head}The dream about the house #next\n{{{{letter}}}}\n{tail}"
        )
        running.wait_action("expanded", SATURDAY)
        running.wait_text(AGENDA, "The dream about the house")
    text = (vault / SATURDAY).read_text("utf-8")
    assert text.startswith(f"{head}The dream about the house #next\n")
    assert text.endswith(tail)  # only the trigger's line was replaced
    assert "{{letter}}" not in text and "This letter is not meant to be sent." in text


def test_truncate_then_write_with_a_long_empty_moment_is_never_taken_for_empty(tmp_path):
    quiet = 0.5
    note = "Free writing/Tuesday.md"
    # Dated the Tuesday before (the agenda shows the last two weeks of items).
    first = (
        "---\ndate: 2026-11-17\n---\nStarted: 21:10\n\nI keep going back to the phone call #next\n"
    )
    vault = make_vault(tmp_path / "v", {note: first}, quiet=quiet)
    path = vault / note
    with Running(vault) as running:
        wait_for(running.idle)
        assert "the phone call" in agenda_text(vault)
        second = first + "It was not what she said, it was the pause before it.\n"
        # The 0-byte moment held open for three quiet periods.
        started = time.monotonic()
        with open(path, "wb") as handle:
            handle.flush()
            os.fsync(handle.fileno())
            # The daemon has looked at the empty note...
            wait_for(lambda: running.lines(f"{note} reads empty"), what="the empty note looked at")
            while time.monotonic() - started < 3 * quiet:
                # ...and neither filled it nor dropped its line from the agenda.
                assert path.stat().st_size == 0
                assert "the phone call" in agenda_text(vault)
                time.sleep(0.05)
            handle.write(second.encode("utf-8"))
        settled(running, note)
        running.wait_text(AGENDA, "the phone call")
    assert path.read_text("utf-8") == second  # never filled with the free-writing prompt
    assert running.actions("filled", note) == []


def test_truncate_then_write_keeps_the_last_save(vault):
    with Running(vault) as running:
        wait_for(running.idle)
        save_truncate_then_write(
            vault / SATURDAY, "# Saturday\n\nCalled Mum back #next\n{{letter}}\n", pause=0.1
        )
        running.wait_action("expanded", SATURDAY)
        running.wait_text(AGENDA, "Called Mum back")
    text = (vault / SATURDAY).read_text("utf-8")
    assert text.startswith("# Saturday\n\nCalled Mum back #next\n")
    assert "{{letter}}" not in text


def test_temp_file_then_rename(vault):
    with Running(vault) as running:
        wait_for(running.idle)
        save_by_rename(vault / SATURDAY, "# Saturday\n\nSynced from the phone #next\n")
        running.wait_text(AGENDA, "Synced from the phone")
        marker_seen(running, vault)
    # The sync tool's temp file never woke the daemon; the rename into place did.
    assert not [l for l in running.lines("event ") if ".syncthing" in l]


def test_vim_backup_rename(vault):
    with Running(vault) as running:
        wait_for(running.idle)
        save_like_vim(vault / SATURDAY, "# Saturday\n\nWritten in vim #next\n{{letter}}\n")
        running.wait_action("expanded", SATURDAY)
        running.wait_text(AGENDA, "Written in vim")
        marker_seen(running, vault)
    assert (vault / SATURDAY).read_text("utf-8").startswith("# Saturday\n\nWritten in vim #next\n")
    assert not (vault / f"{SATURDAY}~").exists()
    # Neither vim's probe file nor its backup is a note.
    assert not [l for l in running.lines("event ") if "4913" in l or ".md~" in l]


def test_obsidian_untitled_renamed_into_a_prompt_folder_is_filled(vault):
    (vault / "Free writing").mkdir()
    with Running(vault) as running:
        wait_for(running.idle)
        (vault / "Untitled.md").write_bytes(b"")  # Obsidian's new note, at the vault's root
        settled(running, "Untitled.md")
        assert (vault / "Untitled.md").read_bytes() == b""  # not a prompt folder: left alone
        os.rename(vault / "Untitled.md", vault / "Free writing/After the call.md")
        running.wait_action("filled", "Free writing/After the call.md")
    text = (vault / "Free writing/After the call.md").read_text("utf-8")
    assert text.startswith("---\ntype: free-writing\n")
    assert running.actions("filled", "Untitled.md") == []


def test_obsidian_untitled_inside_a_prompt_folder_then_renamed(vault):
    letters = vault / "Letters"
    letters.mkdir()
    with Running(vault) as running:
        wait_for(running.idle)
        (letters / "Untitled.md").write_bytes(b"")
        # The person names it at once, within the quiet period.
        os.rename(letters / "Untitled.md", letters / "To Dad.md")
        running.wait_action("filled", "Letters/To Dad.md")
        wait_for(running.idle)
    assert (letters / "To Dad.md").read_text("utf-8").startswith("---\ntype: letter\n")
    assert not (letters / "Untitled.md").exists()
    assert running.actions("filled", "Letters/Untitled.md") == []


def test_created_empty_then_written_within_the_quiet_period_is_not_filled(vault):
    (vault / "Letters").mkdir()
    note = vault / "Letters/To Sam.md"
    mine = "Sam,\n\nI was angry in the car and I did not say why.\n"
    with Running(vault) as running:
        wait_for(running.idle)
        note.write_bytes(b"")
        note.write_text(mine, "utf-8")  # the person's first words, before the quiet period ends
        settled(running, "Letters/To Sam.md")
    assert note.read_text("utf-8") == mine
    assert running.actions("filled", "Letters/To Sam.md") == []


def test_a_folder_created_with_a_note_written_into_it_at_once(vault):
    with Running(vault) as running:
        wait_for(running.idle)
        folder = vault / "Letters" / "Never sent"
        folder.mkdir(parents=True)  # the new folder is not watched yet when its notes arrive
        (folder / "To Mum.md").write_bytes(b"")
        (folder / "Notes.md").write_text("From the drawer: the Christmas card #next\n", "utf-8")
        running.wait_action("filled", "Letters/Never sent/To Mum.md")
        running.wait_text(AGENDA, "the Christmas card")


def test_a_folder_moved_in_and_out(vault, tmp_path):
    outside = tmp_path / "elsewhere" / "Old journal"
    outside.mkdir(parents=True)
    (outside / "2026-11-19.md").write_text(
        "# Thursday\n\nThe argument at dinner #next\n{{letter}}\n", "utf-8"
    )
    os.utime(outside / "2026-11-19.md", (1_000_000_000, 1_000_000_000))
    with Running(vault) as running:
        wait_for(running.idle)
        os.rename(outside, vault / "Journal" / "Old journal")
        running.wait_text(AGENDA, "The argument at dinner")
        running.wait_action("expanded", "Journal/Old journal/2026-11-19.md")

        os.rename(vault / "Journal" / "Old journal", outside)  # and out again
        running.wait_text(AGENDA, "The argument at dinner", present=False)
    # Once moved out it is not the vault's: never written there again.
    text = (outside / "2026-11-19.md").read_text("utf-8")
    assert "{{letter}}" not in text  # expanded while it was in the vault, and kept


def test_case_only_rename(vault):
    (vault / "People").mkdir()
    (vault / "People/sam.md").write_text(
        "# Sam\n\nWhat Sam said about the deadline #next\n", "utf-8"
    )
    with Running(vault) as running:
        wait_for(running.idle)
        assert "[[sam]]" in agenda_text(vault)
        os.rename(vault / "People/sam.md", vault / "People/Sam.md")
        running.wait_text(AGENDA, "[[Sam]]")
    text = agenda_text(vault)
    assert "[[sam]]" not in text and text.count("What Sam said about the deadline") == 1


def test_deletion(vault):
    with Running(vault) as running:
        wait_for(running.idle)
        assert "Ask about sleep" in agenda_text(vault)
        os.unlink(vault / FRIDAY)
        running.wait_text(AGENDA, "Ask about sleep", present=False)
        (vault / "Journal").rename(vault / "Journal, old")  # a whole folder deleted or renamed
        shutil.rmtree(vault / "Journal, old")
        settled(running, "Journal")


# --- what must not wake it --------------------------------------------------------------------


def test_reading_notes_wakes_nothing(vault):
    with Running(vault) as running:
        wait_for(running.idle)
        before = running.lines()
        for _ in range(200):
            (vault / FRIDAY).read_bytes()
            with open(vault / SATURDAY, "rb") as handle:
                handle.read(10)
        marker_seen(running, vault)
        after = running.lines()[len(before) :]
    assert not [l for l in after if FRIDAY in l or SATURDAY in l], after


def test_own_temp_files_are_ignored_and_sync_conflict_copies_told_once(vault):
    conflict = "Journal/2026-11-20.sync-conflict-20261121-093012-ABCDEFG.md"
    with Running(vault) as running:
        wait_for(running.idle)
        (vault / "Journal/.2026-11-21.md.vaultkit-x1y2.tmp").write_text("half a write", "utf-8")
        (vault / conflict).write_text("# Friday\n\nThe other device's version #next\n", "utf-8")
        # Told at once, not at the next rescan minutes away.
        wait_for(
            lambda: [l for l in running.lines("skipped") if conflict in l], what="the copy told"
        )
        marker_seen(running, vault)
        assert not [l for l in running.lines("event ") if "vaultkit-" in l]
        assert "The other device's version" not in agenda_text(vault)  # never read
        # Said once, however often it rescans or the copy changes.
        save_in_place(vault / conflict, "# Friday\n\nstill the other device\n")
        settled(running, conflict)
        for _ in range(3):
            seen = len(running.lines("rescanned"))
            running.daemon.request_rescan()
            wait_for(lambda: len(running.lines("rescanned")) > seen, what="a rescan")
        told = [l for l in running.lines("skipped") if conflict in l]
        assert len(told) == 1 and "sync conflict" in told[0]
        # Merged and deleted, then a new one: told again.
        os.unlink(vault / conflict)
        wait_for(
            lambda: conflict not in running.daemon.session.vault.conflicts, what="the copy gone"
        )
        (vault / conflict).write_text("again\n", "utf-8")
        wait_for(
            lambda: len([l for l in running.lines("skipped") if conflict in l]) == 2,
            what="the new copy told",
        )
