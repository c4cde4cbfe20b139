"""The agenda for the next session, built from parsed notes."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from vaultkit.facts.agenda import Repeat, build_agenda, item_keys, link_names
from vaultkit.settings.config import Config
from vaultkit.text.note import parse_note

D = dt.date
TODAY = D(2026, 11, 20)  # a Friday; the last session was Thursday 2026-11-12
CONFIG = Config(schedule="weekly:thu", support=("My therapist: 555-0100",))


def note(path: str, text: str, config: Config = CONFIG):
    return parse_note(path, text.encode("utf-8"), 0, config.note_rules)


def vault_notes(config: Config = CONFIG):
    return [
        note("Sessions/2026-11-05 session.md", "## What I will try\n- an older thread\n", config),
        note(
            "Sessions/2026-11-12 session.md",
            "---\ntype: session\ndate: 2026-11-12\n---\n# Session\n"
            "## What I will try\n- walk daily\n- \n- say no once\n"
            "## The agenda I brought\n- [x] brought along — [[2026-11-12]]\n"
            "- [ ] old task — [[2026-11-01]]\n#sleep\n",
            config,
        ),
        note("Sessions/2026-11-26 session.md", "## What I will try\n- not yet\n", config),
        note(
            "Journal/2026-11-01.md",
            "---\nmood: 9\n---\n- [ ] old task #next\n- [x] old done task #next\n"
            "- old plain #next\n[[Manager]] #work\n",
            config,
        ),
        note("Journal/2026-11-06.md", "---\nmood: 3\n---\n", config),
        note("Journal/2026-11-08.md", "---\nmood: 4\n---\n", config),
        note("Journal/2026-11-10.md", "---\nmood: 4\n---\n", config),
        note(
            "Journal/2026-11-12.md",
            "---\nmood: 4\n---\n- brought along #next\n- new on session day #next\n"
            "[[Manager]] #sleep\n",
            config,
        ),
        note(
            "Journal/2026-11-14.md",
            "---\nmood: 6\n---\nmood:: 7\n- [ ] email the boss #next\n"
            "- the panic #next/urgent\n- [x] already sorted #next\n"
            "[[Manager]] #work #anxiety [[2026-11-12]]\n",
            config,
        ),
        note(
            "Journal/2026-11-16.md",
            "---\nmood: 8\n---\n- [ ] second #next\n- [ ] first #next\n"
            "#work #anxiety [[2026-11-12]]\n",
            config,
        ),
        note("Journal/2026-11-18.md", "---\nmood: 5\n---\n[[Manager]]\n", config),
        note("Journal/2026-11-30.md", "---\nmood: 2\n---\n", config),
        note("Next session.md", "- [ ] stale copy #next\n", config),
    ]


def agenda_for(notes=None, config: Config = CONFIG, today: dt.date = TODAY):
    return build_agenda(vault_notes(config) if notes is None else notes, config, today)


def texts(entries):
    return [e.text for e in entries]


# --- the period -----------------------------------------------------------------------------


def test_last_session_is_the_latest_up_to_today():
    assert agenda_for().last_date == D(2026, 11, 12)


def test_session_after_today_is_not_the_last_one():
    agenda = agenda_for(today=D(2026, 11, 26))
    assert agenda.last_date == D(2026, 11, 26)
    assert agenda.threads == ["not yet"]


def test_no_sessions_the_period_is_the_last_window_days():
    notes = [
        note("Journal/2026-10-20.md", "- an old plain one #next\n- [x] an old done one #next\n"),
        note("Journal/2026-11-01.md", "- [ ] old task #next\n"),
        note("Journal/2026-11-07.md", "- a fortnight ago #next\n"),  # the window's first day
        note("Journal/2026-11-14.md", "- later #next\n"),
    ]
    agenda = build_agenda(notes, CONFIG, TODAY)
    assert agenda.last_date is None
    assert agenda.window_days == 14
    assert [day.date for day in agenda.since] == [D(2026, 11, 7), D(2026, 11, 14)]
    assert texts(agenda.still_open) == ["old task"]  # open tasks from before stay in view
    assert agenda.earlier == 2  # the rest stays in its notes
    assert agenda.threads == []


def test_a_window_of_one_day_is_today():
    notes = [
        note("Journal/2026-11-19.md", "- yesterday #next\n"),
        note("Journal/2026-11-20.md", "- today #next\n"),
    ]
    agenda = build_agenda(notes, Config(agenda_window_days=1), TODAY)
    assert [texts(day.items) for day in agenda.since] == [["today"]]


def test_the_whole_agenda_has_no_window_and_no_folds():
    notes = [
        note("Journal/2026-11-01.md", "- [ ] old task #next\n"),
        note("Journal/2026-11-14.md", "- later #next\n"),
    ]
    agenda = build_agenda(notes, CONFIG, TODAY, whole=True)
    assert agenda.window_days is None
    assert [day.date for day in agenda.since] == [D(2026, 11, 1), D(2026, 11, 14)]
    assert agenda.still_open == []


def test_a_session_ends_the_window():
    agenda = agenda_for()
    assert agenda.window_days is None
    assert agenda.last_date == D(2026, 11, 12)


def test_since_is_grouped_by_day_oldest_first():
    agenda = agenda_for()
    assert [day.date for day in agenda.since] == [D(2026, 11, 12), D(2026, 11, 14), D(2026, 11, 16)]
    assert [texts(day.items) for day in agenda.since] == [
        ["new on session day"],
        ["email the boss", "already sorted"],
        ["second", "first"],  # in the note's own order
    ]


def test_session_day_item_in_the_snapshot_is_left_out():
    all_texts = [e.text for e in agenda_for().items]
    assert "brought along" not in all_texts
    assert "new on session day" in all_texts


def test_the_agenda_note_itself_gives_no_items():
    assert "stale copy" not in [e.text for e in agenda_for().items]


def test_urgent_items_go_first():
    agenda = agenda_for()
    assert texts(agenda.urgent) == ["the panic"]
    assert agenda.urgent[0].line == "the panic — [[2026-11-14]]"
    assert "the panic" not in [e.text for day in agenda.since for e in day.items]
    assert agenda.items[0].text == "the panic"


def test_urgent_before_the_last_session_is_not_urgent_now():
    notes = [
        note("Sessions/2026-11-12 s.md", ""),
        note("Journal/2026-11-10.md", "- [ ] old fear #next/urgent\n- said #next/urgent\n"),
    ]
    agenda = build_agenda(notes, CONFIG, TODAY)
    assert agenda.urgent == []
    assert texts(agenda.still_open) == ["old fear"]


def test_still_open_is_undone_tasks_from_before():
    agenda = agenda_for()
    assert texts(agenda.still_open) == ["old task"]
    assert agenda.still_open[0].line == "old task — [[2026-11-01]]"
    assert agenda.still_open[0].ticked is False


def test_marks_are_given_to_items_by_key_with_the_lines_under_them():
    agenda = agenda_for()
    keys = {e.text: e.key for e in agenda.items}
    marked = agenda.marked(
        {keys["email the boss"]: "x", keys["old task"]: "-"},
        {keys["second"]: ["    - a line of mine"]},
    )
    by_text = {e.text: (e.mark, e.notes) for e in marked.items}
    assert by_text["email the boss"] == ("x", ())
    assert by_text["old task"] == ("-", ())
    assert by_text["second"] == (" ", ("    - a line of mine",))
    assert by_text["the panic"] == (" ", ())
    assert [e.text for e in marked.items] == [e.text for e in agenda.items]


def test_identical_items_in_one_note_have_their_own_keys():
    [only] = [note("Journal/2026-11-14.md", "- [ ] call mum #next\n- x\n- [x] call mum #next\n")]
    assert item_keys(only) == [
        ("Journal/2026-11-14.md", "call mum", 0),
        ("Journal/2026-11-14.md", "call mum", 1),
    ]
    items = build_agenda([only], CONFIG, TODAY).items
    assert [(e.key[2], e.mark) for e in items] == [(0, " "), (1, "x")]


def test_done_task_is_shown_ticked():
    by_text = {e.text: e.ticked for e in agenda_for().items}
    assert by_text["already sorted"] is True
    assert by_text["email the boss"] is False


def test_frontmatter_tagged_note_is_a_link_item():
    notes = [note("Notes/About work.md", "---\ntags: [next]\ndate: 2026-11-15\n---\nbody\n")]
    agenda = build_agenda(notes, CONFIG, TODAY)
    [entry] = agenda.items
    assert entry.line == "[[About work]]"


# --- threads, repeated, mood ----------------------------------------------------------------


def test_threads_are_the_last_sessions_list_items():
    assert agenda_for().threads == ["walk daily", "say no once"]


def test_threads_with_a_configured_heading():
    config = Config(threads_heading="Homework")
    notes = [note("Sessions/2026-11-12 s.md", "## Homework\n- breathe\n## Other\n- no\n", config)]
    assert build_agenda(notes, config, TODAY).threads == ["breathe"]


def test_repeated_counts_entries_since_the_last_session():
    assert agenda_for().repeated == [
        # 11-12, 11-14, 11-18 (not 11-01, before the session), each linked
        Repeat("[[Manager]]", 3, ("[[2026-11-12]]", "[[2026-11-14]]", "[[2026-11-18]]")),
        Repeat("#anxiety", 2, ("[[2026-11-14]]", "[[2026-11-16]]")),
        Repeat("#work", 2, ("[[2026-11-14]]", "[[2026-11-16]]")),
    ]


def test_repeated_leaves_out_agenda_tags_date_links_and_single_entries():
    names = [r.name for r in agenda_for().repeated]
    assert not {"#next", "#next/urgent", "[[2026-11-12]]", "#sleep"} & set(names)


def test_repeated_counts_a_tag_once_per_entry():
    notes = [
        note("Journal/2026-11-14.md", "#work\n#work\n#work\n"),
        note("Journal/2026-11-15.md", "#work\n"),
    ]
    assert build_agenda(notes, CONFIG, TODAY).repeated == [
        Repeat("#work", 2, ("[[2026-11-14]]", "[[2026-11-15]]"))
    ]


def test_mood_range_days_and_sparkline():
    mood = agenda_for().mood
    # days from the session day to today; 11-14 has two ratings (6, then 7): the sparkline
    # draws the last one written, the words give both, nothing is averaged into a 6.5
    assert mood.days == [
        (D(2026, 11, 12), 4.0),
        (D(2026, 11, 14), 7.0),
        (D(2026, 11, 16), 8.0),
        (D(2026, 11, 18), 5.0),
    ]
    assert mood.in_words == "4, 6–7, 8, 5"
    assert (mood.low, mood.high, mood.range) == (4.0, 8.0, "4 to 8")
    assert (mood.previous_range, mood.previous_days) == ("3 to 4", 3)  # 11-06, 11-08, 11-10
    assert mood.sparkline == "▃▆▆▄"
    assert len(mood.sparkline) == len(mood.days)
    assert mood.scale == 10


def test_an_average_only_when_asked_for():
    assert agenda_for().mood.show_average is False
    config = Config(schedule="weekly:thu", mood_show_average=True)
    mood = agenda_for(config=config).mood
    assert mood.show_average is True
    assert mood.average == 5.9  # 4, 6.5 (the day's two), 8, 5: a day counts once (23.5 / 4)
    assert mood.previous_average == 3.7  # 11-06, 11-08, 11-10: 11 / 3


def test_a_rating_is_shown_as_written():
    notes = [
        note("Journal/2026-11-14.md", "---\nmood: 4.5\n---\n"),
        note("Journal/2026-11-15.md", "---\nmood: 6\n---\nmood:: 6\n"),
    ]
    mood = build_agenda(notes, CONFIG, TODAY).mood
    assert (mood.in_words, mood.range) == ("4.5, 6", "4.5 to 6")


def test_reference_notes_are_no_entries():
    """A note dated only by its modification time (a clone or a restore makes it today)
    counts nowhere: not in what repeated, not in the mood."""
    reference = [
        parse_note(
            f"Notes/{name}.md",
            b"---\nmood: 2\n---\n#categories [[Books]]\n",
            dt.datetime(2026, 11, 19, 9).timestamp(),
            CONFIG.note_rules,
        )
        for name in ("Albums", "Books", "Recipes")
    ]
    agenda = build_agenda([*reference, note("Journal/2026-11-14.md", "#work\n")], CONFIG, TODAY)
    assert agenda.repeated == [] and agenda.mood is None


def test_a_private_notes_next_line_reaches_the_agenda_and_nothing_else():
    notes = [
        note(
            "Letters/To Sam.md",
            "---\ndate: 2026-11-14\n---\n#work [[Sam]]\n- ask about the letter #next\nmood:: 2\n",
        ),
        note("Notes/2026-11-15 x.md", "---\nprivate: true\n---\n#work [[Sam]]\nmood:: 2\n"),
        note("Journal/2026-11-16.md", "#work [[Sam]]\n"),
    ]
    agenda = build_agenda(notes, CONFIG, TODAY)
    assert [e.text for e in agenda.items] == ["ask about the letter"]
    assert agenda.repeated == [] and agenda.mood is None


def test_a_tag_counts_once_a_day():
    notes = [
        note("Journal/2026-11-14.md", "#work\n"),
        note("Emotions/2026-11-14.md", "#work\n"),
        note("Journal/2026-11-15.md", "#work\n"),
    ]
    [work] = build_agenda(notes, CONFIG, TODAY).repeated
    assert (work.name, work.days, work.entries) == (
        "#work",
        2,
        ("[[Emotions/2026-11-14]]", "[[Journal/2026-11-14]]", "[[2026-11-15]]"),
    )


def test_phrases_can_be_turned_off():
    notes = [note("Journal/2026-11-14.md", "x\n"), note("Journal/2026-11-15.md", "x\n")]
    phrases = {n.path: {"tight chest": "tight chest"} for n in notes}
    assert [r.name for r in build_agenda(notes, CONFIG, TODAY, phrases=phrases).phrases] == [
        '"tight chest"'
    ]
    assert build_agenda(notes, Config(agenda_phrases=False), TODAY, phrases=phrases).phrases == []


def test_no_mood_values_means_no_mood():
    notes = [note("Journal/2026-11-14.md", "- a #next\n")]
    assert build_agenda(notes, CONFIG, TODAY).mood is None


def test_support_contacts_are_passed_through():
    assert agenda_for().support == ["My therapist: 555-0100"]


# --- the next session's date ----------------------------------------------------------------


def test_next_date_weekly():
    assert agenda_for().next_date == D(2026, 11, 26)


def test_next_date_weekly_is_today_when_todays_session_is_not_recorded_yet():
    notes = [n for n in vault_notes() if "11-26" not in n.path]
    assert build_agenda(notes, CONFIG, D(2026, 11, 19)).next_date == D(2026, 11, 19)


def test_next_date_skips_a_session_already_recorded_today():
    notes = [note("Sessions/2026-11-19 s.md", "")]
    assert build_agenda(notes, CONFIG, D(2026, 11, 19)).next_date == D(2026, 11, 26)


@pytest.mark.parametrize(
    "today, expected",
    [
        (D(2026, 11, 20), D(2026, 12, 1)),
        (D(2026, 11, 17), D(2026, 11, 17)),
        (D(2026, 11, 24), D(2026, 12, 1)),
        (D(2026, 12, 2), D(2026, 12, 15)),
    ],
)
def test_next_date_fortnightly(today, expected):
    config = Config(schedule="fortnightly:tue:2026-11-17")
    assert build_agenda([], config, today).next_date == expected


def test_no_schedule_no_next_date():
    assert build_agenda([], Config(), TODAY).next_date is None


# --- determinism and links ------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_agenda_does_not_depend_on_note_order(seed):
    notes = vault_notes()
    expected = build_agenda(notes, CONFIG, TODAY)
    shuffled = list(notes)
    random.Random(seed).shuffle(shuffled)
    assert build_agenda(shuffled, CONFIG, TODAY) == expected


def test_link_names_disambiguates_same_titles_by_path():
    notes = [
        note("Work/Plan.md", ""),
        note("Home/plan.md", ""),
        note("Solo.md", ""),
        note("Deep/er/Solo2.md", ""),
    ]
    assert link_names(notes) == {
        "Work/Plan.md": "Work/Plan",
        "Home/plan.md": "Home/plan",
        "Solo.md": "Solo",
        "Deep/er/Solo2.md": "Solo2",
    }


def test_items_from_same_titled_notes_link_by_path():
    notes = [
        note("Work/2026-11-14 plan.md", "- ask for help #next\n"),
        note("Home/2026-11-14 plan.md", "- rest #next\n"),
    ]
    lines = sorted(e.line for e in build_agenda(notes, CONFIG, TODAY).items)
    assert lines == ["ask for help — [[Work/2026-11-14 plan]]", "rest — [[Home/2026-11-14 plan]]"]
