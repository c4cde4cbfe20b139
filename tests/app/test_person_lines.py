"""What a person writes in and around a generated block is theirs: each finding of the
"nothing a person writes is ever lost" review, reproduced as it was found.

Each test failed on the code before the block grammar (blocks.py), the kept lines and the
tick changes (ticks.py) existed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support.daemon import AGENDA, Running, make_vault
from support.daemon import agenda_text as agenda
from support.vaults import age_later as age_tree
from support.vaults import edit_note as edit
from support.vaults import tree_bytes

TODAY = ("--today", "2026-11-22")
FRIDAY = "Journal/2026-11-20.md"
SATURDAY = "Journal/2026-11-21.md"


def run(cli, vault: Path, *args: str):
    result = cli("--vault", str(vault), *TODAY, *(args or ("run",)))
    age_tree(vault)
    return result


@pytest.fixture
def vault(tmp_path, cli) -> Path:
    root = make_vault(
        tmp_path / "v",
        {
            FRIDAY: "# Friday\n\n- [ ] call the clinic #next\n- the fight with Sam #next\n",
            SATURDAY: "# Saturday\n\nA walk by the river.\n",
        },
    )
    assert run(cli, root).exit_code == 0
    return root


def add_next_line(vault: Path, text: str = "- ask about the dream #next") -> None:
    """Something that changes the agenda, so it is regenerated."""
    path = vault / SATURDAY
    path.write_text(path.read_text("utf-8") + text + "\n", "utf-8")
    age_tree(vault)


# --- 1. marker text anywhere ------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Reminder: vaultkit rewrites only what follows `%% vaultkit:begin %%`.",
        "Reminder: vaultkit rewrites only what follows %% vaultkit:begin %% in this note.",
        "the end is %% vaultkit:end %% here",
        "%%vaultkit:begin%%",
    ],
)
def test_marker_text_in_a_sentence_leaves_the_note_alone(vault, cli, line):
    edit(
        vault,
        AGENDA,
        "%% vaultkit:begin",
        f"{line}\nI AM SCARED OF THE HOLIDAYS\n\n%% vaultkit:begin",
    )
    add_next_line(vault)
    before = (vault / AGENDA).read_bytes()
    result = run(cli, vault)
    assert (vault / AGENDA).read_bytes() == before
    assert result.exit_code == 1
    assert f"{AGENDA}:1:" in result.output
    assert "updated Next session.md" not in result.output


def test_a_marker_inside_a_fence_leaves_the_note_alone(vault, cli):
    edit(
        vault,
        AGENDA,
        "%% vaultkit:begin",
        "```\n%% vaultkit:begin %%\n```\nI AM SCARED OF THE HOLIDAYS\n%% vaultkit:begin",
    )
    add_next_line(vault)
    before = (vault / AGENDA).read_bytes()
    result = run(cli, vault)
    assert (vault / AGENDA).read_bytes() == before
    assert result.exit_code == 1
    assert f"{AGENDA}:2:" in result.output


def test_the_doctor_lists_a_note_whose_markers_are_broken(vault, cli):
    edit(vault, AGENDA, "%% vaultkit:end %%", "")
    result = cli("--vault", str(vault), *TODAY, "doctor")
    assert f"{AGENDA}:" in result.output and "end marker" in result.output


def test_marker_text_in_a_weekly_review_leaves_it_alone(tmp_path, cli):
    root = make_vault(
        tmp_path / "v",
        {
            "Journal/2026-11-10.md": "---\nmood: 4\n---\nA long day.\n",
            "Journal/2026-11-11.md": "---\nmood: 5\n---\nBetter.\n",
        },
    )
    assert run(cli, root).exit_code == 0
    review = root / "Reviews" / "2026-W46.md"
    text = review.read_text("utf-8")
    review.write_text(
        "Note to self: `%% vaultkit:begin %%` starts it.\nMY OWN WORDS\n" + text, "utf-8"
    )
    (root / "Journal" / "2026-11-12.md").write_text("---\nmood: 6\n---\nOK.\n", "utf-8")
    age_tree(root)
    before = review.read_bytes()
    result = run(cli, root)
    assert review.read_bytes() == before
    assert result.exit_code == 1
    assert "Reviews/2026-W46.md:1:" in result.output


# --- 2. a missing end marker ------------------------------------------------------------------


def test_a_lone_begin_marker_keeps_the_text_on_every_run(tmp_path, cli):
    root = make_vault(
        tmp_path / "v",
        {
            FRIDAY: "- [ ] call the clinic #next\n",
            AGENDA: "%% vaultkit:begin %%\nMY NOTES: the clinic said to call back on Monday\n",
        },
    )
    before = (root / AGENDA).read_bytes()
    for _ in range(2):
        result = run(cli, root)
        assert result.exit_code == 1
        assert (root / AGENDA).read_bytes() == before
        assert f"{AGENDA}:1:" in result.output and "end marker" in result.output


def test_deleting_only_the_end_marker_keeps_everything(vault, cli):
    edit(vault, AGENDA, "%% vaultkit:end %%\n", "MY NOTES AFTER\n")
    add_next_line(vault)
    before = (vault / AGENDA).read_bytes()
    for _ in range(2):
        assert run(cli, vault).exit_code == 1
        assert (vault / AGENDA).read_bytes() == before


# --- 4. text typed inside the block -----------------------------------------------------------

ANNOTATION = "    - she cried on the phone, I want to talk about why I froze"


def test_a_line_under_an_item_stays_with_it_when_the_agenda_is_regenerated(vault, cli):
    edit(
        vault,
        AGENDA,
        "- [ ] the fight with Sam — [[2026-11-20]]",
        f"- [x] the fight with Sam — [[2026-11-20]]\n{ANNOTATION}",
    )
    add_next_line(vault)
    result = run(cli, vault)
    assert result.exit_code == 0, result.output
    text = agenda(vault)
    assert "ask about the dream" in text  # it was regenerated
    assert f"- [x] the fight with Sam — [[2026-11-20]]\n{ANNOTATION}\n" in text
    assert run(cli, vault).exit_code == 0
    assert agenda(vault) == text  # and it settles


def test_a_line_typed_loose_in_the_block_moves_just_below_it(vault, cli):
    edit(vault, AGENDA, "## Since last session", "MY NOTE IN THE MIDDLE\n\n## Since last session")
    add_next_line(vault)
    result = run(cli, vault)
    assert result.exit_code == 0, result.output
    text = agenda(vault)
    assert "%% vaultkit:end %%\nMY NOTE IN THE MIDDLE\n" in text
    assert "moved Next session.md" in result.output
    assert run(cli, vault).exit_code == 0
    assert agenda(vault).count("MY NOTE IN THE MIDDLE") == 1


def test_a_changed_item_text_is_kept(vault, cli):
    edit(
        vault,
        AGENDA,
        "- [ ] the fight with Sam — [[2026-11-20]]",
        "- [ ] the fight with Sam, and with Mum — [[2026-11-20]]",
    )
    add_next_line(vault)
    assert run(cli, vault).exit_code == 0
    text = agenda(vault)
    assert "the fight with Sam, and with Mum" in text
    assert "- [ ] the fight with Sam — [[2026-11-20]]" in text


def test_the_daemon_keeps_a_line_typed_under_an_item(vault):
    with Running(vault) as daemon:
        edit(
            vault,
            AGENDA,
            "- [ ] the fight with Sam — [[2026-11-20]]",
            f"- [x] the fight with Sam — [[2026-11-20]]\n{ANNOTATION}",
        )
        os.utime(vault / AGENDA)  # a save, just now: the daemon waits for the quiet period
        path = vault / SATURDAY
        path.write_text(path.read_text("utf-8") + "- ask about the dream #next\n", "utf-8")
        daemon.wait_text(AGENDA, "ask about the dream", timeout=20)
        assert ANNOTATION in agenda(vault)


def test_a_session_takes_the_lines_under_an_item_into_its_snapshot(vault, cli):
    edit(
        vault,
        AGENDA,
        "- [ ] the fight with Sam — [[2026-11-20]]",
        f"- [x] the fight with Sam — [[2026-11-20]]\n{ANNOTATION}",
    )
    result = run(cli, vault, "session")
    assert result.exit_code == 0, result.output
    session = (vault / "Sessions" / "2026-11-22 session.md").read_text("utf-8")
    assert f"- [x] the fight with Sam — [[2026-11-20]]\n{ANNOTATION}\n" in session


# --- 5. ticks carry changes -------------------------------------------------------------------


def test_one_tick_ticks_one_of_two_identical_lines(tmp_path, cli):
    root = make_vault(tmp_path / "v", {FRIDAY: "- [ ] call mum #next\n- [ ] call mum #next\n"})
    assert run(cli, root).exit_code == 0
    edit(root, AGENDA, "- [ ] call mum", "- [x] call mum")
    assert run(cli, root).exit_code == 0
    assert (root / FRIDAY).read_text("utf-8") == "- [x] call mum #next\n- [ ] call mum #next\n"
    assert agenda(root).count("- [x] call mum") == 1
    assert agenda(root).count("- [ ] call mum") == 1


def test_the_second_of_two_identical_lines_ticks_the_second(tmp_path, cli):
    root = make_vault(tmp_path / "v", {FRIDAY: "- [ ] call mum #next\n- [ ] call mum #next\n"})
    assert run(cli, root).exit_code == 0
    text = agenda(root)
    first = text.index("- [ ] call mum")
    second = text.index("- [ ] call mum", first + 1)
    (root / AGENDA).write_text(text[:second] + "- [x]" + text[second + 5 :], "utf-8")
    age_tree(root)
    assert run(cli, root).exit_code == 0
    assert (root / FRIDAY).read_text("utf-8") == "- [ ] call mum #next\n- [x] call mum #next\n"


@pytest.mark.parametrize("where", [FRIDAY, AGENDA])
def test_an_untick_sticks_wherever_it_is_made(vault, cli, where):
    edit(vault, AGENDA, "- [ ] call the clinic", "- [x] call the clinic")
    assert run(cli, vault).exit_code == 0
    assert "- [x] call the clinic #next" in (vault / FRIDAY).read_text("utf-8")
    edit(vault, where, "- [x] call the clinic", "- [ ] call the clinic")
    for _ in range(2):
        assert run(cli, vault).exit_code == 0
        assert "- [ ] call the clinic #next" in (vault / FRIDAY).read_text("utf-8")
        assert "- [ ] call the clinic — [[2026-11-20]]" in agenda(vault)


def test_a_change_on_both_sides_keeps_the_source_and_says_so(vault, cli):
    edit(vault, AGENDA, "- [ ] call the clinic", "- [x] call the clinic")
    edit(vault, FRIDAY, "- [ ] call the clinic", "- [-] call the clinic")
    result = run(cli, vault)
    assert result.exit_code == 0, result.output
    assert "- [-] call the clinic #next" in (vault / FRIDAY).read_text("utf-8")
    assert "- [-] call the clinic — [[2026-11-20]]" in agenda(vault)
    assert "the source" in result.output


@pytest.mark.parametrize("mark", ["-", ">", "?"])
def test_other_marks_are_copied_as_written(vault, cli, mark):
    edit(vault, AGENDA, "- [ ] call the clinic", f"- [{mark}] call the clinic")
    assert run(cli, vault).exit_code == 0
    assert f"- [{mark}] call the clinic #next" in (vault / FRIDAY).read_text("utf-8")
    assert f"- [{mark}] call the clinic — [[2026-11-20]]" in agenda(vault)


# --- a merged sync conflict copy keeps its writing --------------------------------------------

COPY = "Next session.sync-conflict-20261121-093012-ABCDEFG.md"


def test_a_merged_conflict_copy_keeps_the_lines_typed_in_its_block(vault, cli):
    text = agenda(vault).replace(
        "- [ ] the fight with Sam — [[2026-11-20]]",
        f"- [x] the fight with Sam — [[2026-11-20]]\n{ANNOTATION}",
    )
    (vault / COPY).write_text(text, "utf-8")
    age_tree(vault)
    result = run(cli, vault)
    assert result.exit_code == 0, result.output
    assert not (vault / COPY).exists()
    assert f"- [x] the fight with Sam — [[2026-11-20]]\n{ANNOTATION}\n" in agenda(vault)


# --- 11. the agenda's path is a folder --------------------------------------------------------


def test_an_agenda_path_that_is_a_folder_is_one_error(tmp_path, cli):
    root = make_vault(
        tmp_path / "v",
        {FRIDAY: "- [ ] call the clinic #next\n", f"{AGENDA}/inside.md": "a note in a folder\n"},
    )
    before = tree_bytes(root)
    result = run(cli, root)
    assert result.exit_code == 1
    assert f"{AGENDA}: " in result.output and "folder" in result.output
    assert "Traceback" not in result.output
    after = tree_bytes(root)
    assert {k: v for k, v in after.items() if k in before} == before
    shutil.rmtree(root / AGENDA)
