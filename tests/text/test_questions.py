"""The next question: one follow-up for `{{ask}}`, chosen by what the entry above it names."""

from __future__ import annotations

import datetime as dt
import zlib

import pytest

from support.paths import ROOT
from vaultkit.text.questions import (
    SUPPORT,
    Questions,
    choose_question,
    choose_questions,
    parse_questions,
    question_line,
)

BUILTIN = ROOT / "templates" / "prompts" / "ask.md"
DAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def builtin() -> Questions:
    return parse_questions(BUILTIN.read_text(encoding="utf-8"))


def ask(entry: str, questions: Questions, day: dt.date = DAY) -> str:
    """The question for an `{{ask}}` line put right after `entry`."""
    lines = [*entry.split("\n"), "{{ask}}"]
    return choose_question(lines, len(lines) - 1, day, questions)


def section_of(question: str, questions: Questions) -> str:
    """The section a chosen question came from (the one whose template, filled in, gives it)."""
    for name, pool in questions.sections.items():
        for template in pool:
            head, _, tail = template.partition("{cue}")
            if question == template or (
                "{cue}" in template and question.startswith(head) and question.endswith(tail)
            ):
                return name
    raise AssertionError(f"not from the list: {question!r}")


def expected(questions: Questions, section: str, cue: str, day: dt.date = DAY) -> str:
    pool = questions.sections[section]
    return pool[zlib.crc32(f"{day.isoformat()}|{cue}".encode()) % len(pool)].replace("{cue}", cue)


# --- the built-in list ----------------------------------------------------------------------


def test_builtin_parses(builtin):
    for name in ("emotion", "body", "should", "person", "anything"):
        assert 5 <= len(builtin.sections[name]) <= 8, name
    for name in ("emotion", "body", "should"):
        assert builtin.cues[name], name
    assert {"afraid", "scared", "lonely", "furious", "numb"} <= set(builtin.cues["emotion"])
    assert "heart racing" in builtin.cues["body"]
    assert all(cue == cue.lower() for cues in builtin.cues.values() for cue in cues)


ADVICE = ("should you", "try to", "you need", "stop ", "why", "must ", "you ought", "instead")


def test_builtin_questions_invite_description(builtin):
    for pool in builtin.sections.values():
        for question in pool:
            assert question.endswith("?"), question
            assert not any(word in question.lower() for word in ADVICE), question
            assert len(question) <= 80, question


# Questions that push to write more, dig for what lies under a feeling, or guess at a cause:
# "describe, don't conclude; one layer, then stop".
DIGGING = (
    "haven't written",
    "what else",
    "heard that",
    "where does",
    "make you want",
    "why",
    "really",
    "underneath",
    "deep",
)


def test_builtin_questions_describe_and_ground_without_digging(builtin):
    for pool in builtin.sections.values():
        for question in pool:
            assert not any(word in question.lower() for word in DIGGING), question
    assert "How is it now, as you read this back?" in builtin.sections["emotion"]
    assert "How does your body feel now, having written it down?" in builtin.sections["anything"]


def test_the_support_section_has_phrases_and_no_questions(builtin):
    assert builtin.sections["support"] == ()
    assert {"kill myself", "better off without me", "hurt myself", "not want to live"} <= set(
        builtin.cues["support"]
    )
    assert "not want to ... die" in builtin.exceptions["support"]
    # Never a cue of the questions: a support phrase picks no section of its own.
    assert section_of(ask("I could kill for a coffee", builtin), builtin) == "anything"


def test_support_is_not_a_question(builtin):
    assert ask("I want to hurt myself.", builtin) == SUPPORT
    assert "\n" in SUPPORT  # every question is one line: none can be mistaken for it
    assert all(q != SUPPORT for pool in builtin.sections.values() for q in pool)


@pytest.mark.parametrize(
    "text",
    [
        "# Day\n\nI want to die.\n{{ask}}\nA walk.\n{{ask}}\n\n## Later\n\nsad\n{{ask}}\n",
        "---\nmood: 3\n---\n{{ask}}\nthey'd be better\noff without me\n\n\n{{ask}}\n{{ask}}\n",
        "1\n2\n3\n4\n5\n6\n{{ask}}\nkill myself\n" + "x\n" * 6 + "{{ask}}\n",
    ],
)
def test_many_triggers_get_what_each_would_alone(builtin, text):
    lines = text.split("\n")
    triggers = [i for i, line in enumerate(lines) if line == "{{ask}}"]
    assert choose_questions(lines, triggers, DAY, builtin) == {
        t: choose_question(lines, t, DAY, builtin) for t in triggers
    }


# --- which section ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry, section, cue",
    [
        ("Work was long. I felt so sad on the way home.", "emotion", "sad"),
        ("I was SCARED of the call.", "emotion", "scared"),
        ("Lunch with [[Sam]] today.", "person", "[[Sam]]"),
        ("Saw [[People/Sam|my brother]] again.", "person", "[[People/Sam|my brother]]"),
        ("I should have said something.", "should", "should"),
        ("I shouldn\u2019t care this much.", "should", "shouldn't"),
        ("my chest was tight", "body", "tight"),
        ("My Heart\n", "anything", ""),
        ("and then my heart   racing again", "body", "heart racing"),
        ("Nothing much. Rain.", "anything", ""),
    ],
)
def test_each_section_is_reachable(builtin, entry, section, cue):
    question = ask(entry, builtin)
    assert question == expected(builtin, section, cue)
    assert section_of(question, builtin) == section
    if section == "person":
        assert cue in question


def test_nearest_cue_wins(builtin):
    entry = "I was furious this morning.\nLater it rained.\nThen I called [[Sam]]."
    assert section_of(ask(entry, builtin), builtin) == "person"
    assert section_of(ask("Called [[Sam]].\nStill angry.", builtin), builtin) == "emotion"


def test_words_in_a_link_are_the_link(builtin):
    assert ask("listened to [[Sad songs]]", builtin) == expected(builtin, "person", "[[Sad songs]]")


def test_last_occurrence_on_a_line_wins(builtin):
    assert ask("I was afraid, then [[Sam]] came, and I felt lonely", builtin) == expected(
        builtin, "emotion", "lonely"
    )
    assert ask("I felt lonely until [[Sam]] came", builtin) == expected(
        builtin, "person", "[[Sam]]"
    )


@pytest.mark.parametrize(
    "entry",
    [
        '---\nmood: sad\nwith: "[[Sam]]"\n---\nA day.',
        "```\nsad angry [[Sam]]\n```",
        "%% I was sad %%",
        "<!-- my chest was tight -->",
        "`should` in code",
        "{{sad}}",
        "[[2026-11-20]] and [[Daily/2026-11-19]] and [[2026-W47]]",
        "![[Sam]] ![[scan.png]] [[photo.jpg]] [[#Heading]]",
    ],
)
def test_what_is_not_a_cue(builtin, entry):
    assert section_of(ask(entry, builtin), builtin) == "anything"


@pytest.mark.parametrize(
    "entry, section",
    [
        ("She sadly left.", "anything"),
        ("a scaredy cat", "anything"),
        ("I felt _sad_ and 'hurt'", "emotion"),
        ("#anxious", "emotion"),
        ("I must've", "anything"),
        ("overshould", "anything"),
    ],
)
def test_cues_match_whole_words(builtin, entry, section):
    assert section_of(ask(entry, builtin), builtin) == section


def test_note_before_the_trigger_only(builtin):
    lines = ["A quiet day.", "{{ask}}", "I was furious later."]
    assert section_of(choose_question(lines, 1, DAY, builtin), builtin) == "anything"


# --- the choice -------------------------------------------------------------------------------


def test_same_entry_same_day_same_question(builtin):
    entry = "I felt guilty about [[Mum]]"
    assert ask(entry, builtin) == ask(entry, builtin) == expected(builtin, "person", "[[Mum]]")


def test_another_day_can_give_another_question(builtin):
    pool = builtin.sections["emotion"]
    first = zlib.crc32(f"{DAY.isoformat()}|sad".encode()) % len(pool)
    other = next(
        DAY + dt.timedelta(days=n)
        for n in range(1, 60)
        if zlib.crc32(f"{(DAY + dt.timedelta(days=n)).isoformat()}|sad".encode()) % len(pool)
        != first
    )
    assert ask("sad", builtin) == pool[first].replace("{cue}", "sad")
    assert ask("sad", builtin, other) == expected(builtin, "emotion", "sad", other)
    assert ask("sad", builtin, other) != ask("sad", builtin)


# --- a person's own list ----------------------------------------------------------------------


def test_own_list_replaces_builtin():
    mine = parse_questions(
        "My questions.\n\n## rain\ncues: Rain, grey sky\n- What did the {cue} sound like?\n"
    )
    assert mine.sections["rain"] == ("What did the {cue} sound like?",)
    assert mine.cues["rain"] == ("rain", "grey sky")
    assert ask("a GREY\tsky all day", mine) == "What did the grey sky sound like?"
    # No emotion, person or anything questions in this list: nothing to ask.
    assert mine.sections["emotion"] == mine.sections["anything"] == ()
    assert ask("so sad, [[Sam]]", mine) == ""


def test_empty_section_falls_back_to_anything():
    mine = parse_questions(
        "## person\n## emotion\ncues: sad\n## anything\n- What happened just before?\n"
    )
    assert ask("[[Sam]] was there", mine) == "What happened just before?"
    assert ask("sad", mine) == "What happened just before?"


def test_plain_list_is_anything():
    assert ask("sad", parse_questions("- What else?\n")) == "What else?"


# --- the line written -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "What did you want {{ask}} to mean?",
        "What {{{ about *this* and _that_?",
        "a\\*b }}{{",
        "{",
    ],
)
def test_question_line_is_never_a_trigger(question):
    line = question_line(question)
    assert "{{" not in line
    assert line.startswith("*") and line.endswith("*")
    body = line[1:-1]
    assert "*" not in body.replace("\\*", "") and "_" not in body.replace("\\_", "")


def test_question_line_keeps_links_and_plain_text():
    assert (
        question_line("What did you want [[Sam_B]] to understand?")
        == "*What did you want [[Sam_B]] to understand?*"
    )
    assert question_line("  ") == ""
