"""A trigger's template fits the page it lands in (issue 14, item 4).

The rendered template goes in without its frontmatter and its title line, its headings shifted
under the heading the trigger sits in (expansion.py, pure); a trigger written as a list item
stays a list item where the result can be one, and is left alone and reported where it cannot;
`new` without a title names the note as a person would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support.vaults import OLD_MTIME
from support.vaults import age_later as age_tree
from vaultkit.render import support
from vaultkit.settings.config import Config
from vaultkit.text import expansion
from vaultkit.text.note import parse_note

DAY = "2026-12-01"  # a Tuesday
TODAY = ("--today", DAY)
PAGE = f"Journal/{DAY}.md"


def vault_with(root: Path, files: dict[str, str]) -> Path:
    (root / ".obsidian").mkdir(parents=True)
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    age_tree(root)
    return root


def run(cli, root: Path, *args: str):
    result = cli("--vault", str(root), *TODAY, *(args or ("run",)))
    age_tree(root)
    return result


# --- the title --------------------------------------------------------------------------------


def test_the_title_line_and_one_blank_line_after_it_go():
    assert (
        expansion.strip_title("# A letter\n\nTo:\n\n## What I needed\n")
        == "To:\n\n## What I needed\n"
    )
    assert expansion.strip_title("\n# Title\nText\n") == "Text\n"
    assert expansion.strip_title("# Title\n\n\nText\n") == "\nText\n"  # one blank line only


def test_only_a_first_level_heading_on_the_first_line_is_a_title():
    for text in (
        "## Section\n\nText\n",
        "Intro\n# Later\n",
        "#tag on the first line\n",
        "```\n# code\n```\n",
        "    # indented code\n",
    ):
        assert expansion.strip_title(text) == text
    assert expansion.strip_title("#\n\nText\n") == "Text\n"  # an empty heading is a heading


def test_frontmatter_goes_first():
    assert expansion.strip_frontmatter("---\ntype: letter\n---\n\n# To you\n") == "# To you\n"
    assert expansion.strip_frontmatter("---\r\na: 1\r\n---\r\n\r\nbody\r\n") == "body\r\n"
    assert expansion.strip_frontmatter("# no frontmatter\n---\n") == "# no frontmatter\n---\n"
    assert expansion.fit("\ufeff---\na: 1\n---\n# T\n\nbody\n", None) == "body\n"


# --- the headings -----------------------------------------------------------------------------


def test_the_shallowest_heading_lands_one_level_below_the_triggers_section():
    text = "To:\n\n## What I want you to know\n\n### More\n\n## What I needed\n"
    assert expansion.shift_headings(text, 2) == (
        "To:\n\n### What I want you to know\n\n#### More\n\n### What I needed\n"
    )
    assert expansion.shift_headings(text, 1) == text
    # A template deeper than it needs to be comes up to one below the section.
    assert expansion.shift_headings("#### Deep\n##### Deeper\n", 1) == "## Deep\n### Deeper\n"


def test_no_heading_above_keeps_the_levels():
    assert expansion.shift_headings("## One\n### Two\n", None) == "## One\n### Two\n"
    assert expansion.fit("# Title\n\n## One\n", None) == "## One\n"


def test_headings_never_go_deeper_than_six():
    assert expansion.shift_headings("## A\n### B\n#### C\n", 5) == "###### A\n###### B\n###### C\n"


def test_only_real_headings_outside_code_move():
    untouched = (
        "```\n# code\n## code\n```\n"
        "~~~md\n## fenced too\n~~~\n"
        "#tag on a line\n"
        "#not-a-heading either\n"
        "    ## indented code\n"
        "> ## in a quote\n"
        "%%\n## in a comment\n%%\n"
        "####### seven is text\n"
        "Text with ## inside\n"
    )
    text = f"## Real\n{untouched}   ### three spaces in is a heading\n##\n"
    assert expansion.shift_headings(text, 2) == (
        f"### Real\n{untouched}   #### three spaces in is a heading\n###\n"
    )


def test_crlf_stays_crlf():
    text = "---\r\ntype: x\r\n---\r\n\r\n# Title\r\n\r\n## One\r\nText\r\n"
    assert expansion.fit(text, 2) == "### One\r\nText\r\n"


def test_the_section_a_line_sits_in():
    lines = [
        "---",
        "# a comment in the frontmatter",
        "---",
        "text",
        "{{a}}",
        "# Day",
        "",
        "## What happened",
        "```",
        "# code",
        "```",
        "{{b}}",
        "#tag",
        "{{c}}",
        "### Deeper",
        "{{d}}",
    ]
    assert expansion.section_levels(lines, 3, [4, 11, 13, 15]) == {4: None, 11: 2, 13: 2, 15: 3}


# --- list items -------------------------------------------------------------------------------


def test_a_one_line_result_becomes_the_list_item_as_written():
    assert expansion.as_list_item("- ", "*What did you notice?*\n") == "- *What did you notice?*"
    assert expansion.as_list_item("    1. ", "*Q?*") == "    1. *Q?*"
    # One line of text after the frontmatter and title, its own marker dropped.
    assert (
        expansion.as_list_item("* ", "---\na: 1\n---\n# T\n\n- Breathe out.\n\n")
        == "* Breathe out."
    )
    assert expansion.as_list_item("- ", "- [ ] call Jo\n") == "- [ ] call Jo"


@pytest.mark.parametrize(
    "text",
    [
        "To:\n\n## What I want you to know\n",  # more than one line
        "> [!note] a callout\n",
        "## A heading\n",
        "```\ncode\n```\n",
        "| a | b |\n",
        "",
    ],
)
def test_what_cannot_be_a_list_item_is_said(text):
    assert expansion.as_list_item("- ", text) is None


def parse(path: str, text: str):
    return parse_note(path, text.encode("utf-8"), OLD_MTIME, Config().note_rules)


def test_a_list_item_trigger_is_found_with_its_marker():
    text = "- {{ask}}\n  * {{ ask }}\n1. {{letter}}\n\t10) {{help}}  \n{{dream}}\n"
    note = parse(PAGE, text)
    assert list(note.triggers) == [(0, "ask"), (1, "ask"), (2, "letter"), (3, "help"), (4, "dream")]
    assert list(note.list_triggers) == [(0, "- "), (1, "  * "), (2, "1. "), (3, "\t10) ")]


def test_what_is_not_a_list_item_trigger():
    text = "- [ ] {{ask}}\n- {{ask}} now\n-{{ask}}\n> - {{ask}}\n```\n- {{ask}}\n```\n- `{{ask}}`\n"
    note = parse(PAGE, text)
    assert note.triggers == () and note.list_triggers == ()


# --- in a vault -------------------------------------------------------------------------------


def test_a_letter_under_what_happened_fits_the_daily_page(cli, tmp_path):
    root = vault_with(tmp_path / "v", {})
    assert run(cli, root).exit_code == 0
    page = root / PAGE
    made = page.read_text("utf-8")
    assert "\n## What happened\n\n## The spikes\n" in made
    page.write_text(
        made.replace("## What happened\n\n", "## What happened\n\nMum called.\n{{letter}}\n\n"),
        "utf-8",
    )
    age_tree(root)
    result = run(cli, root)
    assert result.exit_code == 0, result.output
    assert f"expanded {PAGE} (unsent-letter)" in result.output
    text = page.read_text("utf-8")
    assert "{{letter}}" not in text
    # One first-level heading, the day's; the letter's sections sit under "What happened".
    assert re.findall(r"(?m)^# .*", text) == ["# Tuesday, December 1st 2026"]
    assert "# 2026-12-01" not in text and "A letter I won't send" not in text
    happened = text[text.index("## What happened") : text.index("## The spikes")]
    # Wrapped as a private passage: a letter is private wherever it is written.
    assert happened.startswith(
        "## What happened\n\nMum called.\n\n%% private %%\n\n"
        "> [!note] This letter is not meant to be sent.\n"
    )
    assert re.findall(r"(?m)^#+ .*", happened) == [
        "## What happened",
        "### What I want you to know",
        "### What I needed",
        "### What I am letting go of",
    ]
    # The folded support callout ends the letter, and blank lines keep it from the end of
    # the passage and the next section.
    assert happened.endswith(
        support.callout(Config(), None, collapsed=True) + "\n\n%% end private %%\n\n"
    )
    before = page.read_bytes()
    assert run(cli, root).exit_code == 0
    assert page.read_bytes() == before


def test_a_template_right_under_a_line_of_text_is_set_apart(cli, tmp_path):
    root = vault_with(tmp_path / "v", {"Notes/n.md": "Text above\n{{setdown}}\nText below\n"})
    assert run(cli, root).exit_code == 0
    text = (root / "Notes/n.md").read_text("utf-8")
    assert text.startswith("Text above\n\nA thought that keeps coming back")
    assert text.endswith(
        "> - Add your own people and numbers under `[support] contacts` in "
        "vaultkit.toml.\n\nText below\n"
    )


def test_ask_in_a_list_stays_a_list_item(cli, tmp_path):
    root = vault_with(
        tmp_path / "v",
        {
            PAGE: "# Tuesday\n\n- A walk with Jo\n- {{ask}}\n- Tea\n\n1. Slept badly\n"
            "   1. {{ask}}\n",
        },
    )
    result = run(cli, root)
    assert result.exit_code == 0, result.output
    lines = (root / PAGE).read_text("utf-8").split("\n")
    assert lines[2] == "- A walk with Jo" and lines[4] == "- Tea"
    assert re.fullmatch(r"- \*[^*]+\?\*", lines[3]), lines[3]
    assert re.fullmatch(r"   1\. \*[^*]+\?\*", lines[7]), lines[7]


def test_help_in_a_list_puts_the_callout_where_it_was_asked(cli, tmp_path):
    root = vault_with(
        tmp_path / "v", {PAGE: "# Tuesday\n\n- Couldn't sleep\n  - {{help}}\n- Made tea\n"}
    )
    result = run(cli, root)
    assert result.exit_code == 0, result.output
    assert f"expanded {PAGE} ({{{{help}}}})" in result.output
    # A callout cannot sit inside a list item: it takes the item's place, set apart, and the
    # list carries on below it.
    assert (root / PAGE).read_text("utf-8") == (
        "# Tuesday\n\n- Couldn't sleep\n\n"
        + support.callout(Config(), None, collapsed=True)
        + "\n\n- Made tea\n"
    )


def test_ask_after_a_risk_statement_in_a_list_gives_the_open_callout(cli, tmp_path):
    root = vault_with(tmp_path / "v", {PAGE: "- I can't do this anymore\n- {{ask}}\n"})
    assert run(cli, root).exit_code == 0
    assert (root / PAGE).read_text("utf-8") == (
        "- I can't do this anymore\n\n" + support.callout(Config(), None, collapsed=False) + "\n"
    )


def test_a_letter_in_a_list_is_left_alone_and_said(cli, tmp_path):
    text = "# Tuesday\n\n- Mum called\n  - {{letter}}\n- {{ask}}\n"
    root = vault_with(tmp_path / "v", {PAGE: text})
    result = run(cli, root)
    assert result.exit_code == 1, result.output
    warning = (
        f"{PAGE}:4: {{{{letter}}}} inside a list cannot be expanded there; put it on a "
        f"line of its own"
    )
    assert [line for line in result.output.splitlines() if "inside a list" in line] == [
        f"warning: {warning}"
    ]
    after = (root / PAGE).read_text("utf-8")
    assert "  - {{letter}}\n" in after and "{{ask}}" not in after  # the rest is done
    facts = json.loads(run(cli, root, "doctor", "--json").output)
    assert facts["unexpandable_triggers"] == [{"path": PAGE, "line": 4, "trigger": "letter"}]
    assert facts["unknown_triggers"] == []
    doctor = run(cli, root, "doctor").output
    assert "triggers vaultkit cannot expand where they are" in doctor
    assert f"  {PAGE}:4: {{{{letter}}}} inside a list" in doctor
    # On a line of its own, it expands.
    (root / PAGE).write_text(after.replace("  - {{letter}}\n", "\n{{letter}}\n"), "utf-8")
    age_tree(root)
    assert run(cli, root).exit_code == 0
    assert "To:" in (root / PAGE).read_text("utf-8")


def test_a_one_line_template_of_ones_own_is_a_list_item(cli, tmp_path):
    root = vault_with(
        tmp_path / "v",
        {
            "Templates/breathe.md": "---\ntype: x\n---\n# Breathe\n\nIn for four, out for six.\n",
            PAGE: "- {{breathe}}\n",
        },
    )
    assert run(cli, root).exit_code == 0
    assert (root / PAGE).read_text("utf-8") == "- In for four, out for six.\n"
    assert json.loads(run(cli, root, "doctor", "--json").output)["unexpandable_triggers"] == []


def test_under_item_indents_every_line_that_is_not_blank():
    assert expansion.under_item("a\n\n> b\n", "  {{free}}") == "  a\n\n  > b\n"
    assert expansion.under_item("a\n", "{{free}}") == "a\n"
    assert expansion.under_item("a\r\n", "\t{{free}}") == "\ta\r\n"


def test_a_trigger_indented_under_a_list_item_stays_in_the_item(cli, tmp_path):
    # What `vaultkit add -` makes of several lines, one of them a trigger.
    root = vault_with(
        tmp_path / "v",
        {PAGE: "## What happened\n\n- before\n  {{setdown}}\n  after\n- next item\n"},
    )
    assert run(cli, root).exit_code == 0
    text = (root / PAGE).read_text("utf-8")
    body = text.split("- before\n", 1)[1].split("- next item\n", 1)[0]
    assert body.rstrip().endswith("  after")
    assert all(not line or line.startswith("  ") for line in body.split("\n")), body
    assert "A thought that keeps coming back" in body and "{{setdown}}" not in text
    assert text.endswith("- next item\n")
