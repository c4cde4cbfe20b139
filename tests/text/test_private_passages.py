"""An unsent letter stays private wherever it is written.

A `{{letter}}` line in a daily page puts the letter in the page, and a letter is never counted,
quoted or put in the brief. So its expansion is wrapped as a private passage, `%% private %%`
… `%% end private %%` (Obsidian comments, hidden when reading), whose lines say nothing to the
counts, the reviews or the brief, as a line tagged #private says nothing. A person can wrap any
passage of their own the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.vaults import OLD_MTIME, age_tree
from vaultkit.settings.config import Config
from vaultkit.text import expansion
from vaultkit.text.note import parse_note
from vaultkit.text.phrases import read_entry
from vaultkit.text.private_passages import private_passage_lines

DAY = "2026-11-20"
PAGE = f"Journal/{DAY}.md"
SECRET = "the thing about Dad I never said"


def test_the_lines_between_the_markers_are_private_and_the_markers_too():
    lines = ["a", "%% private %%", "b", "  %%End Private%%  ", "c", "%% private %%", "d"]
    assert private_passage_lines(lines) == {1, 2, 3, 5, 6}  # left open: to the end
    assert private_passage_lines(["%% private %% and more", "x"]) == set()  # not alone on a line


@pytest.mark.parametrize(
    ("lines", "private"),
    [
        # A letter expanded inside a passage brings its own pair: the rest stays private.
        (
            [
                "%% private %%",
                "%% private %%",
                "letter",
                "%% end private %%",
                "after",
                "%% end private %%",
                "out",
            ],
            6,
        ),
        # A closer inside a code fence closes nothing.
        (
            [
                "%% private %%",
                "```",
                "%% end private %%",
                "```",
                "after",
                "%% end private %%",
                "out",
            ],
            6,
        ),
        (
            [
                "%% private %%",
                "~~~~",
                "```",
                "%% end private %%",
                "~~~~",
                "z",
                "%% end private %%",
                "o",
            ],
            7,
        ),
        # In a callout or a list item, as a letter can be.
        (["> %% private %%", "> x", "> %% end private %%", "out"], 3),
        (["- %% private %%", "  y", "- %% end private %%", "out"], 3),
        (["\ufeff%% private %%", "x", "%% end private %%", "out"], 3),  # a BOM before the first
        (["%% end private %%", "x"], 0),  # a closer with nothing open
    ],
)
def test_every_doubt_falls_on_the_side_of_privacy(lines, private):
    assert private_passage_lines(lines) == set(range(private))


@pytest.mark.parametrize(
    "text",
    [
        (
            "%% private %%\n%% private %%\nzebra betrayal haunted\n%% end private %%\n"
            "zebra betrayal haunted\n%% end private %%\n"
        ),
        "\ufeff%% private %%\nzebra betrayal haunted\nzebra betrayal haunted\n%% end private %%\n",
        (
            "%% private %%\nzebra betrayal\x0c%% end private %%\nzebra betrayal haunted\n"
            "zebra betrayal haunted\n%% end private %%\n"
        ),
    ],
)
def test_no_phrase_of_a_private_passage_is_counted_however_it_is_written(text):
    assert not any("zebra" in phrase for phrase in read_entry(text).phrases), text


def test_a_private_passage_says_nothing_to_the_counts_but_keeps_its_agenda_line():
    text = (
        f"Out in the open #work [[Sam]]\n\n%% private %%\n{SECRET} #family [[Dad]] "
        "[emotion:: anger] [intensity:: 80]\nbring this #next\n%% end private %%\n"
    )
    note = parse_note(PAGE, text.encode(), OLD_MTIME, Config().note_rules)
    assert set(note.tags) == {"work"}
    assert set(note.links) == {"Sam"}
    assert note.emotions == ()
    assert [item.text for item in note.items] == ["bring this"]  # the person's own choice
    assert any("dad" in phrase for phrase in read_entry(text.replace("%%", "")).phrases)
    assert not any("dad" in phrase for phrase in read_entry(text).phrases)


def test_only_a_private_template_is_wrapped():
    letter = "---\ntype: letter\n---\n\n# A letter\n\nTo:\n"
    assert expansion.is_private_template(letter)
    assert expansion.is_private_template("---\nprivate: true\n---\nx\n")
    assert not expansion.is_private_template("---\ntype: thought-record\n---\nx\n")
    assert not expansion.is_private_template("no frontmatter\n")
    wrapped = expansion.private_passage("To:\n")
    assert wrapped == "%% private %%\n\nTo:\n\n%% end private %%\n"
    assert expansion.private_passage("To:\r\n").endswith("%% end private %%\r\n")


def _vault(root: Path, text: str) -> Path:
    (root / ".obsidian").mkdir(parents=True)
    (root / "Journal").mkdir()
    (root / PAGE).write_text(text, "utf-8")
    age_tree(root)
    return root


def test_a_letter_written_in_a_daily_page_never_reaches_the_brief(cli, tmp_path):
    root = _vault(
        tmp_path / "v",
        "## What happened\n\nA long day at work.\n\n{{letter}}\n\nAfter the letter.\n",
    )
    assert cli("--vault", str(root), "--today", DAY, "run").exit_code == 0
    page = (root / PAGE).read_text("utf-8")
    assert "%% private %%" in page and page.index("%% private %%") < page.index("not meant to")
    # The person writes their letter in it.
    (root / PAGE).write_text(
        page.replace("### What I want you to know\n", f"### What I want you to know\n\n{SECRET}\n"),
        "utf-8",
    )
    age_tree(root, OLD_MTIME + 60)
    brief = cli("--vault", str(root), "--today", DAY, "brief", "--include-entries")
    assert brief.exit_code == 0, brief.output
    assert "A long day at work" in brief.output and "After the letter" in brief.output
    assert SECRET not in brief.output and "not meant to be sent" not in brief.output


def test_a_template_that_is_not_private_is_not_wrapped(cli, tmp_path):
    root = _vault(tmp_path / "v", "## What happened\n\n{{thought}}\n")
    assert cli("--vault", str(root), "--today", DAY, "run").exit_code == 0
    assert "%% private %%" not in (root / PAGE).read_text("utf-8")
