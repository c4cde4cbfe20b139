"""Recurring phrases: what one note says, and what repeats across the entries since the session."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.text.phrases import (
    note_phrases,
    read_entry,
    template_boilerplate,
    template_phrases,
)
from vaultkit.text.recurring_phrases import Phrase, repeated_phrases
from vaultkit.text.stop_words import STOP_WORDS


def keys(text: str) -> set[str]:
    return set(note_phrases(text))


# --- one note ---------------------------------------------------------------------------


def test_stop_words_are_set_aside_but_the_surface_keeps_them():
    assert note_phrases("I was Afraid of the   dark again.") == {
        "afraid dark": "afraid of the dark"
    }


def test_negations_are_content_words():
    assert "can't sleep" in keys("I can't sleep.")
    assert "not enough" in keys("It is not enough")
    assert "can't" not in STOP_WORDS and "i'm" in STOP_WORDS


def test_trigrams_and_their_bigrams():
    assert keys("heavy chest pain") == {"heavy chest", "chest pain", "heavy chest pain"}


def test_clauses_end_at_punctuation_and_line_ends():
    for sep in [". ", "! ", "? ", "; ", ": ", ", ", " — ", " – ", " (", ") ", "\n"]:
        assert keys(f"tired{sep}anxious") == set(), sep


def test_removed_links_tags_and_fields_break_a_phrase():
    assert keys("tired [[Mum]] anxious") == set()
    assert keys("tired ![[photo.png]] anxious") == set()
    assert keys("tired #sleep anxious") == set()
    assert keys("tired [mood:: low] anxious") == set()
    assert keys("tired `code` anxious") == set()
    assert keys("tired https://example.org anxious") == set()


def test_long_runs_of_stop_words_break_a_phrase():
    assert "tired anxious" in keys("tired and then I was anxious")  # three stop-words
    assert keys("tired and then it was so anxious") == set()  # five


def test_repeated_word_is_no_phrase():
    assert keys("very very") == set()
    assert keys("sad sad") == set() and keys("sad, sad sad.") == set()
    assert "sad sad tired" in keys("sad sad tired")


def test_numbers_and_single_letters_are_dropped_not_breaks():
    assert note_phrases("slept 4 hours") == {"slept hours": "slept 4 hours"}
    assert "plan works" in keys("plan b works")


def test_curly_apostrophes_and_non_english_letters():
    assert note_phrases("I can’t sleep") == {"can't sleep": "can't sleep"}
    assert keys("Müdigkeit überall, Ängste") == {"müdigkeit überall"}
    assert keys("ça va") == {"ça va"}


def test_markdown_that_is_not_prose_is_ignored():
    text = "\n".join(
        [
            "---",
            "title: sleepless nights",
            "---",
            "# sleepless nights",
            "```",
            "sleepless nights",
            "```",
            "~~~python",
            "sleepless nights",
            "~~~",
            "",
            "    sleepless nights",
            "",
            "<!-- sleepless",
            "nights -->",
            "%% sleepless",
            "nights %%",
            "mood:: sleepless nights",
            "> [!note] sleepless nights",
            "> - [x] **heavy** _chest_",
            "1. cold hands",
        ]
    )
    assert note_phrases(text) == {"heavy chest": "heavy chest", "cold hands": "cold hands"}


def test_words_in_a_math_block_are_not_phrases():
    # markdown_scan.prose_lines decides what prose is, for phrases as for tags and links.
    assert keys("cold hands\n$$\nsleepless nights\n$$\nwarm feet") == {"cold hands", "warm feet"}
    assert keys("> $$\n> sleepless nights\n> $$") == set()


def test_words_in_an_html_block_are_not_phrases():
    assert keys("<div>\nsleepless nights\n</div>\n\ncold hands") == {"cold hands"}
    assert keys("<pre>\nsleepless nights\n\nheavy chest\n</pre>") == set()
    assert keys("cold hands\n\n<details>\nsleepless nights") == {"cold hands"}


def test_words_in_a_fence_nested_in_a_list_item_are_not_phrases():
    text = "- walked home\n    ```\n    sleepless nights\n    ```\n- cold hands"
    assert keys(text) == {"walked home", "cold hands"}
    assert keys("1. walked home\n   ~~~\n   sleepless nights\n   ~~~") == {"walked home"}


def test_inline_code_math_and_html_break_a_phrase():
    assert keys("sleepless $x$ nights") == set()
    assert keys("sleepless <span>nights</span> alone") == set()
    assert keys("sleepless <!-- x --> nights") == set()


def test_indented_list_continuation_is_prose():
    assert "cold hands" in keys("- walked home\n\n    cold hands")


def test_unclosed_frontmatter_is_prose():
    assert "cold hands" in keys("---\ncold hands")


def test_shortest_surface_within_a_note():
    assert (
        note_phrases("afraid of the dark. Afraid dark. afraid, of it.")["afraid dark"]
        == "afraid dark"
    )
    assert note_phrases("afraid dark. afraid of the dark")["afraid dark"] == "afraid dark"
    assert note_phrases("afraid in dark. afraid of dark")["afraid dark"] == "afraid in dark"


def test_boilerplate_is_left_out():
    text = "cold hands, sleepless nights"
    assert keys(text) == {"cold hands", "sleepless nights"}
    assert set(note_phrases(text, frozenset({"cold hands"}))) == {"sleepless nights"}


def test_template_phrases_strip_jinja():
    template = "# {{ date }}\nMood words {{ mood }} felt heavy\n{% for thread in threads %}quiet mornings{% endfor %}"
    assert template_phrases([template]) == {"mood words", "felt heavy", "quiet mornings"}
    assert template_phrases(["{# shown nowhere\nwritten down #}cold hands", ""]) == {"cold hands"}


def test_a_line_tagged_private_is_not_read():
    assert keys("cold hands\nsleepless nights #private\nwarm feet") == {"cold hands", "warm feet"}
    assert keys("sleepless nights #Private.") == set()
    assert keys("sleepless nights #privately") == {"sleepless nights"}  # another tag
    assert read_entry("Only this. #private\n").own_words is False


def test_the_thought_being_worked_on_is_noted_not_counted():
    record = (
        "## 1. Situation\nThe long meeting.\n## 3. Automatic thoughts\n"
        "- **building a case**\n### Hot thought\nfailing everyone\n"
        "## 4) Evidence for:\n- missed deadline\n## 5. Evidence against\n- gentle words\n"
        "# Automatic Thought\nsecond record\n# Situation\nquiet office\n"
    )
    entry = read_entry(record)
    assert set(entry.phrases) == {"long meeting", "gentle words", "quiet office"}
    assert entry.worked_on == {
        "building case",
        "failing everyone",
        "missed deadline",
        "second record",
    }
    assert read_entry("## Evidence against\ngentle words\n").worked_on == frozenset()


TEMPLATE = [
    (
        "---\ndate: {{ date }}\n---\n# {{ date }}\n\nHow I am, in a few words:\n\n"
        "- Started:\nToday is {{ date | moment('dddd') }}.\n> {{ prompt }}\n"
    ),
    "- Where did your attention go?\n",
]


def test_own_words_are_a_line_that_no_template_holds():
    boilerplate = template_boilerplate(TEMPLATE)
    made = (
        "---\ndate: 2026-11-19\n---\n# Thursday\n\nHow I am, in a few words:\n\n"
        "- Started: 9:05 pm\nToday is Thursday.\n> Where did your attention go?\n"
    )
    assert read_entry(made, boilerplate).own_words is False
    assert read_entry(made + "\nTired.\n", boilerplate).own_words is True
    assert read_entry(made.replace("few words:", "few words: heavy"), boilerplate).own_words
    # links, tags, fields and code are not words of anyone's
    assert read_entry(made + "[[Sam]] #work [mood:: 4] `x`\n", boilerplate).own_words is False
    assert boilerplate.phrases == template_phrases(TEMPLATE)


def test_a_long_note_gives_each_phrase_once():
    note = "Walked to the shop, felt heavy and tired again. Can't sleep [[Mum]] #sleep.\n" * 300
    assert note_phrases(note) == note_phrases(note.split("\n")[0])


# --- across notes -----------------------------------------------------------------------


def entries(**texts: str) -> dict[str, dict[str, str]]:
    return {path: note_phrases(text) for path, text in texts.items()}


def test_counting_across_notes_with_sorted_paths():
    found = repeated_phrases(entries(c="cold hands", a="Cold hands!", b="warm feet"))
    assert found == [Phrase(text="cold hands", key="cold hands", paths=("a", "c"))]


def test_min_entries():
    notes = entries(a="cold hands", b="cold hands", c="cold hands, warm feet", d="warm feet")
    assert [p.key for p in repeated_phrases(notes, min_entries=3)] == ["cold hands"]
    assert [p.key for p in repeated_phrases(notes, min_entries=1)] == ["cold hands", "warm feet"]
    assert repeated_phrases(notes, min_entries=5) == []


def test_most_common_surface_then_alphabetical():
    notes = entries(a="afraid of the dark", b="afraid of the dark", c="afraid dark")
    assert repeated_phrases(notes)[0].text == "afraid of the dark"
    assert (
        repeated_phrases(entries(a="afraid of dark", b="afraid in the dark"))[0].text
        == "afraid in the dark"
    )


def test_bigram_subsumed_by_trigram_with_the_same_notes():
    found = repeated_phrases(entries(a="heavy chest pain", b="heavy chest pain"))
    assert [p.key for p in found] == ["heavy chest pain"]


def test_bigram_in_more_notes_than_the_trigram_stands_for_both():
    found = repeated_phrases(entries(a="heavy chest pain", b="heavy chest pain", c="heavy chest"))
    assert [(p.key, p.paths) for p in found] == [("heavy chest", ("a", "b", "c"))]
    found = repeated_phrases(
        entries(
            a="heavy chest pain",
            b="heavy chest pain",
            c="heavy chest",
            d="chest pain",
            e="chest pain",
        )
    )
    assert [(p.key, p.paths) for p in found] == [
        ("chest pain", ("a", "b", "d", "e")),
        ("heavy chest", ("a", "b", "c")),
    ]


def test_ranking_and_limit():
    notes = entries(
        a="cold hands, quiet mornings, heavy chest pain",
        b="cold hands, quiet mornings, heavy chest pain",
        c="cold hands",
    )
    assert [p.key for p in repeated_phrases(notes)] == [
        "cold hands",
        "heavy chest pain",
        "quiet mornings",
    ]
    assert [p.key for p in repeated_phrases(notes, limit=2)] == ["cold hands", "heavy chest pain"]
    assert repeated_phrases(notes, limit=0) == []


WORDS = ["cold", "hands", "quiet", "mornings", "heavy", "chest", "of", "the", ",", "."]


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.text("abcdef", min_size=1, max_size=3),
        st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
        max_size=6,
    ),
    st.randoms(use_true_random=False),
)
def test_order_of_entries_does_not_matter(texts, rnd):
    notes = {path: note_phrases(text) for path, text in texts.items()}
    shuffled = list(notes.items())
    rnd.shuffle(shuffled)
    assert repeated_phrases(dict(shuffled), limit=100) == repeated_phrases(notes, limit=100)
    for phrase in repeated_phrases(notes, limit=100):
        assert list(phrase.paths) == sorted(phrase.paths) and len(phrase.paths) >= 2


def test_overlapping_phrases_show_once():
    notes = {
        "a.md": note_phrases("Let me check and come back to you."),
        "b.md": note_phrases("I said let me check and come back later."),
        "c.md": note_phrases("Check and come back, I told him."),
        "d.md": note_phrases("Come back tomorrow, she said."),
    }
    shown = [p.key for p in repeated_phrases(notes)]
    # "come back" is in all four notes; every longer cut of it is in fewer, and kept only
    # when it shares no word with a phrase that covers its notes.
    assert shown[0] == "come back"
    assert all("come" not in key for key in shown[1:]), shown
    notes["e.md"] = note_phrases("Tired hands. Tired hands again.")
    notes["f.md"] = note_phrases("tired hands")
    assert "tired hands" in [p.key for p in repeated_phrases(notes)]


@pytest.mark.parametrize(
    "typed",
    [
        "<div>I could not say it out loud today.</div>\n",
        "<details><summary>later</summary>\nThe call with Dad went badly.\n</details>\n",
        "<div>\nheavy</div>\nand then the bus was late\n",  # runs on, no blank line
        "$$\nslept four hours\n$$\n",
        "<pre>\nwrote this in a pre block\n</pre>\n",
    ],
)
def test_words_typed_in_an_html_or_math_block_are_the_persons_own(typed):
    """A page whose only text sits in an HTML or math block was written in: those words give
    no phrases, but they are the person's (the review's "You wrote on" and the brief)."""
    boilerplate = template_boilerplate(TEMPLATE)
    made = "---\ndate: 2026-11-19\n---\n# Thursday\n\nHow I am, in a few words:\n\n"
    assert read_entry(made, boilerplate).own_words is False
    found = read_entry(made + "\n" + typed, boilerplate)
    assert found.own_words is True
    assert not {"bus late", "call dad", "slept hours"} & set(found.phrases)


def test_markup_a_template_writes_is_not_the_persons():
    template = "# {{ date }}\n\n<div class='mood'>How was today?</div>\n\n$$\nscale one five\n$$\n"
    boilerplate = template_boilerplate([template])
    page = "# Thursday\n\n<div class='mood'>How was today?</div>\n\n$$\nscale one five\n$$\n"
    assert read_entry(page, boilerplate).own_words is False
    assert read_entry(page + "<p>rough</p>\n", boilerplate).own_words is True
    # Hidden text stays hidden: a private passage or a #private line is no one's to count.
    assert read_entry(page + "%%\n<div>secret</div>\n%%\n", boilerplate).own_words is False
    assert read_entry(page + "<div>secret #private</div>\n", boilerplate).own_words is False


@pytest.mark.parametrize(
    ("template", "page"),
    [
        # A Templater cursor renders to nothing: a line in the template, a blank line in the
        # page, which keeps an HTML block open in one and not in the other.
        (
            "<div>\n<% tp.file.cursor() %>\n<b>Mood</b> <i>Sleep</i>\n</div>\n",
            "<div>\n\n<b>Mood</b> <i>Sleep</i>\n</div>\n",
        ),
        (
            "<% tp.file.cursor() %>\n<span>\n<b>Mood</b> <i>Sleep</i>\n</span>\n",
            "\n<span>\n<b>Mood</b> <i>Sleep</i>\n</span>\n",
        ),
        ("<div>\n&nbsp;\n</div>\n", "<div>\n&nbsp;\n</div>\n"),
    ],
)
def test_a_page_as_its_template_made_it_was_not_written_in(template, page):
    boilerplate = template_boilerplate([template])
    assert read_entry(page, boilerplate).own_words is False
    assert read_entry(page + "<p>slept badly</p>\n", boilerplate).own_words is True


def test_an_html_entity_is_no_ones_words():
    assert read_entry("<div>\n&nbsp;&#160;\n</div>\n").own_words is False
    assert read_entry("<div>\n&nbsp;rough day\n</div>\n").own_words is True
