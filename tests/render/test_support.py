"""Support one glance away, and a question that never digs into a crisis.

What a person in a hard moment meets: the support callout (support.py) at the top of the
agenda, folded on every writing page, for a `{{help}}` line, and in place of the `{{ask}}`
question when the lines above it read as a risk statement (questions.py); the safety plan
`vaultkit new safety-plan` makes, which every callout then links; and `init` and `doctor`
saying when no contacts are set.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from support.daemon import AGENDA, Running, make_vault, save_in_place
from support.vaults import age_later as age_tree
from vaultkit.render import support
from vaultkit.settings.config import Config
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.text.questions import (
    SUPPORT,
    choose_question,
    choose_questions,
    keep_support,
    parse_questions,
)

ASK_MD = builtin_templates_dir() / "prompts" / "ask.md"
DAY = dt.date(2026, 11, 20)
TODAY = ("--today", "2026-11-22")
FRIDAY = "Journal/2026-11-20.md"
WRITING = (
    "daily",
    "free-writing",
    "unsent-letter",
    "emotion-log",
    "thought-record",
    "dream",
    "session-reflection",
)


@pytest.fixture(scope="module")
def builtin():
    return parse_questions(ASK_MD.read_text("utf-8"))


def ask(entry: str, questions) -> str:
    lines = [*entry.split("\n"), "{{ask}}"]
    return choose_question(lines, len(lines) - 1, DAY, questions)


def run(cli, vault: Path, *args: str):
    result = cli("--vault", str(vault), *TODAY, *(args or ("run",)))
    age_tree(vault)
    return result


# --- which lines read as a risk statement ------------------------------------------------------

RISK = [
    # the two found on main
    "I keep thinking everyone would be better off without me.",
    "I want to hurt myself.",
    # direct
    "I want to kill myself.",
    "I want to die.",
    "I wanna die.",
    "I've been thinking about suicide.",
    "I feel suicidal tonight.",
    "Sometimes I think about ending my life.",
    "I'm going to end it all.",
    "I cut myself again last night.",
    "I've been self-harming.",
    "I want to unalive myself.",
    "I was searching for ways to die.",
    "I have a plan to kill myself.",
    # indirect
    "There's no reason to live.",
    "I have nothing to live for.",
    "What's the point of living?",
    "I can't go on like this.",
    "I can't take it anymore.",
    "Nobody would miss me if I was gone.",
    "No one would even notice if I disappeared.",
    "I'm a burden to everyone.",
    "I just want it all to end.",
    "I want to go to sleep and never wake up.",
    "I hope I don't wake up tomorrow.",
    "I keep thinking about taking all my pills.",
    "I thought about jumping off the bridge.",
    "I wish I had never been born.",
    "I'd be better off dead.",
    "I won't be around much longer.",
    "I want to disappear forever.",
    "Life isn't worth living.",
    "I'm tired of being alive.",
    "I don't feel safe at home.",
    "He threatened to kill me.",
    "I want to sleep forever.",
    "I thought about stepping in front of a bus.",
    "I can't go on with this.",
    "I'm scared I'll hurt someone.",
    # negation that is the statement itself
    "I don't want to live anymore.",
    "I don't want to die but I don't want to be here either.",
    "I don't want to kill myself but the thought keeps coming.",
    "I'm not suicidal, just tired of everything.",
    "I don't really want to die, I just want it to stop.",
    # tenses and persons
    "I wanted to die last night.",
    "I thought about killing myself again.",
    "I tried to kill myself when I was 19.",
    "I wish I was dead.",
    "I wish I were dead.",
    "She told me she wants to kill herself.",
    "He keeps saying he'll end his life.",
    "They'd all be better off without me.",
    # misspelt, run together, without apostrophes
    "i want to kil myself",
    "i want to kill my self",
    "I keep thinking I should kill myslef",
    "I'm thinking about suicde.",
    "I'm sucidal",
    "I dont want to be alive.",
    "i cant go on",
    "everyone would be beter of without me",
    "IM GOING TO KILL MYSELF",
    "I wish I hadn\u2019t been born.",
    # across two lines, and inside a longer paragraph
    "Everyone would be better\noff without me.",
    "I want to\ndie.",
    (
        "Work was long and the bus was late and I sat in the kitchen for an hour. Sam called but I "
        "did not pick up. Honestly I don't see the point in living like this. Then I made tea."
    ),
    "I want to die.\n\nAnyway.\n\nWork was fine.\n\nThe bus was late.",
    # a threat from someone: vaultkit cannot tell a figure of speech from a real one
    "she said she'd kill me if I was late again",
    "he said he wouldn't kill me if I stayed quiet",
]

EVERYDAY = [
    # the idioms named in the issue
    "this hurt my feelings",
    "I could kill for a coffee",
    "the deadline is killing me",
    "I'm dying to see her",
    "I'm dead tired",
    "my phone died",
    "kill the lights",
    # other figures of speech with the same words
    "The suspense is killing me.",
    "That joke killed me.",
    "I killed it at the presentation.",
    "I killed myself laughing.",
    "I'm killing time before the appointment.",
    "I'd kill for a holiday.",
    "Kill the engine and wait.",
    "Work was a killer today.",
    "I died laughing at the film.",
    "I nearly died of embarrassment.",
    "I wanted to die of embarrassment.",
    "I'm sick to death of meetings.",
    "I'm going to die if I don't get coffee.",
    "I shot myself in the foot with that email.",
    "The battery is dead.",
    "We watched Die Hard.",
    "I want to dye my hair.",
    "The plant died while I was away.",
    "My grandmother died last spring and I miss her.",
    "I'm afraid of dying.",
    "I don't want to die.",
    "I never want to die.",
    # emotion and body words
    "I was so sad today.",
    "I felt hopeless about the exam.",
    "I was furious with [[Sam]].",
    "I felt numb all evening.",
    "My chest was tight all morning.",
    "My stomach was in knots before the call.",
    "My feet hurt after the walk.",
    "She hurt her knee playing football.",
    "My heart was racing in the lift.",
    "My head hurts.",
    # words near the phrases
    "I cut my hair short.",
    "I cut the onions and cried.",
    "She's better off without him.",
    "I told him I was better off without his advice.",
    "The paperwork is a burden.",
    "I took my pills at nine.",
    "I need to end things with Sam.",
    "I want to end it with him.",
    "We ended it amicably.",
    "I can't go out tonight.",
    "I can't wait to go on holiday.",
    "I can't go on holiday this year.",
    "I'm so tired of my job.",
    "I hate my life sometimes.",
    "I feel safe here.",
    "I should have called my sister.",
    "Mum said she's proud of me.",
    "It wouldn't kill me to go to the gym.",
    "I could sleep forever.",
    "I don't want to go on the trip.",
    "I'm afraid I hurt someone's feelings.",
    "I threw myself into work.",
    "I parked in front of a car wash.",
]


def test_the_lists_are_long_enough():
    assert len(RISK) >= 40 and len(EVERYDAY) >= 40
    assert not set(RISK) & set(EVERYDAY)


@pytest.mark.parametrize("entry", RISK)
def test_a_risk_statement_gets_support_not_a_question(builtin, entry):
    assert ask(entry, builtin) == SUPPORT
    lines = ["# A day", "", *entry.split("\n"), "{{ask}}"]
    assert choose_questions(lines, [len(lines) - 1], DAY, builtin) == {len(lines) - 1: SUPPORT}


@pytest.mark.parametrize("entry", EVERYDAY)
def test_an_everyday_sentence_gets_an_ordinary_question(builtin, entry):
    question = ask(entry, builtin)
    assert question and question != SUPPORT
    assert question in _all_questions(builtin)


def _all_questions(questions) -> set[str]:
    cues = {
        "hurt",
        "sad",
        "hopeless",
        "furious",
        "numb",
        "tight",
        "proud",
        "[[Sam]]",
        "should",
        "it",
        "knot",
        "afraid",
    }
    return {
        q.replace("{cue}", cue)
        for pool in questions.sections.values()
        for q in pool
        for cue in cues
    }


def test_risk_above_is_read_back_five_lines_to_the_nearest_heading(builtin):
    # The statement itself, a few lines and blank lines up: support.
    assert ask("I want to die.\n\nThen lunch.\nA walk.\n\nTea.\nBed.", builtin) == SUPPORT
    # Six lines up: out of reach; the nearest cue decides, as before.
    assert ask("I want to die.\n1.\n2.\n3.\n4.\n5.", builtin) != SUPPORT
    # Above a heading: another part of the page.
    assert ask("I want to die.\n\n## What happened\n\nA walk.", builtin) != SUPPORT
    # The heading itself is read.
    assert ask("## I want to die\n\nA walk.", builtin) == SUPPORT
    # Other triggers between are not lines of the entry.
    assert (
        ask("I want to die.\n{{ask}}\n{{ask}}\n{{ask}}\n{{ask}}\n{{ask}}\n{{ask}}", builtin)
        == SUPPORT
    )


def test_text_that_is_not_prose_is_not_read(builtin):
    for entry in (
        "```\nI want to die\n```",
        "%% I want to die %%",
        "<!-- I want to die -->",
        "---\nnote: I want to die\n---\nA walk.",
    ):
        assert ask(entry, builtin) != SUPPORT, entry


def test_many_triggers_each_read_their_own_lines(builtin):
    lines = ["A walk.", "{{ask}}", "I want to die.", "{{ask}}", "1", "2", "3", "4", "5", "{{ask}}"]
    chosen = choose_questions(lines, [1, 3, 9], DAY, builtin)
    assert chosen[1] != SUPPORT and chosen[3] == SUPPORT and chosen[9] != SUPPORT


def test_what_vaultkit_writes_never_reads_as_a_risk_statement(builtin):
    """Its callout sits on every page and its questions above the next trigger: neither may
    turn the next question into support."""
    texts = [
        support.callout(Config(), "My safety plan", collapsed=False),
        support.callout(Config(support=("Crisis line: 116 123",)), None, collapsed=True),
        *(q for pool in builtin.sections.values() for q in pool),
        (builtin_templates_dir() / "safety-plan.md").read_text("utf-8"),
    ]
    for text in texts:
        assert ask(text.replace("{cue}", "sad"), builtin) != SUPPORT, text


def test_except_shares_a_word_to_cancel(builtin):
    assert ask("I don't want to die. I want to die.", builtin) == SUPPORT
    assert ask("I killed myself laughing, then I wanted to kill myself.", builtin) == SUPPORT


# --- the list is the person's to edit ----------------------------------------------------------


def test_the_support_section_is_read_from_the_list(builtin):
    assert "kill myself" in builtin.cues["support"]
    assert "not want to ... die" in builtin.exceptions["support"]
    assert builtin.sections["support"] == ()
    mine = parse_questions(
        "## support\ncues: rainy ... days\nexcept: not rainy\n"
        "## anything\n- What happened just before?\n"
    )
    assert ask("so many rainy grey days", mine) == SUPPORT
    assert ask("not rainy days at all", mine) == "What happened just before?"
    assert ask("I want to die", mine) == "What happened just before?"  # the person's own list


def test_a_list_without_a_support_section_keeps_the_builtin_phrases(builtin):
    old_copy = parse_questions("## anything\n- What happened just before?\n")
    assert ask("I want to die", old_copy) == "What happened just before?"
    kept = keep_support(old_copy, builtin)
    assert ask("I want to die", kept) == SUPPORT
    assert ask("A walk.", kept) == "What happened just before?"
    # A support section of the person's own, even empty, is theirs.
    own = parse_questions("## support\n## anything\n- What happened just before?\n")
    assert keep_support(own, builtin) is own


def test_a_persons_copy_without_a_support_section_still_offers_support(tmp_path, cli):
    root = make_vault(
        tmp_path / "v",
        {
            "Templates/prompts/ask.md": "## anything\n- What happened just before?\n",
            FRIDAY: "# Friday\n\nI want to die.\n{{ask}}\n\nA walk.\n{{ask}}\n",
        },
    )
    assert run(cli, root).exit_code == 0
    text = (root / FRIDAY).read_text("utf-8")
    assert "> [!note] If it gets too heavy" in text
    assert text.count("*What happened just before?*") == 0  # both within reach of the statement


# --- the callout --------------------------------------------------------------------------------


def test_the_default_callout_names_no_country():
    text = support.callout(Config(), None, collapsed=True)
    assert text.split("\n") == [
        "> [!note]- If it gets too heavy",
        "> You don't have to hold this alone.",
        "> - In danger now, or unsure you can stay safe: call your local emergency number.",
        "> - Free helplines in your country: https://findahelpline.com",
        "> - Add your own people and numbers under `[support] contacts` in vaultkit.toml.",
    ]
    assert not re.search(r"\d", text)  # no number of any country's
    assert support.callout(Config(), None, collapsed=False).startswith(
        "> [!note] If it gets too heavy\n"
    )


def test_the_persons_contacts_replace_the_default_and_the_plan_is_linked():
    config = Config(support=("My therapist: 555-0100", "- Crisis line:\n 116 123"))
    assert support.callout(config, "My safety plan", collapsed=False).split("\n") == [
        "> [!note] If it gets too heavy",
        "> You don't have to hold this alone.",
        "> - My therapist: 555-0100",
        "> - Crisis line: 116 123",
        "> - My safety plan: [[My safety plan]]",
    ]


WORDS_NOT_SAID = (
    "distress",
    "symptom",
    "disorder",
    "patient",
    "compliance",
    "crisis intervention",
    "suicid",
    "ideation",
    "risk",
    "diagnos",
)


def test_the_callout_and_the_plan_speak_plainly():
    plan = (builtin_templates_dir() / "safety-plan.md").read_text("utf-8")
    for text in (support.boilerplate(Config()), plan):
        assert not any(word in text.lower() for word in WORDS_NOT_SAID), text
    assert "Stanley" not in plan and "Brown" not in plan  # sources belong in the docs


# --- in the vault -------------------------------------------------------------------------------


def test_ask_after_a_risk_statement_becomes_the_open_callout_set_apart(tmp_path, cli):
    root = make_vault(
        tmp_path / "v",
        {
            FRIDAY: "# Friday\n\n> everyone would be better off without me\n{{ask}}\nthen tea\n",
        },
    )
    result = run(cli, root)
    assert result.exit_code == 0, result.output
    assert f"expanded {FRIDAY} ({{{{ask}}}})" in result.output  # the same words as a question
    assert (root / FRIDAY).read_text("utf-8") == (
        "# Friday\n\n> everyone would be better off without me\n\n"
        + support.callout(Config(), None, collapsed=False)
        + "\n\nthen tea\n"
    )
    before = (root / FRIDAY).read_bytes()
    assert run(cli, root).exit_code == 0
    assert (root / FRIDAY).read_bytes() == before


def test_ask_after_an_ordinary_sentence_is_still_a_question(tmp_path, cli):
    root = make_vault(tmp_path / "v", {FRIDAY: "I could kill for a coffee\n{{ask}}\n"})
    assert run(cli, root).exit_code == 0
    text = (root / FRIDAY).read_text("utf-8")
    assert "If it gets too heavy" not in text
    assert re.fullmatch(r"I could kill for a coffee\n\*[^*\n]+\?\*\n", text), text


def test_help_becomes_the_folded_callout(tmp_path, cli):
    root = make_vault(
        tmp_path / "v",
        {
            FRIDAY: "# Friday\n\nToo much today.\n{{help}}\n\nLater.\n",
            "Templates/help.md": "# a template called help\n",
        },
    )
    result = run(cli, root)
    assert result.exit_code == 0
    assert f"expanded {FRIDAY} ({{{{help}}}})" in result.output
    assert (root / FRIDAY).read_text("utf-8") == (
        "# Friday\n\nToo much today.\n\n"
        + support.callout(Config(), None, collapsed=True)
        + "\n\nLater.\n"
    )
    facts = json.loads(run(cli, root, "doctor", "--json").output)
    assert facts["unknown_triggers"] == []


def test_doctor_does_not_call_help_unknown(tmp_path, cli):
    root = make_vault(tmp_path / "v", {"Notes/x.md": "```\n{{help}}\n```\n{{nonesuch}}\n"})
    (root / "Notes" / "y.md").write_text("{{help}}\n", "utf-8")
    facts = json.loads(cli("--vault", str(root), *TODAY, "doctor", "--json").output)
    assert [u["trigger"] for u in facts["unknown_triggers"]] == ["nonesuch"]


def test_the_agendas_callout_sits_right_under_its_title(tmp_path, cli):
    root = make_vault(tmp_path / "v", {FRIDAY: "- [ ] call the clinic #next\n"})
    assert run(cli, root).exit_code == 0
    lines = (root / AGENDA).read_text("utf-8").split("\n")
    title = next(i for i, line in enumerate(lines) if line.startswith("# Next session"))
    assert lines[title + 1] == ""
    assert lines[title + 2] == "> [!note] If it gets too heavy"  # open: the agenda is for reading
    callout = support.callout(Config(), None, collapsed=False).split("\n")
    assert lines[title + 2 : title + 2 + len(callout)] == callout
    assert lines[title + 2 + len(callout)] == ""
    assert sum("If it gets too heavy" in line for line in lines) == 1


def test_the_agenda_shows_the_persons_contacts(tmp_path, cli):
    root = make_vault(
        tmp_path / "v",
        {FRIDAY: "A walk.\n"},
        extra_toml='[support]\ncontacts = ["My therapist: 555-0100"]\n',
    )
    assert run(cli, root).exit_code == 0
    text = (root / AGENDA).read_text("utf-8")
    assert (
        "> [!note] If it gets too heavy\n> You don't have to hold this alone.\n"
        "> - My therapist: 555-0100\n" in text
    )
    assert "findahelpline" not in text


@pytest.mark.parametrize("kind", WRITING)
def test_every_writing_template_ends_with_the_folded_callout(tmp_path, cli, kind):
    root = make_vault(tmp_path / "v")
    result = run(cli, root, "new", kind, f"A {kind}")
    assert result.exit_code == 0, result.output
    text = (root / result.output.strip()).read_text("utf-8")
    callout = support.callout(Config(), None, collapsed=True)
    assert text.count(callout) == 1
    assert text.rstrip("\n").endswith(callout)
    assert "\n\n" + callout in text  # a callout of its own, not part of the line above


def test_a_prompt_folder_note_gets_the_folded_callout_too(tmp_path, cli):
    root = make_vault(tmp_path / "v", {"Emotions/2026-11-21.md": ""})
    assert run(cli, root).exit_code == 0
    assert "> [!note]- If it gets too heavy" in (root / "Emotions/2026-11-21.md").read_text("utf-8")


def test_while_watching_ask_and_a_new_plan_reach_the_page_and_the_agenda(tmp_path):
    root = make_vault(tmp_path / "v", {FRIDAY: "# Friday\n\nA walk.\n"})
    with Running(root) as running:
        save_in_place(root / FRIDAY, "# Friday\n\nA walk.\nI can't do this anymore.\n{{ask}}\n")
        running.wait_text(FRIDAY, "> [!note] If it gets too heavy")
        assert "[[My safety plan]]" not in (root / AGENDA).read_text("utf-8")
        (root / "My safety plan.md").write_text("---\ntype: safety-plan\n---\n", "utf-8")
        running.wait_text(AGENDA, "> - My safety plan: [[My safety plan]]")
    assert "expanded Journal/2026-11-20.md ({{ask}})" in running.lines()


# --- the safety plan ----------------------------------------------------------------------------

STEPS = (
    "## 1. Warning signs",
    "## 2. Things I can do on my own",
    "## 3. People and places that take my mind off it",
    "## 4. People I can ask for help",
    "## 5. Professionals and crisis lines",
    "## 6. Making my surroundings safer",
)


def test_new_safety_plan_makes_the_plan_once(tmp_path, cli):
    root = make_vault(tmp_path / "v", {FRIDAY: "A walk.\n"})
    assert run(cli, root).exit_code == 0
    assert "[[My safety plan]]" not in (root / AGENDA).read_text("utf-8")
    result = run(cli, root, "new", "safety-plan")
    assert result.exit_code == 0 and result.output == "My safety plan.md\n"
    plan = (root / "My safety plan.md").read_text("utf-8")
    assert plan.startswith(
        "---\ntype: safety-plan\ndate: 2026-11-22\nprivate: true\n---\n\n"
        "# My safety plan\n\n> [!note] Fill this in with your therapist.\n"
    )
    positions = [plan.index(step) for step in STEPS]
    assert positions == sorted(positions)
    five = plan[plan.index(STEPS[4]) : plan.index(STEPS[5])]
    assert "- Local emergency number:\n" in five and "findahelpline.com" in five
    # The agenda links it at once.
    assert "> - My safety plan: [[My safety plan]]\n" in (root / AGENDA).read_text("utf-8")
    # Asked again: the plan there is, nothing written over or beside it.
    before = plan.encode("utf-8")
    again = run(cli, root, "new", "safety-plan")
    assert again.exit_code == 0 and again.output == "My safety plan.md\n"
    assert (root / "My safety plan.md").read_bytes() == before
    assert sorted(p.name for p in root.glob("*.md")) == ["My safety plan.md", AGENDA]


def test_once_there_every_callout_links_the_plan(tmp_path, cli):
    root = make_vault(
        tmp_path / "v",
        {
            "Plans/Made with Dr K.md": "---\ntype: safety-plan\n---\nMy plan.\n",
            FRIDAY: "I want to die.\n{{ask}}\n\nLater.\n{{help}}\n",
        },
        extra_toml='[support]\ncontacts = ["Crisis line: 116 123"]\n',
    )
    assert run(cli, root).exit_code == 0
    link = "> - My safety plan: [[Made with Dr K]]"
    friday = (root / FRIDAY).read_text("utf-8")
    assert friday.count(link) == 2
    assert link in (root / AGENDA).read_text("utf-8")
    assert link in (root / "Journal/2026-11-22.md").read_text("utf-8")
    # `new safety-plan` gives the plan there is.
    assert run(cli, root, "new", "safety-plan").output == "Plans/Made with Dr K.md\n"
    # Its contacts open the plan's step 5 when one is made with a title of its own.
    result = run(cli, root, "new", "safety", "A second plan")
    assert result.output == "A second plan.md\n"
    assert "- Crisis line: 116 123\n" in (root / "A second plan.md").read_text("utf-8")


def test_the_template_in_the_templates_folder_is_not_a_plan(tmp_path, cli):
    root = make_vault(tmp_path / "v", {FRIDAY: "A walk.\n"})
    assert run(cli, root, "init").exit_code == 0
    assert (root / "Templates" / "safety-plan.md").is_file()
    assert run(cli, root).exit_code == 0
    assert "My safety plan" not in (root / AGENDA).read_text("utf-8")


# --- saying when no contacts are set ------------------------------------------------------------


def test_init_says_no_contacts_are_set(tmp_path, cli):
    root = tmp_path / "v"
    (root / ".obsidian").mkdir(parents=True)
    result = cli("--vault", str(root), "init")
    assert result.exit_code == 0
    assert (
        "no support contacts set yet: add yours under [support] contacts in vaultkit.toml"
        in result.output
    )
    # Run again: nothing made, and what is left to do is said again until it is done.
    again = cli("--vault", str(root), "init").output
    assert "set up already" in again and "no support contacts set yet" in again
    (root / "vaultkit.toml").write_text('[support]\ncontacts = ["Sam: 0123"]\n')
    assert "no support contacts" not in cli("--vault", str(root), "init").output


def test_init_is_quiet_about_contacts_once_there_are_some(tmp_path, cli):
    root = make_vault(tmp_path / "v", extra_toml='[support]\ncontacts = ["My therapist: 1"]\n')
    result = cli("--vault", str(root), "init")
    assert result.exit_code == 0 and "created Templates/daily.md" in result.output
    assert "no support contacts" not in result.output


def test_doctor_says_whether_contacts_are_set(tmp_path, cli):
    root = make_vault(tmp_path / "v")
    text = cli("--vault", str(root), *TODAY, "doctor").output
    assert (
        "support: no contacts set yet: add yours under [support] contacts in vaultkit.toml" in text
    )
    assert "safety plan: none yet" in text
    facts = json.loads(cli("--vault", str(root), *TODAY, "doctor", "--json").output)
    assert facts["support"] == {"contacts_set": False, "contacts": 0, "safety_plan": None}

    (root / "vaultkit.toml").write_text('[support]\ncontacts = ["A", "B"]\n', "utf-8")
    (root / "My safety plan.md").write_text("My plan.\n", "utf-8")
    text = cli("--vault", str(root), *TODAY, "doctor").output
    assert "support: 2 contacts set; safety plan: My safety plan.md" in text
    facts = json.loads(cli("--vault", str(root), *TODAY, "doctor", "--json").output)
    assert facts["support"] == {
        "contacts_set": True,
        "contacts": 2,
        "safety_plan": "My safety plan.md",
    }


# --- what the counts make of it -----------------------------------------------------------------


def test_the_callouts_words_never_repeat_in_the_agenda(tmp_path, cli):
    """The callout is on every page: its words are vaultkit's (support.boilerplate), never
    "what repeated", and a page holding nothing else is not an entry."""
    root = make_vault(tmp_path / "v", {FRIDAY: "A walk.\n"})
    for day in ("2026-11-20", "2026-11-21", "2026-11-22"):
        assert cli("--vault", str(root), "--today", day, "run").exit_code == 0
        age_tree(root)
    agenda = (root / AGENDA).read_text("utf-8")
    assert "What repeated" not in agenda, agenda


def test_finding_the_plan_at_each_render_looks_only_at_notes_that_may_be_one(tmp_path, monkeypatch):
    """Every render of the agenda links the plan (one per edit, in `watch`): the notes that
    may be a plan are kept as notes come and go (Vault.plans), so a note added, removed or
    made a plan by its frontmatter alone costs nothing more in a bigger vault, and is seen at
    the next render."""
    from support.bench import load_generator
    from vaultkit.app.render_context import RenderContext
    from vaultkit.settings.config import load_config
    from vaultkit.store.vault import load_vault

    root = tmp_path / "v"
    load_generator().generate(root, 400, seed=5)
    config, _ = load_config(root)
    vault = load_vault(root, config)
    context = RenderContext(vault)
    looked = []
    real = support.may_be_plan
    monkeypatch.setattr(support, "may_be_plan", lambda note: looked.append(1) or real(note))
    assert context.safety_plan() is None and looked == []
    note = root / "Notes" / "What helps.md"
    note.parent.mkdir(exist_ok=True)
    note.write_text("# What helps\n\nWalk to the canal.\n", "utf-8")
    vault.refresh("Notes/What helps.md")  # a note added
    assert context.safety_plan() is None and looked == []
    note.write_text("---\ntype: safety-plan\n---\n# What helps\n", "utf-8")
    vault.refresh("Notes/What helps.md")  # the same note, a plan by its frontmatter alone
    assert context.safety_plan() == "What helps" and len(looked) == 1
    (root / "My safety plan.md").write_text("# My safety plan\n", "utf-8")
    vault.refresh("My safety plan.md")  # a second, by its title: the kind comes first
    assert context.safety_plan() == "What helps" and len(looked) == 3
    note.unlink()
    vault.refresh("Notes/What helps.md")
    assert context.safety_plan() == "My safety plan"
    assert vault.plans == {"My safety plan.md"}
