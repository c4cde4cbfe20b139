"""The plain-frontmatter reader gives exactly what PyYAML gives, or steps aside."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from support.paths import EXAMPLE
from vaultkit.text.note_lines import split_lines
from vaultkit.text.note_metadata import split_frontmatter
from vaultkit.text.plain_yaml import plain_mapping

KEYS = [
    "date",
    "mood",
    "tags",
    "tag",
    "type",
    "title",
    "distress_before",
    "a-b",
    "_x",
    "Key",
    "yes",
    "no",
    "on",
    "null",
    "y",
    "n",
    "True",
    "x1",
]
SCALARS = [
    "6",
    "-3",
    "0",
    "-0",
    "007",
    "1_000",
    "6.5",
    "0.25",
    "06.5",
    "1e3",
    ".5",
    "+5",
    "0x1F",
    "2026-11-20",
    "2026-02-30",
    "2026-1-2",
    "2026-11-20 10:00",
    "2026-11-20T10:00:00",
    "yes",
    "No",
    "OFF",
    "on",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "nan",
    ".inf",
    ".NaN",
    "no way",
    "true story",
    "session",
    "free-writing",
    "Re: hello",
    "a#b",
    "a #b",
    "sleep/3am",
    "Mum's",
    '"quoted"',
    "'single'",
    "x, y",
    "é café",
    "日記",
    "🙂 ok",
    "-dash",
    "?q",
    "@at",
    "%pct",
    "`tick`",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "[a, b]",
    "[a,]",
    "[ ]",
    "[]",
    "[a, [b]]",
    "[a,, b]",
    "[6, 2026-11-20, yes]",
    "{a: 1}",
    "# only a comment",
    "6 # a comment",
    "word   ",
    "tab\there",
    "a\u2028b",
    "x\\y",
    "=",
    "<<",
    "",
    "ok:",
    "ok :",
]
LINES = st.one_of(
    st.builds(
        lambda k, v: f"{k}: {v}" if v else f"{k}:", st.sampled_from(KEYS), st.sampled_from(SCALARS)
    ),
    st.builds(lambda i, v: f"{' ' * i}- {v}", st.integers(0, 4), st.sampled_from(SCALARS)),
    st.sampled_from(
        [
            "",
            "# a comment",
            "   ",
            "  continued text",
            "-",
            "key",
            "---",
            "nested:\n  inner: 1",
            "\tkey: 1",
            "key:value",
        ]
    ),
)


def _pyyaml(text: str):
    try:
        return yaml.load(text, Loader=yaml.SafeLoader)
    except Exception as exc:
        return exc


@pytest.mark.long
@settings(max_examples=3000)
@given(st.lists(LINES, max_size=8))
def test_plain_mapping_agrees_with_pyyaml_or_steps_aside(lines):
    text = "\n".join(lines)
    plain = plain_mapping(text)
    if plain is None:
        return
    reference = _pyyaml(text)
    # repr, not ==: True == 1 and 1.0 == 1, but a mood of True is not a mood of 1.
    assert repr(plain) == repr(reference if reference is not None else {}), text


@pytest.mark.parametrize(
    "text",
    [
        "date: 2026-11-20\nmood: 5\ntags: [selfcare, sleep]",
        "type: session\ndate: 2026-11-19",
        "distress_before: # 0–100, as you begin\ndistress_after: # 0–100, when you have finished",
        "tags:\n  - work\n  - sleep/3am",
        "tags:\n- work\n- sleep",
        "mood: 6.5 # after the walk",
    ],
)
def test_the_common_shapes_are_read_without_pyyaml(text):
    assert plain_mapping(text) is not None
    assert repr(plain_mapping(text)) == repr(_pyyaml(text))


@pytest.mark.parametrize(
    "text",
    [
        "title: Re: hello",
        "date: 2026-02-30",
        "a: 1\na: 2",
        "tags: [a, [b]]",
        "yes: 1",
        "note: first line\n  second line",
        "tags:\n  - a\n    - b",
        "x: 'quoted'",
        "x: *alias",
    ],
)
def test_anything_else_is_left_to_pyyaml(text):
    assert plain_mapping(text) is None


def test_the_example_vault_is_all_plain():
    """The shape it is for: every frontmatter in the example vault is read without PyYAML."""
    seen = 0
    for path in sorted(EXAMPLE.rglob("*.md")):
        yaml_text, _ = split_frontmatter(split_lines(path.read_text("utf-8")))
        if yaml_text is not None:
            seen += 1
            assert repr(plain_mapping(yaml_text)) == repr(_pyyaml(yaml_text) or {}), path
    assert seen > 10


def test_a_plain_string_starts_where_the_rule_says_for_every_code_point():
    """_PLAIN's first character is written as the characters it is not (quicker to compile):
    for every code point, it is exactly A-Z, a-z, U+00C0-U+2027 or U+2030-U+FEFE."""
    from vaultkit.text.plain_yaml import _PLAIN

    def wanted(c: int) -> bool:
        return (
            (chr(c).isascii() and chr(c).isalpha()) or 0xC0 <= c <= 0x2027 or 0x2030 <= c <= 0xFEFE
        )

    assert [c for c in range(0x110000) if bool(_PLAIN.match(chr(c))) != wanted(c)] == []
