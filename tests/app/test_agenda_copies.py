"""Sync conflict copies of the agenda: merged (their ticks kept, the copy removed) when they
hold nothing else of the person's; left for the person otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support.daemon import AGENDA, Running, make_vault, wait_for
from support.vaults import age_tree
from vaultkit.store.removing import remove_if_unchanged
from vaultkit.text.ignore import conflict_original

COPY = "Next session.sync-conflict-20261121-093012-ABCDEFG.md"
NOTE = "Journal/2026-11-20.md"


@pytest.fixture
def vault(tmp_path, cli):
    root = make_vault(
        tmp_path / "v",
        {
            NOTE: "# Friday\n\n- [ ] ask about the dream #next\n- the move #next\n",
        },
    )
    assert cli("--vault", str(root), "--today", "2026-11-22", "run").exit_code == 0
    age_tree(root)
    return root


def ticked_copy(vault: Path, line: str, before: str = "", after: str = "") -> bytes:
    """The agenda as the other device had it: `line` ticked, and text around the markers."""
    agenda = (vault / AGENDA).read_text("utf-8")
    assert f"- [ ] {line}" in agenda
    data = (before + agenda.replace(f"- [ ] {line}", f"- [x] {line}") + after).encode("utf-8")
    (vault / COPY).write_bytes(data)
    age_tree(vault)
    return data


@pytest.mark.parametrize(
    "name, original",
    [
        (COPY, AGENDA),
        ("Journal/2026-11-20.sync-conflict-20261121-093012-ABCDEFG.md", NOTE),
        ("Next session (Alex's conflicted copy 2026-11-20).md", AGENDA),
        ("Next session (Conflicted copy 2026-11-20 101010).md", AGENDA),
        (AGENDA, None),
        ("Notes/conflict resolution.md", None),
    ],
)
def test_the_name_a_copy_was_made_from(name, original):
    assert conflict_original(name) == original


def test_a_copy_with_only_a_tick_is_merged_by_a_run(vault, cli):
    ticked_copy(vault, "ask about the dream — [[2026-11-20]]")
    result = cli("--vault", str(vault), "--today", "2026-11-22", "run")
    assert result.exit_code == 0, result.output
    assert f"merged {COPY}" in result.output
    assert not (vault / COPY).exists()
    # The tick reached its source line and stays in the agenda.
    assert "- [x] ask about the dream #next" in (vault / NOTE).read_text("utf-8")
    assert "- [x] ask about the dream" in (vault / AGENDA).read_text("utf-8")


def test_a_tick_on_a_line_that_is_not_a_task_is_kept_in_the_agenda(vault, cli):
    ticked_copy(vault, "the move — [[2026-11-20]]")
    cli("--vault", str(vault), "--today", "2026-11-22", "run")
    assert not (vault / COPY).exists()
    assert "- [x] the move" in (vault / AGENDA).read_text("utf-8")


def test_a_copy_with_writing_of_the_persons_is_left_for_them(vault, cli):
    data = ticked_copy(
        vault, "the move — [[2026-11-20]]", after="\nNotes for Dana, written on the phone.\n"
    )
    result = cli("--vault", str(vault), "--today", "2026-11-22", "run")
    assert "merged" not in result.output
    assert (vault / COPY).read_bytes() == data
    assert "- [x] the move" not in (vault / AGENDA).read_text("utf-8")  # nothing taken from it


def test_a_copy_that_changed_meanwhile_is_not_removed(vault):
    data = ticked_copy(vault, "the move — [[2026-11-20]]")
    (vault / COPY).write_bytes(data + b"one more line\n")
    assert not remove_if_unchanged(vault, COPY, data)
    assert (vault / COPY).read_bytes() == data + b"one more line\n"
    assert not [name for name in os.listdir(vault) if name.startswith(".")]  # nothing aside


def test_the_daemon_merges_a_copy_as_it_appears(vault):
    with Running(vault) as running:
        wait_for(running.idle)
        ticked_copy(vault, "ask about the dream — [[2026-11-20]]")
        running.wait_action("merged", COPY)
        running.wait_text(NOTE, "- [x] ask about the dream #next")
    assert not (vault / COPY).exists()
    assert not [line for line in running.lines("skipped") if COPY in line]  # never a warning
