"""What vaultkit reads from one note: date, items, moods, emotions, triggers, sessions."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from vaultkit.settings.config import Config
from vaultkit.text.note import Emotion, Item, parse_note
from vaultkit.text.note_lines import NotText
from vaultkit.text.note_metadata import split_frontmatter
from vaultkit.text.sections import section_list_items

CONFIG = Config()
D = dt.date


def local_ts(year: int, month: int, day: int) -> float:
    return time.mktime((year, month, day, 12, 0, 0, 0, 0, -1))


OLD_MTIME = local_ts(2020, 5, 6)
OLD_DATE = D(2020, 5, 6)


def parse(path: str, text: str | bytes, config: Config = CONFIG, mtime: float = OLD_MTIME):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_note(path, data, mtime, config.note_rules)


def items(text: str, path: str = "Journal/2026-11-20.md", config: Config = CONFIG):
    return [(i.line, i.text, i.tag, i.is_task, i.done) for i in parse(path, text, config).items]


# --- dates ----------------------------------------------------------------------------------


def test_date_from_daily_file_name():
    note = parse("Journal/2026-11-20.md", "hello\n")
    assert (note.date, note.date_source, note.is_daily) == (D(2026, 11, 20), "name", True)
    assert note.title == "2026-11-20"


def test_date_from_daily_name_with_subfolders_in_the_format():
    config = Config(daily_format="YYYY/MM/YYYY-MM-DD")
    note = parse("Journal/2026/11/2026-11-20.md", "", config)
    assert (note.date, note.date_source, note.is_daily) == (D(2026, 11, 20), "name", True)


def test_subfolder_format_with_mismatched_month_folder_is_not_a_daily_page():
    config = Config(daily_format="YYYY/MM/YYYY-MM-DD")
    note = parse("Journal/2026/12/2026-11-20.md", "", config)
    assert note.is_daily is False
    assert note.date == D(2026, 11, 20)  # still dated by its name's prefix


def test_date_from_custom_daily_format():
    note = parse("Journal/20.11.2026.md", "", Config(daily_format="DD.MM.YYYY"))
    assert (note.date, note.is_daily) == (D(2026, 11, 20), True)


def test_daily_format_in_vault_root():
    note = parse("2026-11-20.md", "", Config(daily_folder=""))
    assert (note.date, note.is_daily) == (D(2026, 11, 20), True)


def test_date_from_name_prefix_outside_the_daily_folder():
    note = parse("Inbox/2026-11-14 the email.md", "")
    assert (note.date, note.date_source, note.is_daily) == (D(2026, 11, 14), "name", False)


def test_date_from_frontmatter():
    note = parse("Notes/thoughts.md", "---\ndate: 2026-10-01\n---\ntext\n")
    assert (note.date, note.date_source) == (D(2026, 10, 1), "frontmatter")


def test_date_from_frontmatter_datetime():
    note = parse("Notes/thoughts.md", "---\ndate: 2026-10-01T22:30:00\n---\n")
    assert (note.date, note.date_source) == (D(2026, 10, 1), "frontmatter")


def test_name_date_wins_over_frontmatter():
    note = parse("Journal/2026-11-20.md", "---\ndate: 2026-01-01\n---\n")
    assert (note.date, note.date_source) == (D(2026, 11, 20), "name")


def test_date_from_mtime_when_nothing_else():
    note = parse("Notes/thoughts.md", "---\ndate: someday\n---\n", mtime=local_ts(2026, 3, 4))
    assert (note.date, note.date_source) == (D(2026, 3, 4), "mtime")


# --- items ----------------------------------------------------------------------------------


def test_item_text_drops_list_marker_checkbox_and_tag():
    assert items("- [ ] call mum about Sunday #next\n") == [
        (0, "call mum about Sunday", "next", True, False)
    ]


def test_item_tag_in_the_middle_of_the_line():
    assert items("- talk about #next the boss\n") == [
        (0, "talk about the boss", "next", False, False)
    ]


def test_done_task_item():
    assert items("* [x] sent the email #next\n") == [(0, "sent the email", "next", True, True)]


def test_plain_line_and_numbered_list_items():
    assert items("I keep thinking about it #next\n1. numbered #next\n") == [
        (0, "I keep thinking about it", "next", False, False),
        (1, "numbered", "next", False, False),
    ]


def test_urgent_nested_tag():
    assert items("- [ ] the panic on Tuesday #next/urgent\n") == [
        (0, "the panic on Tuesday", "next/urgent", True, False)
    ]


def test_tags_are_case_insensitive():
    assert items("- ask about sleep #Next\n- and this #NEXT/Urgent\n") == [
        (0, "ask about sleep", "next", False, False),
        (1, "and this", "next/urgent", False, False),
    ]


def test_items_inside_blockquotes():
    assert items("> - [ ] quoted task #next\n> > deeper #next\n") == [
        (0, "quoted task", "next", True, False),
        (1, "deeper", "next", False, False),
    ]


def test_block_id_is_stripped():
    assert items("- [ ] call mum #next ^abc-123\n") == [(0, "call mum", "next", True, False)]


def test_other_tags_and_links_stay_in_the_text():
    note = parse("Journal/2026-11-20.md", "- [[Manager]] again #work #next\n")
    assert [i.text for i in note.items] == ["[[Manager]] again #work"]
    assert set(note.tags) == {"work", "next"}
    assert set(note.links) == {"Manager"}


def test_similar_tag_is_not_an_agenda_tag():
    assert items("- plan #nextweek and #nexus\n") == []


def test_item_remembers_note_path_and_date():
    note = parse("Journal/2026-11-20.md", "intro\n- thing #next\n")
    assert list(note.items) == [Item("Journal/2026-11-20.md", 1, "thing", D(2026, 11, 20), "next")]


def test_custom_agenda_tags():
    config = Config(agenda_tags=("therapy",))
    assert items("- a #therapy\n- b #next\n", config=config) == [(0, "a", "therapy", False, False)]


@pytest.mark.parametrize(
    "frontmatter",
    [
        "tags: [next]",
        'tags: "journal, next"',
        "tags: journal next",
        "tag: next",
        "tags:\n  - journal\n  - '#Next'",
    ],
)
def test_frontmatter_tagged_note_is_one_item(frontmatter):
    note = parse("Notes/About work.md", f"---\n{frontmatter}\n---\nthe body\n")
    assert list(note.items) == [Item("Notes/About work.md", -1, "About work", OLD_DATE, "next")]
    assert "next" in note.tags


def test_frontmatter_tagged_note_with_inline_tag_too():
    note = parse("Notes/x.md", "---\ntags: [next]\n---\n- also #next\n")
    assert [(i.line, i.text) for i in note.items] == [(-1, "x"), (3, "also")]


@pytest.mark.parametrize(
    "text",
    [
        "```\n- #next in a fence\n```\n",
        "~~~md\n#next\n~~~\n",
        "para\n\n    indented code #next\n",
        "- use `#next` to mark things\n",
        "<!-- #next -->\n",
        "%% #next %%\n",
        "%%\n#next\n%%\n",
        "$$\n#next\n$$\n",
        "see [[Note#next]]\n",
        "http://example.com/#next\n",
        "\\#next escaped\n",
        "(#next)\n",
    ],
)
def test_agenda_tag_in_code_comments_and_links_is_no_item(text):
    assert items(text) == []


def test_tag_in_code_span_is_kept_in_item_text():
    assert items("- use `#next` tags #next\n") == [(0, "use `#next` tags", "next", False, False)]


def test_bracketed_number_without_list_marker_is_not_a_task():
    assert items("[1] bring this up #next\n") == [(0, "[1] bring this up", "next", False, False)]


# --- mood and emotions ----------------------------------------------------------------------


def test_mood_from_frontmatter():
    assert parse("Journal/2026-11-20.md", "---\nmood: 6\n---\n").moods == (6.0,)


def test_empty_frontmatter_mood_from_the_daily_template_is_no_mood():
    assert parse("Journal/2026-11-20.md", "---\nmood: # 1–10\n---\n").moods == ()


def test_inline_mood_fields():
    text = "mood:: 7\n- walked a lot [mood:: 5]\n"
    assert parse("Journal/2026-11-20.md", text).moods == (
        7.0,
        5.0,
    )


def test_frontmatter_and_inline_moods_together():
    text = "---\nmood: 6\n---\nmood:: 7.5\n"
    assert parse("Journal/2026-11-20.md", text).moods == (
        6.0,
        7.5,
    )


def test_inline_mood_out_of_scale_is_ignored():
    text = "mood:: 11\n[mood:: -1]\nmood:: 10\n"
    assert parse("Journal/2026-11-20.md", text).moods == (10.0,)


def test_inline_mood_respects_configured_scale():
    text = "mood:: 5\nmood:: 6\n"
    assert parse("Journal/2026-11-20.md", text, Config(mood_scale=5)).moods == (5.0,)


def test_inline_mood_in_code_is_ignored():
    assert parse("Journal/2026-11-20.md", "```\nmood:: 9\n```\n").moods == ()


@pytest.mark.parametrize("value", ["11", "-3", "42"])
def test_frontmatter_mood_out_of_scale_is_ignored(value):
    assert parse("Journal/2026-11-20.md", f"---\nmood: {value}\n---\n").moods == ()


def test_inline_mood_zero_is_below_the_scale():
    assert parse("Journal/2026-11-20.md", "mood:: 0\n").moods == ()


def test_emotion_and_intensity_fields():
    note = parse("Emotions/2026-11-20 log.md", "- [emotion:: Anxious] [intensity:: 70]\n")
    assert list(note.emotions) == [Emotion(0, "anxious", 70, D(2026, 11, 20))]


def test_emotion_with_out_of_range_or_missing_intensity():
    text = "- [emotion:: sad] [intensity:: 170]\n- [emotion:: calm]\n"
    note = parse("Emotions/2026-11-20 log.md", text)
    assert [(e.line, e.name, e.intensity) for e in note.emotions] == [
        (0, "sad", None),
        (1, "calm", None),
    ]


def test_empty_emotion_field_from_template_is_no_emotion():
    assert parse("Emotions/2026-11-20 log.md", "- [emotion:: ] [intensity:: ]\n").emotions == ()


# --- mood as people write it (issue 14) -----------------------------------------------------

DAY = "Journal/2026-11-20.md"
SCALE_5 = Config(mood_scale=5)

# (as written, what the chart gets): the number the person gave, whatever they wrote around it
READABLE = [
    ("4", (4.0,)),
    ("4.5", (4.5,)),
    ("4,5", (4.5,)),
    ("10", (10.0,)),
    ("1", (1.0,)),
    ("4/10", (4.0,)),
    ("4 / 10", (4.0,)),
    ("4 out of 10", (4.0,)),
    ("4 - tired", (4.0,)),
    ("4 – tired", (4.0,)),
    ("4 (tired)", (4.0,)),
    ("4(tired)", (4.0,)),
    ("4, tired", (4.0,)),
    ("4 tired", (4.0,)),
    ("4/10 - slept badly", (4.0,)),
    ("six", (6.0,)),
    ("Six", (6.0,)),
    ("SIX - ok", (6.0,)),
    ("one", (1.0,)),
    ("ten", (10.0,)),
    ("4-5", (4.0, 5.0)),
    ("4 – 5", (4.0, 5.0)),
    ("4 to 5", (4.0, 5.0)),
]


@pytest.mark.parametrize("written, moods", READABLE)
def test_frontmatter_mood_as_people_write_it(written, moods):
    note = parse(DAY, f"---\ndate: 2026-11-20\nmood: {written}\n---\n")
    assert (note.moods, note.warnings) == (moods, ())


@pytest.mark.parametrize("written, moods", READABLE)
def test_inline_mood_as_people_write_it(written, moods):
    whole = parse(DAY, f"# Friday\nmood:: {written}\n")
    listed = parse(DAY, f"# Friday\n- mood:: {written}\n")
    bracketed = parse(DAY, f"# Friday\nslept late [mood:: {written}] and walked\n")
    for note in (whole, listed, bracketed):
        assert (note.moods, note.warnings) == (moods, ()), written


def test_frontmatter_mood_list_is_each_rating():
    note = parse(DAY, "---\nmood: [4, 6/10]\n---\n")
    assert (note.moods, note.warnings) == ((4.0, 6.0), ())


def test_a_fraction_of_the_scale_in_force_is_its_number():
    assert parse(DAY, "---\nmood: 4/5\n---\n", SCALE_5).moods == (4.0,)


def test_a_fraction_of_another_scale_is_not_converted_and_says_so():
    note = parse(DAY, "---\nmood: 7/10\n---\n", SCALE_5)
    assert note.moods == ()
    assert note.warnings == (
        (f'{DAY}:2: mood "7/10" is out of 10, and the scale here is 1 to 5; left out of the chart'),
    )


@pytest.mark.parametrize(
    "written",
    ["eleven", "11", "0", "-1", "good", "4th", "11/10", "🙂", "1e1", "true", "2026-11-20"],
)
def test_a_frontmatter_mood_vaultkit_cannot_use_is_one_warning_naming_its_line(written):
    text = f"---\ndate: 2026-11-20\nmood: {written}\ntags: [day]\n---\n- call Sam #next\n"
    note = parse(DAY, text)
    assert note.moods == ()
    assert note.warnings == (
        (f'{DAY}:3: mood "{written}" is not a number from 1 to 10; left out of the chart'),
    )
    assert [i.text for i in note.items] == ["call Sam"] and "day" in note.tags


def test_an_inline_mood_vaultkit_cannot_use_names_its_body_line():
    text = "---\ndate: 2026-11-20\n---\n# Friday\n\nmood:: eleven\n- walked [mood:: 42]\nmood:: 7\n"
    note = parse(DAY, text)
    assert note.moods == (7.0,)
    assert note.warnings == (
        f'{DAY}:6: mood "eleven" is not a number from 1 to 10; left out of the chart',
        f'{DAY}:7: mood "42" is not a number from 1 to 10; left out of the chart',
    )


def test_the_scale_in_force_bounds_the_mood_and_names_it():
    note = parse(DAY, "mood:: 6\n", SCALE_5)
    assert note.moods == ()
    assert note.warnings == (
        (f'{DAY}:1: mood "6" is not a number from 1 to 5; left out of the chart'),
    )


@pytest.mark.parametrize(
    "text",
    [
        "---\nmood:\n---\n",
        "---\nmood: # 1–10, left empty\n---\n",
        "---\nmood: ''\n---\n",
        "---\nmood: ~\n---\n",
        "mood::\n",
        "mood:: \n",
        "- [mood:: ] x\n",
    ],
)
def test_an_empty_mood_is_no_mood_and_no_warning(text):
    note = parse(DAY, text)
    assert (note.moods, note.warnings) == ((), ())


def test_the_daily_template_as_made_gives_no_warning():
    made = (
        "---\ndate: 2026-11-20\nmood: # 1–10, left empty until you check in\n---\n\n"
        "# Friday\n\n- [emotion:: ] [intensity:: ] Right before:\n"
    )
    note = parse(DAY, made)
    assert (note.moods, note.emotions, note.warnings) == ((), (), ())


def test_a_long_unreadable_value_is_shortened_in_its_warning():
    note = parse(DAY, "mood:: " + "so much " * 200 + "\n")
    assert len(note.warnings) == 1 and len(note.warnings[0]) < 160
    assert note.warnings[0].startswith(f'{DAY}:1: mood "so much so much')


@pytest.mark.parametrize(
    "written, value",
    [("70", 70), ("70%", 70), ("70/100", 70), ("70 - in my chest", 70), ("0", 0), ("100", 100)],
)
def test_intensity_as_people_write_it(written, value):
    note = parse("Emotions/2026-11-20 log.md", f"- [emotion:: anxious] [intensity:: {written}]\n")
    assert ([e.intensity for e in note.emotions], note.warnings) == ([value], ())


@pytest.mark.parametrize("written", ["high", "170", "-5"])
def test_an_intensity_vaultkit_cannot_use_is_one_warning_and_the_emotion_stays(written):
    path = "Emotions/2026-11-20 log.md"
    note = parse(path, f"# Log\n- [emotion:: anxious] [intensity:: {written}]\n")
    assert [(e.name, e.intensity) for e in note.emotions] == [("anxious", None)]
    assert note.warnings == (
        (
            f'{path}:2: intensity "{written}" is not a number from 0 to 100; '
            '"anxious" is kept without it'
        ),
    )


def test_an_intensity_of_another_scale_is_not_converted():
    path = "Emotions/2026-11-20 log.md"
    note = parse(path, "- [emotion:: sad] [intensity:: 7/10]\n")
    assert [(e.name, e.intensity) for e in note.emotions] == [("sad", None)]
    assert note.warnings == (
        (
            f'{path}:1: intensity "7/10" is out of 10, and the scale here is '
            '0 to 100; "sad" is kept without it'
        ),
    )


def test_two_intensities_of_one_feeling_are_both_kept():
    note = parse("Emotions/2026-11-20 log.md", "- [emotion:: angry] [intensity:: 60-70]\n")
    assert ([(e.name, e.intensity) for e in note.emotions], note.warnings) == (
        [("angry", 60), ("angry", 70)],
        (),
    )


def test_a_mood_in_a_template_is_not_read_nor_warned_about():
    note = parse("Templates/mine.md", "---\nmood: {{ mood }}\n---\nmood:: eleven\n")
    assert (note.moods, note.warnings) == ((), ())


# --- triggers -------------------------------------------------------------------------------


def test_trigger_line_alone():
    note = parse("Journal/2026-11-20.md", "text\n{{letter}}\n{{ thought-record }}\n")
    assert list(note.triggers) == [(1, "letter"), (2, "thought-record")]


def test_trigger_inside_code_fence_is_not_a_trigger():
    assert parse("Journal/2026-11-20.md", "```\n{{letter}}\n```\n").triggers == ()


def test_trigger_with_other_text_on_the_line_is_not_a_trigger():
    text = "write {{letter}}\n- [ ] {{letter}}\n{{letter}} now\n`{{letter}}`\n- {{letter}} x\n"
    note = parse("Journal/2026-11-20.md", text)
    assert note.triggers == () and note.list_triggers == ()


def test_a_trigger_as_the_whole_list_item_is_a_list_trigger():
    note = parse("Journal/2026-11-20.md", "text\n- {{letter}}\n  1. {{ ask }}\n")
    assert note.triggers == ((1, "letter"), (2, "ask"))  # 0-based lines
    assert note.list_triggers == ((1, "- "), (2, "  1. "))


def test_trigger_in_templates_folder_is_ignored():
    assert parse("Templates/mine.md", "{{letter}}\n").triggers == ()


# --- frontmatter trouble --------------------------------------------------------------------


def test_invalid_yaml_frontmatter_gives_warning_and_body_is_still_scanned():
    text = "---\ndate: 2026-01-01\ntitle: Re: hello\n---\n- reply to Sam #next\n"
    note = parse("Notes/mail.md", text)
    assert note.metadata == {}
    assert note.date_source == "mtime"
    assert len(note.warnings) == 1
    assert note.warnings[0].startswith("Notes/mail.md:3: ")
    assert [(i.line, i.text) for i in note.items] == [(4, "reply to Sam")]


def test_note_opening_with_horizontal_rule_still_yields_item():
    note = parse("Notes/hr.md", "---\ntext\n---\n#next x\n")
    assert note.metadata == {}
    assert list(note.warnings) == []
    assert [(i.line, i.text) for i in note.items] == [(3, "x")]


def test_tag_between_horizontal_rules_is_an_item():
    note = parse("Notes/hr.md", "---\nwrite #next here\n---\n")
    assert [(i.line, i.text) for i in note.items] == [(1, "write here")]


def test_split_frontmatter():
    assert split_frontmatter(["---", "a: 1", "---", "body"]) == ("a: 1", 3)
    assert split_frontmatter(["---", "a: 1", "...", "body"]) == ("a: 1", 3)
    assert split_frontmatter(["---", "never closed"]) == (None, 0)
    assert split_frontmatter(["body", "---"]) == (None, 0)
    assert split_frontmatter([]) == (None, 0)


PLAIN = (
    "---\ndate: 2026-11-20\nmood: 6\n---\n# Day\n\n- [ ] call mum #next\n"
    "- [emotion:: sad] [intensity:: 40]\n{{letter}}\nend #next/urgent ^b1\n"
)


@pytest.mark.parametrize(
    "variant",
    [
        PLAIN.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + PLAIN.encode(),
        b"\xef\xbb\xbf" + PLAIN.replace("\n", "\r\n").encode(),
    ],
    ids=["crlf", "bom", "bom+crlf"],
)
def test_bom_and_crlf_parse_like_plain(variant):
    plain = parse("Notes/x.md", PLAIN)
    other = parse("Notes/x.md", variant)
    assert plain.items and plain.triggers and plain.emotions  # the comparison is not vacuous
    assert other.items == plain.items
    assert other.triggers == plain.triggers
    assert other.emotions == plain.emotions
    assert other.moods == plain.moods == (6.0,)
    assert other.metadata == plain.metadata
    assert other.lines == plain.lines
    assert other.body_start == plain.body_start == 4


@pytest.mark.parametrize(
    "data, line",
    [
        (b"\xff\xfe binary", 1),
        (b"ok\nok\nbad \xe9 byte\n", 3),
        (b"ok\r\nok\r\n\x89PNG\r\n", 3),
    ],
)
def test_invalid_utf8_raises_not_text_with_line(data, line):
    with pytest.raises(NotText) as caught:
        parse("Notes/x.md", data)
    assert caught.value.line == line


def test_templates_folder_notes_yield_no_items():
    note = parse("Templates/daily.md", "---\ntags: [next]\n---\n- end a line with #next\n")
    assert list(note.items) == []


def test_custom_templates_folder_notes_yield_no_items():
    note = parse("Meta/T/x.md", "- #next x\n", Config(templates_folder="Meta/T"))
    assert list(note.items) == []


# --- sessions -------------------------------------------------------------------------------


def test_session_note_in_sessions_folder_with_date_name():
    note = parse("Sessions/2026-11-12 session.md", "notes\n")
    assert note.session_date == D(2026, 11, 12)


def test_session_note_anywhere_by_type_and_date():
    note = parse("Notes/therapy.md", "---\ntype: session\ndate: 2026-11-12\n---\n")
    assert note.session_date == D(2026, 11, 12)


def test_session_frontmatter_date_wins_over_name():
    note = parse("Sessions/2026-11-12.md", "---\ntype: session\ndate: 2026-11-10\n---\n")
    assert note.session_date == D(2026, 11, 10)


def test_not_sessions():
    assert parse("Sessions/notes.md", "").session_date is None
    assert parse("Notes/x.md", "---\ntype: session\n---\n").session_date is None
    assert parse("Notes/2026-11-12 x.md", "---\ndate: 2026-11-12\n---\n").session_date is None
    assert parse("Sessions/x.md", "---\ndate: 2026-11-12\n---\n").session_date is None


def test_section_list_items():
    text = (
        "---\ntype: session\n---\n# Session\n## What I will try\n- walk daily\n- \n"
        "  - a sub point\n* say no once\n1. [ ] breathe\n## Next\n- not this\n"
    )
    note = parse("Sessions/2026-11-12.md", text)
    assert section_list_items(note, "What I will try") == ["walk daily", "say no once", "breathe"]
    assert section_list_items(note, "what i will try") == ["walk daily", "say no once", "breathe"]
    assert section_list_items(note, "Missing") == []


def test_an_intensity_is_kept_as_written():
    note = parse(
        "Journal/2026-11-20.md",
        "[emotion:: anxious] [intensity:: 70.5]\n[emotion:: calm] [intensity:: 20]\n",
    )
    assert [(e.name, e.intensity) for e in note.emotions] == [("anxious", 70.5), ("calm", 20)]
    assert isinstance(note.emotions[1].intensity, int)


def test_a_mood_too_big_for_a_float_is_one_warning():
    note = parse("Journal/2026-11-20.md", "---\nmood: " + "9" * 400 + "\n---\nz #next\n")
    assert note.moods == () and len(note.warnings) == 1
    assert "is not a number from 1 to 10" in note.warnings[0]
