"""Tests for vaultkit.text.markdown_scan: what Obsidian would see in a note body."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vaultkit.text.markdown_blocks import BlockState, fenced_each, read_lines
from vaultkit.text.markdown_scan import (
    _ALONE_SHARE,
    _look_alone,
    _prose_lines,
    fenced_lines,
    heading_level,
    prose_lines,
)
from vaultkit.text.tags_links import line_tags, line_wikilinks, scan


def tags_in(note: str) -> list[str]:
    """All tags of a note body, line by line, through prose_lines."""
    return [tag for prose in prose_lines(note.split("\n")) for tag in line_tags(prose)]


# ---------------------------------------------------------------------------
# line_tags: what is a tag
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("#next", ["next"], id="line-start"),
        pytest.param("call mum #next", ["next"], id="after-space"),
        pytest.param("call mum\t#next", ["next"], id="after-tab"),
        pytest.param("#a#b", ["a", "b"], id="hash-ending-a-tag-starts-next"),
        pytest.param("#a#b#c x", ["a", "b", "c"], id="chain-of-three"),
        pytest.param("#next/urgent", ["next/urgent"], id="nested"),
        pytest.param("#café", ["café"], id="unicode-latin"),
        pytest.param("#日本語", ["日本語"], id="unicode-cjk"),
        pytest.param("#🙂ok", ["🙂ok"], id="emoji"),
        pytest.param("#y1984", ["y1984"], id="digits-with-letter"),
        pytest.param("#1990s", ["1990s"], id="leading-digits"),
        pytest.param(
            "#snake_case #kebab-case", ["snake_case", "kebab-case"], id="underscore-hyphen"
        ),
        pytest.param("#Next #NEXT", ["Next", "NEXT"], id="original-case"),
        pytest.param("#a/", ["a/"], id="trailing-slash-kept"),
        pytest.param("done #next.", ["next"], id="ends-at-period"),
        pytest.param("#next, #later: x", ["next", "later"], id="ends-at-comma-colon"),
        pytest.param("#idea\u2014more", ["idea"], id="ends-at-em-dash"),
        pytest.param("#a\u201d", ["a"], id="ends-at-curly-quote"),
        pytest.param("# Heading #tag", ["tag"], id="tag-in-heading"),
        pytest.param("https://x.org/a #b", ["b"], id="after-url-whitespace"),
        pytest.param("[see #a](http://x)", ["a"], id="in-link-text"),
        pytest.param("#a[[Note]]", ["a"], id="before-wikilink"),
    ],
)
def test_is_a_tag(line: str, expected: list[str]) -> None:
    assert line_tags(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("#1984", id="digits-only"),
        pytest.param("#1984#abc", id="no-chain-after-digits-only"),
        pytest.param("(#a)", id="after-paren"),
        pytest.param('"#a"', id="after-quote"),
        pytest.param("\\#escaped", id="escaped"),
        pytest.param("**#a**", id="in-bold"),
        pytest.param("x#a", id="after-letter"),
        pytest.param("##a", id="after-hash"),
        pytest.param("# Heading", id="h1-marker"),
        pytest.param("## H", id="h2-marker"),
        pytest.param("## H ##", id="closing-heading-marker"),
        pytest.param("#", id="bare-hash"),
        pytest.param("# ", id="hash-space"),
        pytest.param("#.", id="hash-punctuation"),
        pytest.param("[[Note#Heading]]", id="wikilink-heading"),
        pytest.param("[[Note #x]]", id="wikilink-spaced-hash"),
        pytest.param("[[#Heading]]", id="wikilink-same-note"),
        pytest.param("[[Note|alias #x]]", id="wikilink-alias"),
        pytest.param("![[pic.png #x]]", id="embed"),
        pytest.param("[[Note]]#a", id="right-after-wikilink"),
        pytest.param("http://x/#frag", id="url-fragment"),
        pytest.param("http://x/#a#b", id="url-fragment-no-chain"),
        pytest.param("[text](url#frag)", id="link-destination"),
        pytest.param('[text](http://x "title #x")', id="link-title"),
        pytest.param("[text](<my note.md #x>)", id="angle-destination"),
    ],
)
def test_not_a_tag(line: str) -> None:
    assert line_tags(line) == []


# ---------------------------------------------------------------------------
# prose_lines: code
# ---------------------------------------------------------------------------


def test_fenced_code_backticks() -> None:
    assert tags_in("#a\n```\n#x\n```\n#b") == ["a", "b"]


def test_fenced_code_with_info_string() -> None:
    assert tags_in("```python\n# comment #x\n```\n#b") == ["b"]


def test_fenced_code_tildes() -> None:
    assert tags_in("~~~\n#x\n```\n#y\n~~~\n#b") == ["b"]


def test_fence_lines_themselves_are_blanked() -> None:
    assert prose_lines(["``` #x", "code", "```"]) == ["      ", "    ", "   "]


def test_fenced_code_indented_up_to_three_spaces() -> None:
    assert tags_in("   ```\n#x\n   ```\n#b") == ["b"]


def test_fenced_code_indented_in_a_list() -> None:
    assert tags_in("- item\n    ```\n    #x\n    ```\n- #b") == ["b"]


def test_fenced_code_in_blockquote() -> None:
    assert tags_in("> ```\n> #x\n> ```\n> #b") == ["b"]


def test_fence_in_blockquote_ends_with_the_blockquote() -> None:
    assert tags_in("> ```\n> #x\n#b") == ["b"]


def test_fenced_lines_are_the_fences_prose_lines_blanks() -> None:
    # The block markers (block_markers.py) ask this: the same fences as every other reader.
    assert fenced_lines(["a", "```", "x", "```", "b"]) == [False, True, True, True, False]
    assert fenced_lines(["- item", "    ```", "    x", "    ```"]) == [False, True, True, True]
    assert fenced_lines(["> ```", "> x", "b"]) == [True, True, False]
    assert fenced_lines(["<!--", "```", "-->", "b"]) == [False, False, False, False]
    assert fenced_lines(["$$", "```", "$$", "b"]) == [False, False, False, False]
    assert fenced_lines(["```", "never closed"]) == [True, True]


def test_headings_as_every_reader_reads_them() -> None:
    assert [heading_level(x) for x in ["# a", "   ###", "#tag", "####### a", "    # a"]] == [
        1,
        3,
        0,
        0,
        0,
    ]


def test_unclosed_fence_runs_to_end_of_note() -> None:
    assert tags_in("#a\n```\n#x\n\n#y") == ["a"]


def test_longer_closing_fence_closes() -> None:
    assert tags_in("```\n#x\n`````\n#b") == ["b"]


def test_shorter_fence_does_not_close() -> None:
    assert tags_in("````\n```\n#x\n````\n#b") == ["b"]


def test_other_fence_char_does_not_close() -> None:
    assert tags_in("```\n~~~\n#x\n```\n#b") == ["b"]


def test_backticks_with_backtick_info_are_inline_code_not_a_fence() -> None:
    assert tags_in("```#x``` #b\n#c") == ["b", "c"]


def test_indented_code_after_blank_line() -> None:
    assert tags_in("text\n\n    #x\n\t#y\n\n    #z\n#b") == ["b"]


def test_indented_code_at_body_start() -> None:
    assert tags_in("    #x\n\n#b") == ["b"]


def test_indented_line_continuing_a_paragraph_is_not_code() -> None:
    assert tags_in("text\n    #a") == ["a"]


def test_indented_under_list_item_is_not_code() -> None:
    assert tags_in("- a\n    - b #next") == ["next"]


def test_indented_under_list_item_after_blank_line_is_not_code() -> None:
    assert tags_in("- a\n\n    - b #next") == ["next"]


def test_indented_under_numbered_list_item_is_not_code() -> None:
    assert tags_in("1. a\n\n    #next") == ["next"]


def test_indented_under_list_continuation_is_not_code() -> None:
    assert tags_in("- a\n  more of a\n\n      - deep #next") == ["next"]


def test_list_ends_at_unindented_paragraph_after_blank_line() -> None:
    assert tags_in("- a\n\nparagraph\n\n    #x") == []


def test_list_ends_at_heading() -> None:
    assert tags_in("- a\n# H\n\n    #x") == []


def test_list_ends_at_unindented_fence() -> None:
    assert tags_in("- a\n```\n```\n\n    #x") == []


def test_fence_indented_four_outside_list_is_paragraph_text() -> None:
    assert tags_in("text\n    ```\n#a") == ["a"]


def test_comment_is_transparent_to_list_context() -> None:
    assert tags_in("#a <!--\n- item\n-->\n\n    #x") == ["a"]


def test_inline_code() -> None:
    assert prose_lines(["a `#x` #b"]) == ["a      #b"]
    assert line_tags(prose_lines(["a `#x` #b"])[0]) == ["b"]


def test_inline_code_double_backticks_hold_single() -> None:
    assert tags_in("``a ` #x`` #b") == ["b"]


def test_inline_code_needs_run_of_same_length() -> None:
    assert tags_in("`` #x ` #y ``") == []
    assert tags_in("``` #a `` #b") == ["a", "b"]


def test_unmatched_backtick_is_literal() -> None:
    assert tags_in("it`s #a") == ["a"]


def test_escaped_backtick_opens_nothing() -> None:
    assert tags_in("\\` #a `") == ["a"]


# ---------------------------------------------------------------------------
# prose_lines: math
# ---------------------------------------------------------------------------


def test_inline_math() -> None:
    assert tags_in("$x #a$ #b") == ["b"]


def test_dollar_amounts_are_not_math() -> None:
    assert tags_in("$5 and #a $6") == ["a"]


def test_math_closer_followed_by_digit_does_not_close() -> None:
    assert tags_in("$x #a$2 #b") == ["a", "b"]


def test_math_closer_needs_non_space_before() -> None:
    assert tags_in("$x #a $ #b") == ["a", "b"]


def test_math_opener_needs_non_space_after() -> None:
    assert tags_in("$ #a$") == ["a"]


def test_escaped_dollar_is_not_math() -> None:
    assert tags_in("\\$x #a\\$") == ["a"]


def test_display_math_on_one_line() -> None:
    assert tags_in("$$ #x $$ #b") == ["b"]


def test_display_math_block() -> None:
    assert tags_in("#a\n$$\n#x\n\n#y\n$$\n#b") == ["a", "b"]


def test_display_math_block_closing_line_keeps_prose_after() -> None:
    assert tags_in("$$\n#x $$ #b") == ["b"]


# ---------------------------------------------------------------------------
# prose_lines: comments and HTML
# ---------------------------------------------------------------------------


def test_html_comment_single_line() -> None:
    assert tags_in("#a <!-- #x --> #b") == ["a", "b"]


def test_html_comment_multi_line() -> None:
    assert tags_in("#a <!-- #x\n#y\n#z --> #b\n#c") == ["a", "b", "c"]


def test_html_comment_unclosed_runs_to_end() -> None:
    assert tags_in("#a <!-- #x\n\n#y") == ["a"]


def test_obsidian_comment_single_line() -> None:
    assert tags_in("#a %%#x%% #b") == ["a", "b"]


def test_obsidian_comment_multi_line() -> None:
    assert tags_in("%%\n#x\n\n```\n%% #b\n#c") == ["b", "c"]


def test_obsidian_comment_unclosed_runs_to_end() -> None:
    assert tags_in("#a %% #x\n#y") == ["a"]


def test_comment_markers_in_code_are_literal() -> None:
    assert tags_in("`%%` #a\n```\n<!--\n```\n#b") == ["a", "b"]


def test_html_block_runs_to_blank_line() -> None:
    assert tags_in("<div>\n#x\n</div>\n\n#b") == ["b"]


def test_html_block_first_line_is_blanked() -> None:
    assert tags_in("<details><summary>#x</summary>\n\n#b") == ["b"]


def test_html_block_can_interrupt_paragraph() -> None:
    assert tags_in("#a\n<table>\n#x\n\n#b") == ["a", "b"]


def test_script_block_runs_to_closing_tag_across_blank_lines() -> None:
    assert tags_in("<script>\n#x\n\n#y\n</script>\n#b") == ["b"]


def test_lone_complete_tag_starts_html_block() -> None:
    assert tags_in("<span class='x'>\n#x\n\n#b") == ["b"]


def test_lone_tag_cannot_interrupt_paragraph() -> None:
    assert tags_in("text\n<span>\n#a") == ["a"]


def test_inline_html_tag_attributes_are_not_prose() -> None:
    line = '<mark style="background: #FFF3A3A6;">hi #a</mark> #b'
    assert tags_in(line) == ["a", "b"]


def test_less_than_in_text_is_prose() -> None:
    assert tags_in("1 < 2 #a <3 #b") == ["a", "b"]


# ---------------------------------------------------------------------------
# prose_lines: shape
# ---------------------------------------------------------------------------


def test_prose_lines_keeps_plain_text() -> None:
    lines = ["# Title", "", "- [ ] call [[Mum]] #next", "plain"]
    assert prose_lines(lines) == lines


def test_prose_lines_empty() -> None:
    assert prose_lines([]) == []


MARKDOWNISH = st.sampled_from(
    [
        "```",
        "~~~",
        "````",
        "    ",
        "\t",
        "> ",
        "- ",
        "1. ",
        "\n",
        "\n\n",
        "$",
        "$$",
        "`",
        "``",
        "\\",
        "<!--",
        "-->",
        "%%",
        "<div>",
        "</div>",
        "<script>",
        "</script>",
        "<span a='x'>",
        '<b c="',
        ">",
        "<",
        "#",
        "#tag",
        "#1",
        "[[",
        "]]",
        "|",
        "](",
        ")",
        "(",
        "http://x/#f",
        " ",
        "text",
        "é",
        "日本",
        "🙂",
        "5",
    ]
)


@given(st.lists(MARKDOWNISH, max_size=60).map("".join))
@settings(max_examples=500)
@example("``\n`\n``")
@example("~~\n~\n~~ ~")
def test_fenced_lines_skips_reading_only_lines_no_fence_can_open(note: str) -> None:
    """fenced_lines answers "none" without reading a note that holds no run of three
    backticks or tildes; read line by line, such a note never has a fenced line. (Each
    generated note is tried as it is and with its runs of three broken up.)"""
    for text in (note, note.replace("```", "``").replace("~~~", "~~")):
        lines = text.split("\n")
        assert fenced_lines(lines) == fenced_each(lines)
        if "```" not in text and "~~~" not in text:
            assert not any(fenced_each(lines))


@given(st.lists(MARKDOWNISH, max_size=60).map("".join))
@settings(max_examples=300)
def test_prose_lines_keeps_line_count_and_lengths(note: str) -> None:
    lines = note.split("\n")
    prose = prose_lines(lines)
    assert len(prose) == len(lines)
    for original, blanked in zip(lines, prose, strict=False):
        assert len(blanked) == len(original)
        # Characters are either kept or blanked, never moved or invented.
        assert all(b == o or b == " " for o, b in zip(original, blanked, strict=False))


@given(st.lists(MARKDOWNISH, max_size=60).map("".join))
@settings(max_examples=300)
def test_tags_are_found_in_the_line_text(note: str) -> None:
    for index, tags, _links in scan(note.split("\n")):
        line = note.split("\n")[index]
        for tag in tags:
            assert "#" + tag in line
            assert tag and not any(ch.isspace() for ch in tag)


# ---------------------------------------------------------------------------
# line_wikilinks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("[[Manager]]", ["Manager"], id="plain"),
        pytest.param("[[Manager|Mr. B]]", ["Manager"], id="alias"),
        pytest.param("[[Manager#Heading]]", ["Manager"], id="heading"),
        pytest.param("[[Manager#^block]]", ["Manager"], id="block-ref"),
        pytest.param("[[ Manager ]]", ["Manager"], id="whitespace-stripped"),
        pytest.param("| [[Manager\\|Mr. B]] |", ["Manager"], id="escaped-pipe-in-table"),
        pytest.param("[[#Heading]]", [], id="same-note-skipped"),
        pytest.param("![[x.png]]", [], id="embed-skipped"),
        pytest.param("[[]]", [], id="empty"),
        pytest.param("[[A]] and [[B|b]], ![[c.png]] [[D#h]]", ["A", "B", "D"], id="in-order"),
        pytest.param("[[folder/Note]]", ["folder/Note"], id="path"),
        pytest.param("[Manager](Manager.md)", [], id="markdown-link-not-wikilink"),
        pytest.param("[[unclosed", [], id="unclosed"),
    ],
)
def test_line_wikilinks(line: str, expected: list[str]) -> None:
    assert line_wikilinks(line) == expected


def test_wikilinks_in_code_are_not_found() -> None:
    assert scan(["`[[A]]`", "```", "[[B]]", "```", "[[C]]"]) == [(4, [], ["C"])]


# ---------------------------------------------------------------------------
# scan
# ---------------------------------------------------------------------------


def test_scan() -> None:
    lines = [
        "# Tuesday",
        "",
        "- [ ] ask [[Manager|Mr. B]] about leave #next",
        "- nothing here",
        "    - #next/urgent and #later",
        "```",
        "#next",
        "```",
        "see [[Dr K]]",
    ]
    assert scan(lines) == [
        (2, ["next"], ["Manager"]),
        (4, ["next/urgent", "later"], []),
        (8, [], ["Dr K"]),
    ]


# Lines with none of the marks that need a line read alone, so that runs of them come up.
RUNS_OF_PLAIN = st.one_of(
    MARKDOWNISH,
    st.sampled_from(["word ", "# title", "## ", "* ", "+ ", "12) ", "\u3000", "\x0c", "\r"]),
    # Whether indented code follows depends on the list and blank lines before it.
    st.sampled_from(["- item\n", "# title\n", "\n\n    code\n", "\n\t\n"]),
)


@given(st.lists(RUNS_OF_PLAIN, max_size=80).map("".join), st.booleans())
@example("- item\n# title\n\n    code", True)  # a heading ends the list
@example("- item\n\t\nplain\n\n    code", False)  # so does a line after a blank one
@example("- a\n  \n  x\n\n    code", True)  # indented lines in a row are each read alone
@settings(max_examples=500)
def test_runs_of_plain_lines_leave_what_reading_them_one_by_one_leaves(
    note: str, joined: bool
) -> None:
    """Lines between those read alone are copied as a run and their state worked out from
    the last ones (markdown_scan._after_plain): the prose and the state after every line
    are those of reading every line one by one, the rule itself."""
    lines = note.split("\n")
    rule = [
        index
        for index, line in enumerate(lines)
        if any(char in line for char in "`~$<%") or line[:1] in (" ", "\t")
    ]
    alone = _look_alone(lines, note if joined else None)
    assert alone == rule or alone is None  # None: every line is read one by one
    if len(rule) > len(lines) // _ALONE_SHARE:
        assert alone is None
    for end in range(len(lines) + 1):  # the state after each line: closer_at_end reads it
        part = lines[:end]
        one_by_one, alone_state = [], BlockState()
        read_lines(part, alone_state, one_by_one)
        runs_state = BlockState()
        assert _prose_lines(part, runs_state, "\n".join(part) if joined else None) == one_by_one
        assert runs_state == alone_state


def test_a_line_holding_a_line_break_is_still_read_as_one_line() -> None:
    # A caller's line may hold a "\n" of its own; joined, the lines then count wrong, and
    # every line is looked at alone.
    lines = ["a `code`\nb", "    indented", "- item", "plain"]
    one_by_one: list[str] = []
    read_lines(lines, BlockState(), one_by_one)
    assert prose_lines(lines) == one_by_one
