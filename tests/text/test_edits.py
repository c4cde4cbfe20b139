"""Surgical edits: only the edited line changes; BOM, CRLF and every other byte stay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.text.edits import BOM, line_span, newline_of, replace_lines, set_mark

# --- newline_of -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"a\nb\n", b"\n"),
        (b"a\r\nb\r\n", b"\r\n"),
        (BOM + b"a\r\nb", b"\r\n"),
        (b"no newline at all", b"\n"),
        (b"", b"\n"),
        (b"\nthen\r\n", b"\n"),  # the first line ending decides
        (b"a\nb\r\n", b"\n"),
    ],
)
def test_newline_of(data, expected):
    assert newline_of(data) == expected


# --- line_span ------------------------------------------------------------------------------


def test_line_span_excludes_line_endings():
    data = b"one\r\ntwo\r\nthree"
    assert [data[slice(*line_span(data, i))] for i in range(3)] == [b"one", b"two", b"three"]


def test_line_span_skips_the_bom_on_line_zero():
    data = BOM + b"first\nsecond\n"
    assert line_span(data, 0) == (3, 8)
    assert data[slice(*line_span(data, 1))] == b"second"


def test_line_span_of_the_empty_line_after_a_final_newline():
    data = b"a\n"
    assert line_span(data, 1) == (2, 2)


def test_line_span_past_the_end_raises():
    with pytest.raises(IndexError):
        line_span(b"a\nb", 2)


# --- replace_lines --------------------------------------------------------------------------


def test_replace_one_line_lf():
    assert replace_lines(b"a\nb\nc\n", {1: "B"}) == b"a\nB\nc\n"


def test_replace_keeps_crlf():
    assert replace_lines(b"a\r\nb\r\nc\r\n", {1: "B"}) == b"a\r\nB\r\nc\r\n"


def test_multiline_replacement_takes_the_notes_newline():
    assert replace_lines(b"a\r\n{{letter}}\r\nc", {1: "x\ny\n"}) == b"a\r\nx\r\ny\r\nc"
    assert replace_lines(b"a\n{{letter}}\nc", {1: "x\r\ny\r\n"}) == b"a\nx\ny\nc"


def test_line_zero_edit_keeps_the_bom():
    data = BOM + b"{{letter}}\r\nrest\r\n"
    assert replace_lines(data, {0: "Dear you"}) == BOM + b"Dear you\r\nrest\r\n"


def test_several_lines_at_once():
    data = b"0\n1\n2\n3\n"
    assert (
        replace_lines(data, {0: "zero", 3: "three\nand more", 1: ""})
        == b"zero\n\n2\nthree\nand more\n"
    )


def test_replacement_is_utf8():
    assert replace_lines(b"a\nb", {1: "café ✓"}) == "a\ncafé ✓".encode()


def test_replace_keeps_invalid_bytes_elsewhere():
    data = b"\xff\xfe\n{{x}}\n\x80tail"
    assert replace_lines(data, {1: "ok"}) == b"\xff\xfe\nok\n\x80tail"


def test_replace_past_the_end_raises():
    with pytest.raises(IndexError):
        replace_lines(b"a\n", {5: "x"})


# Lines as raw bytes: anything but "\n" (so "\r" may appear anywhere, and invalid UTF-8 too).
_line = st.binary(max_size=12).map(lambda b: b.replace(b"\n", b""))
# Text a template can render: any character but line breaks and lone surrogates (which no
# Python str from a template or a note can hold after decoding).
_replacement = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=12
)


@st.composite
def _notes(draw):
    lines = draw(st.lists(_line, min_size=1, max_size=8))
    newline = draw(st.sampled_from([b"\n", b"\r\n"]))
    bom = draw(st.booleans())
    final_newline = draw(st.booleans())
    data = (BOM if bom else b"") + newline.join(lines) + (newline if final_newline else b"")
    index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    return data, index


@given(_notes(), _replacement)
def test_every_byte_outside_the_edited_line_is_unchanged(note, replacement):
    data, index = note
    start, end = line_span(data, index)
    new = replace_lines(data, {index: replacement})
    encoded = replacement.encode("utf-8")
    assert new[:start] == data[:start]
    assert new[start + len(encoded) :] == data[end:]
    assert new[start : start + len(encoded)] == encoded
    assert new.startswith(BOM) == data.startswith(BOM)


@given(_notes(), _replacement)
def test_replace_matches_a_line_model(note, replacement):
    # Independent model: split on "\n", the line's text drops one trailing "\r".
    data, index = note
    body = data[len(BOM) :] if data.startswith(BOM) else data
    lines = body.split(b"\n")
    ending = b"\r" if lines[index].endswith(b"\r") else b""
    lines[index] = replacement.encode("utf-8") + ending
    expected = (BOM if data.startswith(BOM) else b"") + b"\n".join(lines)
    assert replace_lines(data, {index: replacement}) == expected


# --- set_mark -------------------------------------------------------------------------------


def tick_line(data: bytes, index: int) -> bytes | None:
    return set_mark(data, index, "x")


@pytest.mark.parametrize(
    "before, after",
    [
        (b"- [ ] call mum #next", b"- [x] call mum #next"),
        (b"* [ ] star", b"* [x] star"),
        (b"+ [ ] plus", b"+ [x] plus"),
        (b"1. [ ] numbered", b"1. [x] numbered"),
        (b"2) [ ] paren", b"2) [x] paren"),
        (b"    - [ ] nested", b"    - [x] nested"),
        (b"> - [ ] quoted", b"> - [x] quoted"),
        (b"> > - [ ] deeper", b"> > - [x] deeper"),
        (b"- [ ] [ ] only the first box", b"- [x] [ ] only the first box"),
        (b"- [-] set down", b"- [x] set down"),
        (b"- [X] done", b"- [x] done"),
        (b"- [ ]", b"- [x]"),
    ],
)
def test_set_mark_ticks_a_box(before, after):
    assert tick_line(b"intro\n" + before + b"\noutro", 1) == b"intro\n" + after + b"\noutro"


@pytest.mark.parametrize("mark", list(" xX-><?/!"))
def test_set_mark_writes_any_mark(mark):
    assert set_mark(b"- [x] a\n", 0, mark) == f"- [{mark}] a\n".encode()


@pytest.mark.parametrize("mark", ["", "xx", "]", "\n", "✓"])
def test_set_mark_refuses_what_is_not_a_mark(mark):
    with pytest.raises(ValueError):
        set_mark(b"- [ ] a\n", 0, mark)


@pytest.mark.parametrize(
    "line",
    [
        b"- plain item [ ] later",
        b"[ ] no list marker",
        b"-[ ] no space",
        b"- [ ]no space after",
        b"- [[link]] is not a box",
        b"- [\xe2\x9c\x93] not one of the marks",
        b"text",
        b"",
        b"```- [ ] in words```",
    ],
)
def test_set_mark_returns_none_without_a_box(line):
    assert tick_line(b"intro\n" + line + b"\n", 1) is None


def test_set_mark_keeps_crlf_and_other_lines():
    data = b"a\r\n- [ ] b\r\n- [ ] c\r\n"
    assert tick_line(data, 1) == b"a\r\n- [x] b\r\n- [ ] c\r\n"


def test_set_mark_on_line_zero_keeps_the_bom():
    data = BOM + b"- [ ] first\r\n"
    assert tick_line(data, 0) == BOM + b"- [x] first\r\n"


def test_set_mark_changes_exactly_one_byte():
    data = "éé\n- [ ] ünïcode task ✓\n\xa0".encode()
    new = tick_line(data, 1)
    assert len(new) == len(data)
    assert [i for i, (a, b) in enumerate(zip(data, new, strict=False)) if a != b] == [
        data.index(b"[ ]") + 1
    ]
