"""A live editor: while the daemon runs, a writer saves one note every 50–200 ms for 30 s,
cycling through the four ways editors save, with trigger and #next lines. Nothing it wrote is
ever lost, and its trigger is expanded only once the note is quiet."""

from __future__ import annotations

import random
import time

import pytest

from support.daemon import (
    Running,
    agenda_text,
    make_vault,
    save_by_rename,
    save_in_place,
    save_like_vim,
    save_truncate_then_write,
    wait_for,
)

NOTE = "Journal/2026-11-21.md"
SAVES = [save_in_place, save_truncate_then_write, save_by_rename, save_like_vim]
SECONDS = 30.0


def held_items(running) -> list[str]:
    session = running.daemon.session
    note = session.vault.notes.get(NOTE) if session is not None else None
    return [item.text for item in note.items] if note is not None else []


QUIET = 1.0


@pytest.mark.long
def test_a_writer_saving_for_30_s_loses_nothing(tmp_path):
    vault = make_vault(tmp_path / "v", {NOTE: "# Saturday\n"}, quiet=QUIET)
    path = vault / NOTE
    rng = random.Random(20261122)
    text = "# Saturday\n"
    lines: list[str] = []
    with Running(vault) as running:
        wait_for(running.idle, what="the first pass")
        started = time.monotonic()
        number = 0
        while time.monotonic() - started < SECONDS:
            # Before each save, the note is exactly the writer's last save: the daemon never
            # wrote into it (the note is never quiet for a whole second).
            assert path.read_text("utf-8") == text, f"changed under the writer at save {number}"
            line = f"line {number} #next" if number % 7 else "{{letter}}"
            if line != "{{letter}}":
                lines.append(line)
            text += line + "\n"
            SAVES[number % len(SAVES)](path, text)
            last_save = time.monotonic()
            number += 1
            time.sleep(rng.uniform(0.05, 0.2))
        assert running.actions("expanded", NOTE) == []  # not while it was being written
        running.wait_action("expanded", NOTE, timeout=20)
        expanded_after = time.monotonic() - last_save
        # The daemon holds every line written (the agenda shows the first few of a day).
        wait_for(
            lambda: lines[-1].removesuffix(" #next") in held_items(running),
            20,
            "the last #next line taken in",
        )
        wait_for(lambda: lines[0].removesuffix(" #next") in agenda_text(vault), 20, "the agenda")
        trouble = [
            line
            for line in running.lines()
            if line.startswith(("conflict", "error", "refused", "deferred"))
        ]
    final = path.read_text("utf-8")
    assert expanded_after >= QUIET * 0.9
    assert "{{letter}}" not in final and "This letter is not meant to be sent." in final
    # Every line written is still there, in order.
    positions = [final.index(line + "\n") for line in lines]
    assert positions == sorted(positions)
    assert len(running.actions("expanded", NOTE)) == 1  # all the triggers, in one write
    # A conflict is the daemon refusing its own write because a save beat it (compare and
    # swap): it happens only when the daemon saw the note quiet for a whole second, which a
    # machine under load can make it see (the writer or the file events stalled). Nothing
    # is lost either way (checked before each save, and above); anything else is trouble.
    assert [line for line in trouble if not line.startswith("conflict " + NOTE)] == []
    print(f"{number} saves; expanded {expanded_after:.2f} s after the last")
