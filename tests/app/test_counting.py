"""Counting that does not judge, and sharing the person chooses.

What counts as an entry (never a note dated only by its modification time), what counts as
written (a page vaultkit made and nobody wrote in does not), days rather than files, the
person's own numbers as they wrote them, and private text kept out of every count, review
and brief.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest

from support.vaults import age_tree
from vaultkit.facts import agenda as agenda_module
from vaultkit.facts.agenda import build_agenda
from vaultkit.facts.mood import mood_between
from vaultkit.facts.reviews import build_review
from vaultkit.settings.config import Config
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.text import phrases as phrases_module
from vaultkit.text.note import parse_note

D = dt.date
TODAY = D(2026, 11, 20)  # a Friday
CONFIG = Config(schedule="weekly:thu")
MTIME = dt.datetime(2026, 11, 20, 9).timestamp()  # "today", as a clone or a restore makes it
TEMPLATES = [p.read_text(encoding="utf-8") for p in sorted(builtin_templates_dir().rglob("*.md"))]


# Looked up when a test runs (not at import), so each test shows its own failure.
def is_entry(note, config):
    return agenda_module.is_entry(note, config)


def is_counted(note, config):
    return agenda_module.is_counted(note, config)


def read_entry(text, boilerplate):
    return phrases_module.read_entry(text, boilerplate)


def template_boilerplate(texts):
    return phrases_module.template_boilerplate(texts)


@functools.cache
def boilerplate():
    return template_boilerplate(TEMPLATES)


def note(path: str, text: str, config: Config = CONFIG, mtime: float = MTIME):
    return parse_note(path, text.encode("utf-8"), mtime, config.note_rules)


def texts(notes, config: Config = CONFIG):
    """What PhraseCache.of reads from each note's bytes, for the notes it reads."""
    return {
        n.path: read_entry(SOURCES[n.path], boilerplate()) for n in notes if is_counted(n, config)
    }


SOURCES: dict[str, str] = {}


def notes_of(files: dict[str, str], config: Config = CONFIG):
    SOURCES.update(files)
    return [note(path, text, config) for path, text in files.items()]


def agenda_of(files: dict[str, str], config: Config = CONFIG, today: dt.date = TODAY):
    notes = notes_of(files, config)
    return build_agenda(notes, config, today, phrases=texts(notes, config))


def names(agenda):
    return [r.name for r in agenda.repeated + agenda.phrases]


# --- what is an entry -------------------------------------------------------------------------


def test_a_note_dated_only_by_its_modification_time_is_never_an_entry():
    reference = note("Books/Albums.md", "#categories\n")
    assert reference.date_source == "mtime" and reference.date == TODAY
    assert not is_entry(reference, CONFIG)
    assert is_entry(note("Journal/2026-11-20.md", "x\n"), CONFIG)
    assert is_entry(note("Notes/walk.md", "---\ndate: 2026-11-20\n---\nx\n"), CONFIG)
    assert not is_entry(note("Reviews/2026-W46.md", "x\n"), CONFIG)


def test_reference_notes_never_reach_what_repeated_or_the_mood():
    files = {
        f"Notes/{name}.md": "---\nmood: 2\n---\n#categories [[Books]]\nsoup recipe again\n"
        for name in ("Albums", "Books", "Recipes")
    }
    files["Journal/2026-11-16.md"] = "Quiet day.\n"
    agenda = agenda_of(files)
    assert names(agenda) == []
    assert agenda.mood is None


def test_a_weekly_review_leaves_out_reference_notes():
    # the People notes were last changed inside week 46
    inside = dt.datetime(2026, 11, 11, 9).timestamp()
    SOURCES.update(
        {
            "People/Sam.md": "#people\n",
            "People/Ana.md": "#people\n",
            "Journal/2026-11-10.md": "A long day.\n",
        }
    )
    notes = [note(path, text, mtime=inside) for path, text in SOURCES.items()]
    review = build_review(notes, CONFIG, 2026, 46, [], phrases=texts(notes))
    assert review.entries == ["[[2026-11-10]]"] and review.repeated == []


# --- what counts as written ------------------------------------------------------------------


UNTOUCHED_DAILY = """---
date: 2026-11-19
mood: # 1–10, left empty until you check in
---

# Thursday, November 19th 2026

## Check-in

How I am, in a few words (the number, 1–10, goes in `mood:` above):

> [!question] A question for today, if it helps
> Where did your attention keep going?

## What happened

## The spikes

A feeling that jumped, how strong it was (0–100), and what came right before.

- [emotion:: ] [intensity:: ] Right before:

## The loops

A thought that keeps coming back, word for word:

>

## Threads from last session

- write down what I wanted to say

## For next session

End a line with `#next` and it will wait for you in Next session.md; `#next/urgent` puts it first.

-
"""


def test_a_daily_page_left_as_vaultkit_made_it_holds_no_words_of_the_persons():
    threads = template_boilerplate([*TEMPLATES, "- write down what I wanted to say"])
    assert read_entry(UNTOUCHED_DAILY, threads).own_words is False
    written = UNTOUCHED_DAILY.replace("## What happened\n", "## What happened\n\nAnxious.\n")
    assert read_entry(written, threads).own_words is True
    # a word of the template, on a line of its own making, is the person's too
    answered = UNTOUCHED_DAILY.replace("Right before:", "Right before: the call")
    assert read_entry(answered, threads).own_words is True


def test_an_untouched_page_is_not_a_day_written(tmp_path, cli):
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    (vault / "Journal" / "2026-11-11.md").write_text("---\nmood: 4\n---\nA long day.\n")
    (vault / "Journal" / "2026-11-12.md").write_text("Walked home.\n")
    age_tree(vault)
    # vaultkit makes Tuesday's page; nobody writes in it
    assert cli("--vault", str(vault), "--today", "2026-11-10", "run").exit_code == 0
    assert (vault / "Journal" / "2026-11-10.md").exists()
    age_tree(vault)
    assert cli("--vault", str(vault), "--today", "2026-11-18", "run").exit_code == 0
    review = (vault / "Reviews" / "2026-W46.md").read_text()
    assert "You wrote on Wednesday and Thursday: [[2026-11-11]], [[2026-11-12]]." in review
    assert "2026-11-10" not in review and "entries written" not in review


def test_a_week_of_untouched_pages_has_no_review(tmp_path, cli):
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    for today in ("2026-11-17", "2026-11-19", "2026-11-25"):
        age_tree(vault)
        assert cli("--vault", str(vault), "--today", today, "run").exit_code == 0
    assert (vault / "Journal" / "2026-11-19.md").exists()
    assert not (vault / "Reviews" / "2026-W47.md").exists()


# --- days, not files ---------------------------------------------------------------------------


def test_a_feeling_in_the_daily_page_and_the_emotion_log_is_one_day():
    notes = notes_of(
        {
            "Journal/2026-11-14.md": "[emotion:: anxious] [intensity:: 70]\n",
            "Emotions/2026-11-14.md": "---\ntype: emotion-log\n---\n"
            "- [emotion:: anxious] [intensity:: 70] before the review\n"
            "- [emotion:: anxious] [intensity:: 85] after it\n",
            "Journal/2026-11-16.md": "[emotion:: anxious] [intensity:: 60]\n",
        }
    )
    [anxious] = mood_between(notes, D(2026, 11, 13), TODAY, 10).emotions
    assert (anxious.name, anxious.days) == ("anxious", 2)
    assert anxious.intensities == (70, 85, 60)  # as written, day by day, each once a day


def test_a_phrase_in_two_notes_of_one_day_is_one_day():
    agenda = agenda_of(
        {
            "Sessions/2026-11-12 s.md": "",
            "Journal/2026-11-14.md": "Tight chest in the morning.\n",
            "Emotions/2026-11-14.md": "---\ntype: emotion-log\n---\nTight chest before the review.\n",
        }
    )
    assert agenda.phrases == []  # one day only
    agenda = agenda_of(
        {
            "Sessions/2026-11-12 s.md": "",
            "Journal/2026-11-14.md": "Tight chest in the morning. #work\n",
            "Emotions/2026-11-14.md": "---\ntype: emotion-log\n---\nTight chest again. #work\n",
            "Journal/2026-11-16.md": "Tight chest at lunch.\n",
        }
    )
    [chest] = agenda.phrases
    assert (chest.name, chest.count) == ('"tight chest"', 2)
    assert chest.entries == ("[[Emotions/2026-11-14]]", "[[Journal/2026-11-14]]", "[[2026-11-16]]")
    assert agenda.repeated == []  # #work: two notes, one day


def test_what_repeated_says_days_and_what_it_is(tmp_path, cli):
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    (vault / "Journal" / "2026-11-14.md").write_text("Tight chest again.\n")
    (vault / "Journal" / "2026-11-16.md").write_text("Tight chest at lunch.\n")
    age_tree(vault)
    out = agenda_stdout(cli, vault, "2026-11-20")
    assert "Your own words that came back on more than one day; counted, not interpreted." in out
    assert '- "tight chest" — on 2 days: [[2026-11-14]], [[2026-11-16]]' in out
    assert "entries" not in out


def test_at_most_five_phrases_and_they_can_be_turned_off():
    words = [
        "tight chest",
        "cold hands",
        "late train",
        "loud office",
        "empty flat",
        "short temper",
        "long queue",
    ]
    files = {f"Journal/2026-11-{day}.md": ". ".join(words) + ".\n" for day in (14, 15)}
    assert len(agenda_of(files).phrases) == 5
    assert agenda_of(files, Config(agenda_phrases=False)).phrases == []


# --- the person's own numbers -----------------------------------------------------------------


MOODS = {
    "Sessions/2026-11-05 s.md": "",
    "Sessions/2026-11-12 s.md": "",
    "Journal/2026-11-06.md": "---\nmood: 3\n---\n",
    "Journal/2026-11-08.md": "---\nmood: 7\n---\n",
    "Journal/2026-11-13.md": "---\nmood: 3\n---\n",
    "Journal/2026-11-14.md": "---\nmood: 6\n---\nmood:: 4.5\n",
    "Journal/2026-11-16.md": "---\nmood: 5\n---\n",
}


def test_mood_is_a_range_and_days_without_an_average():
    mood = agenda_of(MOODS).mood
    assert (mood.range, len(mood.days), mood.previous_range) == ("3 to 6", 3, "3 to 7")
    assert mood.in_words == "3, 4.5–6, 5"  # a 4.5 is shown as written
    assert mood.show_average is False


def test_mood_wording_in_the_agenda(tmp_path, cli):
    vault = write_vault(tmp_path, MOODS)
    out = agenda_stdout(cli, vault, "2026-11-20")
    assert "3 to 6 (1–10), on 3 days; last time 3 to 7, on 2 days." in out
    assert "3, 4.5–6, 5" in out
    assert "average" not in out
    (vault / "vaultkit.toml").write_text("[mood]\nshow_average = true\n")
    out = agenda_stdout(cli, vault, "2026-11-20")
    assert "average" in out


def test_intensities_are_shown_as_written(tmp_path, cli):
    vault = write_vault(
        tmp_path,
        {
            "Journal/2026-11-14.md": "[emotion:: anxious] [intensity:: 70]\n",
            "Emotions/2026-11-14.md": "---\ntype: emotion-log\n---\n"
            "- [emotion:: anxious] [intensity:: 70]\n",
            "Journal/2026-11-16.md": "[emotion:: anxious] [intensity:: 85]\n",
        },
    )
    out = agenda_stdout(cli, vault, "2026-11-20")
    assert "anxious on 2 days (70, 85)" in out
    assert "77.5" not in out and "×" not in out


# --- weekly reviews ---------------------------------------------------------------------------


def test_a_review_names_the_days_and_how_strong_it_felt(tmp_path, cli):
    vault = write_vault(
        tmp_path,
        {
            "Journal/2026-11-09.md": "---\nmood: 4\n---\nA long day.\n",
            "Journal/2026-11-10.md": "Slept badly.\n",
            "Free writing/2026-11-12.md": "---\ntype: free-writing\ndistress_before: 80\n"
            "distress_after: 60\n---\nAll of it, on the page.\n",
        },
    )
    assert cli("--vault", str(vault), "--today", "2026-11-18", "run").exit_code == 0
    review = (vault / "Reviews" / "2026-W46.md").read_text()
    assert "You wrote on Monday, Tuesday and Thursday" in review
    assert "- free writing: 1; how strong it felt: 80 → 60\n" in review
    for word in ("distress", "on average", "entries written", "improved", "worse"):
        assert word not in review, word


def test_exercises_list_each_rating_pair():
    notes = notes_of(
        {
            "Thought records/2026-11-10.md": "---\ntype: thought-record\ndistress_before: 80\n"
            "distress_after: 50\n---\nSituation: the standup.\n",
            "Thought records/2026-11-11.md": "---\ntype: thought-record\ndistress_before: 70\n"
            "distress_after: 40\n---\nSituation: the email.\n",
            "Thought records/2026-11-12.md": "---\ntype: thought-record\ndistress_before: 60\n---\n"
            "Situation: only started it.\n",
        }
    )
    review = build_review(notes, CONFIG, 2026, 46, [], phrases=texts(notes))
    [records] = review.exercises
    assert (records.label, records.count, records.shown) == (
        "thought records",
        3,
        "80 → 50, 70 → 40",
    )


# --- private stays private --------------------------------------------------------------------


PRIVATE = {
    "Sessions/2026-11-12 s.md": "",
    "Journal/2026-11-14.md": "Building a case against myself. #work [[Sam]]\n",
    "Letters/To Sam.md": "---\ntype: letter\ndate: 2026-11-15\n---\n"
    "Building a case, the letter words. #work [[Sam]]\n",
    "Notes/2026-11-16 mine.md": "---\nprivate: true\n---\n"
    "Building a case, the note words. #work [[Sam]]\n"
    "- ask about the letter #next\n",
    "Journal/2026-11-17.md": "Building a case, said it aloud. #private #work [[Sam]]\n"
    "A quiet walk.\n",
}


def test_private_text_never_reaches_what_repeated():
    agenda = agenda_of(PRIVATE)
    assert names(agenda) == []
    # the person's own #next line in a private note still reaches the agenda
    assert [e.text for e in agenda.items] == ["ask about the letter"]


def test_private_text_never_reaches_a_review():
    notes = notes_of(PRIVATE)
    review = build_review(notes, CONFIG, 2026, 46, [], phrases=texts(notes))
    assert review.repeated == [] and review.phrases == []
    assert review.entries == ["[[2026-11-14]]"]  # week 46 ends on the 15th
    assert all(e.kind != "unsent-letter" for e in review.exercises)
    review = build_review(notes, CONFIG, 2026, 47, [], phrases=texts(notes))
    assert review.entries == ["[[2026-11-17]]"]  # its "A quiet walk." is the person's


def test_a_private_line_alone_is_not_a_day_written():
    notes = notes_of({"Journal/2026-11-10.md": "Only this. #private\n"})
    assert build_review(notes, CONFIG, 2026, 46, [], phrases=texts(notes)) is None


def test_a_released_letter_leaves_every_count():
    files = {
        "Journal/2026-11-14.md": "---\nmood: 5\n---\nTight chest again.\n",
        "Free writing/2026-11-15.md": "---\ntype: free-writing\nreleased: true\nmood: 2\n"
        "distress_before: 90\ndistress_after: 30\n---\n"
        "Tight chest, all of it.\n[emotion:: angry]\n",
    }
    notes = notes_of(files)
    released = notes[1]
    assert released.released and not is_counted(released, CONFIG)
    agenda = agenda_of(files)
    assert agenda.phrases == [] and agenda.mood.days == [(D(2026, 11, 14), 5.0)]
    assert agenda.mood.emotions == []
    review = build_review(notes, CONFIG, 2026, 46, [], phrases=texts(notes))
    assert review.entries == ["[[2026-11-14]]"] and review.exercises == []


def test_thought_record_hot_thought_and_evidence_for_are_not_counted_but_noted():
    record = (
        "---\ntype: thought-record\n---\n## 1. Situation\n\nThe meeting.\n\n"
        "## 3. Automatic thoughts\n\n- **They are building a case.**\n\n"
        "### 4) Evidence for:\n\n- the building a case email\n\n"
        "## 5. Evidence against\n\n- a kind word\n"
    )
    entry = read_entry(record, boilerplate())
    assert "building case" not in entry.phrases and "building case" in entry.worked_on
    assert entry.own_words
    agenda = agenda_of(
        {
            "Sessions/2026-11-12 s.md": "",
            "Journal/2026-11-13.md": "Building a case against me.\n",
            "Thought records/2026-11-14.md": record,
            "Journal/2026-11-16.md": "Still building a case.\n",
        }
    )
    [case] = agenda.phrases
    assert (case.name, case.count) == ('"building a case"', 2)
    assert case.worked_on == ("[[2026-11-14]]",)


def test_worked_on_is_shown_in_the_agenda(tmp_path, cli):
    vault = write_vault(
        tmp_path,
        {
            "Journal/2026-11-13.md": "Building a case against me.\n",
            "Thought records/2026-11-14.md": "---\ntype: thought-record\n---\n"
            "## 3. Automatic thoughts\n\n- building a case\n",
            "Journal/2026-11-16.md": "Still building a case.\n",
        },
    )
    out = agenda_stdout(cli, vault, "2026-11-20")
    assert (
        '- "building a case" — on 2 days: [[2026-11-13]], [[2026-11-16]]; '
        "worked on in [[2026-11-14]]"
    ) in out


# --- the brief ---------------------------------------------------------------------------------


def test_the_brief_leaves_private_text_out_even_with_entries(tmp_path, cli):
    vault = write_vault(
        tmp_path,
        {**PRIVATE, "Journal/2026-11-18.md": "Tight chest. #work\nMy secret line. #private\n"},
    )
    result = cli("--vault", str(vault), "--today", "2026-11-19", "brief", "--include-entries")
    assert result.exit_code == 0, result.output
    page = result.output
    assert "ask about the letter" in page  # the person put it on the agenda
    for hidden in ("letter words", "note words", "My secret line", "said it aloud"):
        assert hidden not in page, hidden
    assert "Tight chest." in page and "A quiet walk." in page


def test_brief_list_shows_what_the_brief_would_hold_and_writes_nothing(tmp_path, cli):
    from support.vaults import tree_bytes

    vault = write_vault(
        tmp_path,
        {
            **MOODS,
            "Sessions/2026-11-12 s.md": "## What I will try\n- write down what I wanted to say\n",
            "Journal/2026-11-17.md": "- the weekend plans #next/urgent\nTight chest.\n",
            "Journal/2026-11-18.md": "Tight chest at lunch.\n",
            "Journal/2026-11-19.md": UNTOUCHED_DAILY,
        },
    )
    before = tree_bytes(vault)
    result = cli(
        "--vault",
        str(vault),
        "--today",
        "2026-11-19",
        "brief",
        "--list",
        "--out",
        str(tmp_path / "brief.html"),
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert tree_bytes(vault) == before and not (tmp_path / "brief.html").exists()
    for expected in (
        "since the session on Thursday, November 12th 2026",
        "- the weekend plans (Tue 17 Nov)",
        '"tight chest" — on 2 days',
        "Mood: on 3 days",
        "Journal/2026-11-18",
    ):
        assert expected in out, expected
    assert "2026-11-19" not in out.split("--include-entries", 1)[1]  # nobody wrote in it
    assert "<html" not in out


# --- helpers -------------------------------------------------------------------------------------


def write_vault(tmp_path: Path, files: dict[str, str]) -> Path:
    vault = tmp_path / "vault"
    for path, text in files.items():
        target = vault / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (vault / "vaultkit.toml").write_text("")
    age_tree(vault)
    return vault


def agenda_stdout(cli, vault: Path, today: str) -> str:
    result = cli("--vault", str(vault), "--today", today, "agenda", "--stdout")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(autouse=True)
def _fresh_sources():
    SOURCES.clear()


def test_a_link_to_a_private_note_is_never_counted(tmp_path, cli):
    """The support callout on every page links the safety plan; a journal may link a letter.
    Neither is a theme: a private note's name never reaches What repeated."""
    from support.daemon import make_vault

    root = make_vault(
        tmp_path / "v",
        {
            "Letters/To Sam.md": "---\ntype: letter\n---\nWhat I never said.\n",
            "My safety plan.md": "---\ntype: safety-plan\nprivate: true\n---\n# My safety plan\n",
            "Journal/2026-11-16.md": "Reread [[To Sam]] and [[My safety plan]] and [[Mum]].\n",
            "Journal/2026-11-17.md": "[[To Sam]] again, [[My safety plan]] again, [[Mum]] again.\n",
        },
    )
    assert cli("--vault", str(root), "--today", "2026-11-18", "run").exit_code == 0
    text = (root / "Next session.md").read_text("utf-8")
    assert "- [[Mum]] — on 2 days" in text
    assert "[[To Sam]] — on" not in text and "[[My safety plan]] — on" not in text
