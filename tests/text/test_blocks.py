"""The block grammar, and which lines of a block are the person's (blocks.py), and tick changes
(ticks.py): the rules, then properties over generated notes and edits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.text.block_markers import BEGIN, END, BlockProblem, find_block, note_lines
from vaultkit.text.blocks import (
    BlockNote,
    Written,
    checkbox,
    compose,
    digest,
    normal,
    read_block,
    splice,
)
from vaultkit.text.ticks import Decision, decide

# --- the grammar ----------------------------------------------------------------------------


def lines_of(text: str) -> list[str]:
    return note_lines(text)


def test_no_marker_is_no_block():
    assert find_block(lines_of("# A note\n\nsome text\n")) is None


@pytest.mark.parametrize(
    "text, begin, end",
    [
        (f"{BEGIN}\nx\n{END}\n", 0, 2),
        (f"mine\n\n  {BEGIN}  \nx\n\t{END}\nafter\n", 2, 4),
        (f"{BEGIN}\r\nx\r\n{END}\r\n", 0, 2),
        (f"\ufeff{BEGIN}\n{END}", 0, 1),
        ("%% vaultkit:begin 0a1b2c3d %%\nx\n%% vaultkit:end %%\n", 0, 2),
        (f"```\ncode\n```\n{BEGIN}\n{END}\n", 3, 4),
        # Fences as markdown_scan reads them: one ends with its blockquote, and a "```" in a
        # comment or a math block opens none.
        (f"> ```\n> code\n{BEGIN}\n{END}\n", 2, 3),
        (f"<!--\n```\n-->\n{BEGIN}\n{END}\n", 3, 4),
        (f"$$\n```\n$$\n{BEGIN}\n{END}\n", 3, 4),
    ],
)
def test_a_block_is_one_begin_line_and_one_end_line(text, begin, end):
    block = find_block(lines_of(text))
    assert (block.begin, block.end) == (begin, end)


@pytest.mark.parametrize(
    "text, line, words",
    [
        (f"see `{BEGIN}` here\n{BEGIN}\n{END}\n", 1, "part of a line"),
        (f"{BEGIN}\nthe end is {END} here\n{END}\n", 2, "part of a line"),
        (f"{BEGIN} and more\n{END}\n", 1, "part of a line"),
        (f"{BEGIN}{END}\n", 1, "part of a line"),
        (f"%%vaultkit:begin%%\n{END}\n", 1, "part of a line"),
        (f"%% VAULTKIT:BEGIN %%\n{END}\n", 1, "part of a line"),
        (f"%% vaultkit:begin zz %%\n{END}\n", 1, "part of a line"),
        (f"```\n{BEGIN}\n```\n{BEGIN}\n{END}\n", 2, "code block"),
        (f"~~~~\n{END}\n~~~~\n", 2, "code block"),
        (f"```\nnever closed\n{BEGIN}\n{END}\n", 3, "code block"),
        (f"- item\n  ```\n  {BEGIN}\n  ```\n{END}\n", 3, "code block"),
        (f"> ```\n> {BEGIN}\n> ```\n", 2, "code block"),
        (f"{BEGIN}\nx\n", 1, "without an end"),
        (f"x\n{END}\n", 2, "without a begin"),
        (f"{BEGIN}\n{BEGIN}\n{END}\n", 2, "second begin"),
        (f"{BEGIN}\n{END}\n{END}\n", 3, "second end"),
        (f"{END}\n{BEGIN}\n", 1, "comes before"),
    ],
)
def test_any_other_shape_is_a_problem_naming_its_line(text, line, words):
    with pytest.raises(BlockProblem) as caught:
        find_block(lines_of(text))
    assert caught.value.line == line
    assert words in caught.value.message


_plain = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n%`~"), max_size=30
)


@given(st.lists(_plain, max_size=8), st.lists(_plain, max_size=8), st.lists(_plain, max_size=8))
def test_a_block_is_found_wherever_it_sits(head, body, tail):
    lines = [*head, BEGIN, *body, END, *tail]
    block = find_block(lines)
    assert (block.begin, block.end) == (len(head), len(head) + len(body) + 1)


@given(
    st.lists(_plain, min_size=1, max_size=6),
    st.integers(0, 5),
    _plain,
    _plain,
    st.sampled_from([BEGIN, END, "%%vaultkit:end%%", "%% vaultkit: begin"]),
)
def test_marker_text_inside_any_line_is_a_problem(lines, at, before, after, marker):
    at = min(at, len(lines) - 1)
    lines = [*lines]
    lines[at] = f"{before}x{marker}{after}"  # never a line of its own
    with pytest.raises(BlockProblem) as caught:
        find_block([BEGIN, *lines, END])
    assert caught.value.line == at + 2


# --- lines, digests, splicing -----------------------------------------------------------------


def test_checkbox_and_normal_form():
    assert checkbox("- [x] call mum — [[2026-11-20]]") == ("x", "call mum — [[2026-11-20]]")
    assert checkbox("  * [-]  set down  ") == ("-", "set down")
    assert checkbox("- plain") is None and checkbox("- [[link]]") is None
    assert normal("- [x] a   ") == normal("- [ ] a") == "- [ ] a"
    assert digest(["- [x] a", "b  "]) == digest(["- [ ] a", "b"]) != digest(["- [ ] a", "c"])


def block_of(*render: str, items=()) -> Written:
    return compose(list(render), list(items), {}, {})


def test_splice_keeps_everything_outside_the_markers_byte_for_byte():
    text = f"\ufeffmine\r\n{BEGIN}\r\nold\r\n{END}\r\nafter\r\n"
    lines = lines_of(text)
    written = block_of("new", "lines")
    new = splice(text, find_block(lines), written, ["moved"])
    assert new == (
        f"\ufeffmine\r\n%% vaultkit:begin {written.digest} %%\r\nnew\r\nlines\r\n"
        f"{END}\r\nmoved\r\nafter\r\n"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "%% vaultkit:begin D %%\nx\n%% vaultkit:end %%\n"),
        ("mine", "mine\n\n%% vaultkit:begin D %%\nx\n%% vaultkit:end %%\n"),
        ("mine\n", "mine\n\n%% vaultkit:begin D %%\nx\n%% vaultkit:end %%\n"),
        ("mine\r\n", "mine\r\n\r\n%% vaultkit:begin D %%\r\nx\r\n%% vaultkit:end %%\r\n"),
    ],
)
def test_a_note_without_markers_gets_the_block_appended(text, expected):
    written = block_of("x")
    assert splice(text, None, written) == expected.replace("D", written.digest)


# --- whose lines ----------------------------------------------------------------------------

K1 = ("Journal/2026-11-20.md", "call mum", 0)
K2 = ("Journal/2026-11-20.md", "call mum", 1)
K3 = ("Journal/2026-11-21.md", "the fight", 0)
ITEMS = [
    (K1, "call mum — [[2026-11-20]]"),
    (K2, "call mum — [[2026-11-20]]"),
    (K3, "the fight — [[2026-11-21]]"),
]
RENDER = [
    "# Next session",
    "",
    "## Since",
    "",
    "- [ ] call mum — [[2026-11-20]]",
    "- [ ] call mum — [[2026-11-20]]",
    "- [ ] the fight — [[2026-11-21]]",
    "",
    "## Mood",
    "",
    "▄▅ 3 to 6",
]


def written_block() -> Written:
    return compose(RENDER, ITEMS, {}, {K1: " ", K2: " ", K3: None})


def test_an_unchanged_block_has_nothing_of_the_persons():
    written = written_block()
    reading = read_block([ln.text for ln in written.lines], written.digest, written, ITEMS)
    assert reading.loose == [] and reading.notes == {} and reading.orphans == []
    assert reading.marks == {K1: " ", K2: " ", K3: " "}
    assert reading.base[K2].source == " " and reading.base[K3].source is None


def test_identical_lines_are_told_apart_by_their_order():
    written = written_block()
    lines = [ln.text for ln in written.lines]
    lines[5] = "- [x] call mum — [[2026-11-20]]"
    for record in (written, None):  # with the record, and by the digest alone
        reading = read_block(lines, written.digest, record, ITEMS)
        assert reading.marks[K1] == " " and reading.marks[K2] == "x"


def test_lines_under_an_item_stay_with_it_and_the_rest_is_loose():
    written = written_block()
    lines = [ln.text for ln in written.lines]
    lines[7:7] = ["    - she cried", "", "    more"]  # under "the fight"
    lines[2:2] = ["MY OWN LINE", "", "and its paragraph"]
    lines.append("at the end")
    for record in (written, None):
        reading = read_block(lines, written.digest, record, ITEMS, lambda: RENDER)
        assert reading.notes == {K3: ["    - she cried", "", "    more"]}
        assert reading.loose == ["MY OWN LINE", "", "and its paragraph", "at the end"]


def test_lines_under_an_item_that_left_are_orphans():
    written = written_block()
    lines = [ln.text for ln in written.lines]
    lines[7:7] = ["    - she cried"]
    reading = read_block(lines, written.digest, written, ITEMS[:2])
    assert reading.notes == {}
    assert reading.orphans == [("- [ ] the fight — [[2026-11-21]]", ["    - she cried"])]


def test_kept_notes_are_the_persons_again_next_time():
    written = compose(RENDER, ITEMS, {K1: ["    note"]}, {})
    assert [ln.own for ln in written.lines if ln.text == "    note"] == [False]
    assert written.digest == written_block().digest  # the person's lines are not rendered
    reading = read_block([ln.text for ln in written.lines], written.digest, written, ITEMS)
    assert reading.notes == {K1: ["    note"]}


def test_a_changed_line_is_the_persons_and_the_stale_one_is_not():
    written = written_block()
    lines = [ln.text for ln in written.lines]
    lines[6] = "- [ ] the fight, and with Mum — [[2026-11-21]]"
    reading = read_block(lines, written.digest, written, ITEMS)
    assert reading.loose == ["- [ ] the fight, and with Mum — [[2026-11-21]]"]
    assert K3 not in reading.marks  # its line is gone: the agenda shows it afresh


def test_without_record_or_digest_only_what_would_render_now_is_vaultkits():
    lines = [*RENDER[:4], "- [ ] an item that is gone — [[2026-11-01]]", *RENDER[4:], "new"]
    reading = read_block(lines, None, None, ITEMS, lambda: RENDER)
    assert reading.loose == ["- [ ] an item that is gone — [[2026-11-01]]", "new"]


_typed = st.text(
    st.characters(whitelist_categories=("L", "N", "Zs"), max_codepoint=0x24F),
    min_size=1,
    max_size=20,
).map(lambda s: "w " + s.strip())


@given(
    st.lists(st.tuples(st.integers(0, 40), st.booleans(), _typed), max_size=8),
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from(" x-")), max_size=4),
    st.booleans(),
    st.booleans(),
)
def test_no_line_the_person_writes_in_a_block_is_dropped(inserts, ticks, record, shown):
    """Whatever lines a person adds where, whatever boxes they change, with or without the
    record: each line they typed comes back as a note, an orphan's line or a loose line."""
    written = written_block()
    lines = [ln.text for ln in written.lines]
    for at, box in ticks:
        at = min(at, len(lines) - 1)
        if checkbox(lines[at]):
            lines[at] = lines[at][:3] + box + lines[at][4:]
    typed = []
    for at, indent, text in inserts:
        line = ("    " if indent else "") + text
        lines.insert(min(at, len(lines)), line)
        typed.append(line)
    items = ITEMS if shown else ITEMS[1:]
    reading = read_block(lines, written.digest, written if record else None, items, lambda: RENDER)
    kept = [
        *reading.loose,
        *(x for ls in reading.notes.values() for x in ls),
        *(x for _, ls in reading.orphans for x in ls),
    ]
    for line in typed:
        assert kept.count(line) >= typed.count(line), line


# --- BlockNote --------------------------------------------------------------------------------


def test_a_note_with_broken_markers_says_why_in_one_line():
    note = BlockNote.parse("Next session.md", f"mine\n{BEGIN}\nx\n".encode())
    assert note.problem == (
        "Next session.md:2: a begin marker without an end marker; vaultkit "
        "leaves this note as it is until the markers are fixed"
    )
    assert BlockNote.parse("N.md", b"\xff\n").problem == "N.md:1: not valid UTF-8"


# --- ticks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, agenda, last_mark, last_source, expected",
    [
        # nothing changed
        (" ", " ", " ", " ", Decision(" ")),
        ("x", "x", "x", "x", Decision("x")),
        # one side changed: carried to the other once
        (" ", "x", " ", " ", Decision("x", write="x")),
        ("x", " ", "x", "x", Decision(" ", write=" ")),
        ("x", " ", " ", " ", Decision("x")),
        (" ", "x", "x", "x", Decision(" ")),
        (" ", "-", " ", " ", Decision("-", write="-")),
        # both changed: the source wins and says so, unless they agree
        ("-", "x", " ", " ", Decision("-", conflict=True)),
        ("x", "x", " ", " ", Decision("x")),
        # a copy that was put off is still owed
        (" ", "x", "x", " ", Decision("x", write="x")),
        # the agenda does not show it: the last decision stands
        (" ", None, " ", " ", Decision(" ")),
        # not known: a mark is news, an open box its absence
        (" ", "x", None, None, Decision("x", write="x")),
        ("x", " ", None, None, Decision("x")),
        ("x", "-", None, None, Decision("x", conflict=True)),
        ("x", None, None, None, Decision("x")),
        # not a task: the agenda alone holds the mark
        (None, "x", " ", None, Decision("x")),
        (None, None, "x", None, Decision("x")),
        (None, None, None, None, Decision(" ")),
    ],
)
def test_ticks_carry_changes_not_states(source, agenda, last_mark, last_source, expected):
    assert decide(source, agenda, last_mark, last_source) == expected


@given(
    st.sampled_from(" x-?"),
    st.sampled_from(" x-?"),
    st.sampled_from(" x-?"),
    st.sampled_from(" x-?"),
)
def test_a_decision_applied_is_not_applied_again(source, agenda, last_mark, last_source):
    first = decide(source, agenda, last_mark, last_source)
    source_after = first.write if first.write is not None else source
    again = decide(source_after, first.mark, first.mark, source_after)
    assert again == Decision(first.mark)
    assert source_after == first.mark  # both sides agree once it is applied
