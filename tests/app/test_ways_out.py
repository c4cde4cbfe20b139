"""Ways out of the loop: what was not talked about carries over, anything can be set down,
old open things fold into a count, a letter can be let go, a thought can be set down."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.daemon import AGENDA, make_vault
from support.daemon import agenda_text as agenda
from support.vaults import age_later as age_tree
from support.vaults import edit_note as edit


def run(cli, vault: Path, today: str, *args: str):
    result = cli("--vault", str(vault), "--today", today, *(args or ("run",)))
    age_tree(vault)
    return result


def section(text: str, heading: str) -> str:
    """From a heading to the next heading, callout or the end marker."""
    start = text.index(heading)
    ends = [
        at
        for mark in ("\n## ", "\n> [!", "\n%% vaultkit:end")
        if (at := text.find(mark, start + 1)) >= 0
    ]
    return text[start : min(ends, default=len(text))]


@pytest.fixture
def vault(tmp_path, cli) -> Path:
    root = make_vault(
        tmp_path / "v",
        {
            "Journal/2026-11-02.md": "- the panic on the train #next\n- my sister's call #next\n"
            "- [ ] ask about the dose #next\n",
        },
    )
    assert run(cli, root, "2026-11-04").exit_code == 0
    return root


def test_what_was_not_talked_about_carries_over_to_the_next_agenda(vault, cli):
    edit(vault, AGENDA, "- [ ] my sister's call", "- [x] my sister's call")
    assert run(cli, vault, "2026-11-05", "session").exit_code == 0
    assert run(cli, vault, "2026-11-06").exit_code == 0
    still = section(agenda(vault), "## Still open from earlier")
    assert "the panic on the train — [[2026-11-02]]" in still
    assert "ask about the dose" in still
    assert "my sister's call" not in agenda(vault)  # talked about: it is done with


def test_it_carries_over_session_after_session_until_talked_about(vault, cli):
    for day, session in (("06", "05"), ("13", "12"), ("20", "19"), ("27", "26")):
        assert run(cli, vault, f"2026-11-{session}", "session").exit_code == 0
        assert run(cli, vault, f"2026-11-{day}").exit_code == 0
        assert "the panic on the train — [[2026-11-02]]" in agenda(vault), day
    edit(vault, AGENDA, "- [ ] the panic on the train", "- [x] the panic on the train")
    assert run(cli, vault, "2026-12-03", "session").exit_code == 0
    assert run(cli, vault, "2026-12-04").exit_code == 0
    assert "the panic on the train" not in agenda(vault)


def test_set_down_in_the_agenda_leaves_it_quietly_and_can_be_taken_back(vault, cli):
    edit(vault, AGENDA, "- [ ] the panic on the train", "- [-] the panic on the train")
    assert run(cli, vault, "2026-11-04").exit_code == 0
    text = agenda(vault)
    assert "> [!note]- 1 thing set down since the last session" in text
    assert "> - [-] the panic on the train — [[2026-11-02]]" in text
    assert "## Since last session" in text and "the panic" not in section(
        text, "## Since last session"
    )
    assert run(cli, vault, "2026-11-04").exit_code == 0
    assert agenda(vault) == text  # it stays set down
    edit(vault, AGENDA, "> - [-] the panic on the train", "> - [ ] the panic on the train")
    assert run(cli, vault, "2026-11-04").exit_code == 0
    text = agenda(vault)
    assert "set down" not in text
    assert "- [ ] the panic on the train — [[2026-11-02]]" in section(text, "## Since last session")


def test_a_task_set_down_at_its_source_is_set_down_in_the_agenda(vault, cli):
    edit(vault, "Journal/2026-11-02.md", "- [ ] ask about the dose", "- [-] ask about the dose")
    assert run(cli, vault, "2026-11-04").exit_code == 0
    assert "> - [-] ask about the dose — [[2026-11-02]]" in agenda(vault)


def test_lines_under_an_item_set_down_go_below_the_block_with_it(vault, cli):
    edit(
        vault,
        AGENDA,
        "- [ ] the panic on the train — [[2026-11-02]]",
        "- [-] the panic on the train — [[2026-11-02]]\n    - the doors would not open",
    )
    result = run(cli, vault, "2026-11-04")
    assert result.exit_code == 0, result.output
    text = agenda(vault)
    below = text[text.index("%% vaultkit:end %%") :]
    assert "    - the doors would not open" in below


def test_old_things_still_open_fold_into_a_count(tmp_path, cli):
    tasks = "".join(f"- [ ] old thing {i} #next\n" for i in range(10))
    root = make_vault(
        tmp_path / "v",
        {
            "Journal/2026-10-01.md": tasks,
            "Sessions/2026-11-05 session.md": "---\ntype: session\ndate: 2026-11-05\n---\n",
        },
        extra_toml="[agenda]\nstill_open = 7\n",
    )
    assert run(cli, root, "2026-11-06").exit_code == 0
    still = section(agenda(root), "## Still open from earlier")
    assert still.count("- [ ] old thing") == 7
    assert "And 3 older things still open." in still


def test_a_letter_let_go_leaves_the_agenda(tmp_path, cli):
    root = make_vault(
        tmp_path / "v",
        {
            "Letters/To Sam.md": "---\ntype: letter\nreleased: true\n---\n- tell Sam #next\n",
            "Letters/To Mum.md": "---\ntype: letter\n---\n- tell Mum #next\n",
        },
    )
    assert run(cli, root, "2026-11-06").exit_code == 0
    text = agenda(root)
    assert "tell Mum" in text  # a #next line in a private note: the person's choice
    assert "tell Sam" not in text
    assert (root / "Letters/To Sam.md").exists()  # nothing is deleted


def test_the_setdown_trigger_is_a_short_ritual(vault, cli):
    (vault / "Journal" / "2026-11-04.md").write_text(
        "It keeps coming back.\n\n{{setdown}}\n", "utf-8"
    )
    age_tree(vault)
    assert run(cli, vault, "2026-11-04").exit_code == 0
    text = (vault / "Journal" / "2026-11-04.md").read_text("utf-8")
    assert "{{setdown}}" not in text
    assert "The thought, once, word for word" in text
    assert "It's written down. It will keep." in text
    assert "It keeps coming back." in text
