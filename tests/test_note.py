"""What vaultkit reads from one note: date, items, moods, emotions, triggers, sessions."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from vaultkit.config import Config
from vaultkit.note import Emotion, Item, NotText, parse_note, section_list_items, split_frontmatter

CONFIG = Config()
D = dt.date


def local_ts(year: int, month: int, day: int) -> float:
    return time.mktime((year, month, day, 12, 0, 0, 0, 0, -1))


OLD_MTIME = local_ts(2020, 5, 6)
OLD_DATE = D(2020, 5, 6)


def parse(path: str, text: str | bytes, config: Config = CONFIG, mtime: float = OLD_MTIME):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_note(path, data, mtime, config)


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
    assert items("- [ ] call mum about Sunday #next\n") == \
        [(0, "call mum about Sunday", "next", True, False)]


def test_item_tag_in_the_middle_of_the_line():
    assert items("- talk about #next the boss\n") == [(0, "talk about the boss", "next", False, False)]


def test_done_task_item():
    assert items("* [x] sent the email #next\n") == [(0, "sent the email", "next", True, True)]


def test_plain_line_and_numbered_list_items():
    assert items("I keep thinking about it #next\n1. numbered #next\n") == [
        (0, "I keep thinking about it", "next", False, False),
        (1, "numbered", "next", False, False),
    ]


def test_urgent_nested_tag():
    assert items("- [ ] the panic on Tuesday #next/urgent\n") == \
        [(0, "the panic on Tuesday", "next/urgent", True, False)]


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


@pytest.mark.parametrize("frontmatter", [
    "tags: [next]",
    'tags: "journal, next"',
    "tags: journal next",
    "tag: next",
    "tags:\n  - journal\n  - '#Next'",
])
def test_frontmatter_tagged_note_is_one_item(frontmatter):
    note = parse("Notes/About work.md", f"---\n{frontmatter}\n---\nthe body\n")
    assert list(note.items) == [Item("Notes/About work.md", -1, "About work", OLD_DATE, "next")]
    assert "next" in note.tags


def test_frontmatter_tagged_note_with_inline_tag_too():
    note = parse("Notes/x.md", "---\ntags: [next]\n---\n- also #next\n")
    assert [(i.line, i.text) for i in note.items] == [(-1, "x"), (3, "also")]


@pytest.mark.parametrize("text", [
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
])
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
    assert parse("Journal/2026-11-20.md", text).moods == (7.0, 5.0,)


def test_frontmatter_and_inline_moods_together():
    text = "---\nmood: 6\n---\nmood:: 7.5\n"
    assert parse("Journal/2026-11-20.md", text).moods == (6.0, 7.5,)


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
    assert [(e.line, e.name, e.intensity) for e in note.emotions] == [(0, "sad", None),
                                                                      (1, "calm", None)]


def test_empty_emotion_field_from_template_is_no_emotion():
    assert parse("Emotions/2026-11-20 log.md", "- [emotion:: ] [intensity:: ]\n").emotions == ()


# --- triggers -------------------------------------------------------------------------------

def test_trigger_line_alone():
    note = parse("Journal/2026-11-20.md", "text\n{{letter}}\n{{ thought-record }}\n")
    assert list(note.triggers) == [(1, "letter"), (2, "thought-record")]


def test_trigger_inside_code_fence_is_not_a_trigger():
    assert parse("Journal/2026-11-20.md", "```\n{{letter}}\n```\n").triggers == ()


def test_trigger_with_other_text_on_the_line_is_not_a_trigger():
    text = "write {{letter}}\n- {{letter}}\n{{letter}} now\n`{{letter}}`\n"
    assert parse("Journal/2026-11-20.md", text).triggers == ()


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


PLAIN = ("---\ndate: 2026-11-20\nmood: 6\n---\n# Day\n\n- [ ] call mum #next\n"
         "- [emotion:: sad] [intensity:: 40]\n{{letter}}\nend #next/urgent ^b1\n")


@pytest.mark.parametrize("variant", [
    PLAIN.replace("\n", "\r\n").encode(),
    b"\xef\xbb\xbf" + PLAIN.encode(),
    b"\xef\xbb\xbf" + PLAIN.replace("\n", "\r\n").encode(),
], ids=["crlf", "bom", "bom+crlf"])
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


@pytest.mark.parametrize("data, line", [
    (b"\xff\xfe binary", 1),
    (b"ok\nok\nbad \xe9 byte\n", 3),
    (b"ok\r\nok\r\n\x89PNG\r\n", 3),
])
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
    text = ("---\ntype: session\n---\n# Session\n## What I will try\n- walk daily\n- \n"
            "  - a sub point\n* say no once\n1. [ ] breathe\n## Next\n- not this\n")
    note = parse("Sessions/2026-11-12.md", text)
    assert section_list_items(note, "What I will try") == ["walk daily", "say no once", "breathe"]
    assert section_list_items(note, "what i will try") == ["walk daily", "say no once", "breathe"]
    assert section_list_items(note, "Missing") == []
