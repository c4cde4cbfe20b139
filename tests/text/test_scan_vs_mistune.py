"""markdown_scan against a real Markdown parser: does it see prose where mistune does?

Notes are built from pieces, each holding a tag word ``#<word>`` in a known
context: prose (a paragraph, a list item, a quote, a heading, link text), or
not prose (fenced and indented code, code spans, HTML comments, HTML blocks,
inline HTML tags), or prose that is not a tag (a link destination, a URL
fragment).  Every piece gets its own word, so each can be checked alone:

* the scanner finds the tag of every prose piece and no other piece's word
  as a tag; words in code, comments and HTML are blanked from its prose;
* mistune 3 (CommonMark), the reference, puts a prose piece's ``#<word>`` in a
  ``text`` node and a non-prose piece's word only in code/HTML nodes.

Obsidian-only syntax (``%%`` comments, ``$`` math, ``[[wikilinks]]``) is not
CommonMark, so it is in the scanner-only property, not the mistune one.
"""

from __future__ import annotations

import mistune
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.text.markdown_scan import prose_lines
from vaultkit.text.tags_links import line_tags

# What the scanner must make of a piece's word.
PROSE = "prose"  # a tag, in a text node
HIDDEN = "hidden"  # blanked by the scanner; only in code/HTML nodes
NOT_TAG = "not_tag"  # left as prose but not a tag (link destinations, URLs)
LINK_URL = "link_url"  # NOT_TAG, and mistune has it only in a link's attrs

W = "{w}"  # placeholder for the piece's word, replaced with str.replace
PRE = "{pre}"  # where FILLER text goes
POST = "{post}"  # where AFTER text goes

FILLER = st.sampled_from(["", "Some words ", "Met [[Sam]] and ", "A *good* day, ", "Then "])
AFTER = st.sampled_from(["", " more", " and [[Dana|her]].", ", then home.", " `x`"])


def _piece(kind: str, *templates: str) -> list[tuple[str, str]]:
    return [(template, kind) for template in templates]


# Pieces that CommonMark and Obsidian read alike.
COMMONMARK_PIECES = [
    *_piece(
        PROSE,
        "{pre}#{w}{post}",
        "- item {pre}#{w}{post}",
        "* item {pre}#{w}{post}",
        "1. item {pre}#{w}{post}",
        "- [ ] task {pre}#{w}{post}",
        "- a\n  - nested {pre}#{w}{post}",
        "> quote {pre}#{w}{post}",
        "> > deep {pre}#{w}{post}",
        "## Heading {pre}#{w}",
        "First line\n{pre}#{w}{post}",
        "[see #{w}](https://example.org/x){post}",
        "<span>#{w}</span>{post}",
        "{pre}`code` #{w}{post}",
        "Text <!-- a comment --> #{w}{post}",
        "<div>\n\n{pre}#{w}{post}\n\n</div>",
        "> ```\n> code\n> ```\n\n{pre}#{w}{post}",
    ),
    *_piece(
        HIDDEN,
        "```\n#{w}\n```",
        "```python\nx = 1  #{w}\n```",
        "~~~\n#{w} in tildes\n~~~",
        "````\n```\n#{w}\n```\n````",
        "~~~~md\n~~~\n#{w}\n~~~~",
        "> ```\n> #{w}\n> ```",
        "{pre}`#{w}`{post}",
        "{pre}``a ` #{w}``{post}",
        "Before.\n\n    #{w} indented code",
        "Before.\n\n\t#{w} tab-indented code",
        "<!-- #{w} -->",
        "<!--\n#{w}\n-->",
        "{pre}<!-- #{w} -->{post}",
        "<div>\n#{w}\n</div>",
        '<div class="note">\n#{w} text\n</div>',
        "<details>\n<summary>#{w}</summary>\n</details>",
        "<pre>\n#{w}\n\n#{w} again\n</pre>",
        "<script>\nlet a = '#{w}';\n</script>",
        "<style>\n#{w} { color: red }\n</style>",
        "<x-box>\n#{w} inside\n</x-box>",
        '{pre}<a href="#{w}">x</a>{post}',
        "{pre}<span title='#{w}'>x</span>{post}",
    ),
    *_piece(
        LINK_URL,
        "{pre}[text](https://example.org/p#{w}){post}",
        "{pre}[text](<dest #{w}>){post}",
        '{pre}[text](page "title #{w}"){post}',
    ),
    *_piece(
        NOT_TAG,
        "{pre}https://example.org/p#{w}{post}",
        "{pre}<https://example.org/p#{w}>{post}",
    ),
]

# Obsidian's own syntax: checked against the scanner only.
OBSIDIAN_PIECES = [
    *_piece(
        PROSE,
        "Costs $5 and #{w}{post}",
        "[[Note]] #{w}{post}",
        "{pre}[[Note|alias]] #{w}{post}",
        # CommonMark makes this whole line an HTML block (type 2 runs to the
        # end of the line holding "-->"), but the browser shows the text
        # after the comment, and the scanner counts the tag there.
        "<!-- a comment --> #{w}{post}",
    ),
    *_piece(
        HIDDEN,
        "%% #{w} %%",
        "%%\n#{w}\n%%",
        "{pre}%% #{w} %%{post}",
        "$$\n#{w}\n$$",
        "{pre}$x #{w}${post}",
        "{pre}$$ #{w} $${post}",
    ),
    *_piece(
        NOT_TAG,
        "{pre}[[Note #{w}]]{post}",
        "{pre}[[Note#{w}]]{post}",
        "{pre}![[Pic #{w}]]{post}",
    ),
]


def _word(i: int) -> str:
    # No word is a part of another ("zq1zq" is not in "zq10zq").
    return f"zq{i}zq"


@st.composite
def notes(draw, pieces):
    drawn = draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=8))
    blocks, expected = [], []
    for i, (template, kind) in enumerate(drawn):
        word = _word(i)
        filler, after = draw(FILLER), draw(AFTER)
        block = template.replace(PRE, filler).replace(POST, after).replace(W, word)
        blocks.append(block)
        expected.append((word, kind))
    gap = draw(st.sampled_from(["\n\n", "\n\n\n"]))
    return gap.join(blocks) + "\n", expected


def _scanner_view(text: str) -> tuple[list[str], set[str]]:
    lines = text.split("\n")
    prose = prose_lines(lines)
    assert len(prose) == len(lines)
    assert [len(p) for p in prose] == [len(line) for line in lines]
    tags = {tag for p in prose for tag in line_tags(p)}
    return prose, tags


def _check_scanner(text: str, expected: list[tuple[str, str]]) -> None:
    prose, tags = _scanner_view(text)
    visible = "\n".join(prose)
    for word, kind in expected:
        if kind == PROSE:
            assert word in tags, (word, text, prose)
        else:
            assert word not in tags, (word, text, prose)
        if kind == HIDDEN:
            assert word not in visible, (word, text, prose)


# mistune 3's AST: renderer=None returns the token list (no plugins, so no
# tables, math or bare-URL links -- plain CommonMark).
_MARKDOWN = mistune.create_markdown(renderer=None)
_CODE_NODES = {"codespan", "block_code", "block_html", "inline_html"}


def _mistune_nodes(text: str) -> list[tuple[str, str]]:
    """(node type, text) for every node of mistune's AST holding text."""
    found = []

    def walk(nodes):
        for node in nodes:
            if "raw" in node:
                found.append((node["type"], node["raw"]))
            for key, value in node.get("attrs", {}).items():
                if isinstance(value, str):
                    found.append((f"attrs.{key}", value))
            walk(node.get("children", ()))

    walk(_MARKDOWN(text))
    return found


def _check_mistune(text: str, expected: list[tuple[str, str]]) -> None:
    nodes = _mistune_nodes(text)
    for word, kind in expected:
        holders = {node_type for node_type, raw in nodes if word in raw}
        in_text = any(node_type == "text" and f"#{word}" in raw for node_type, raw in nodes)
        if kind == PROSE:
            assert in_text, (word, text, nodes)
        elif kind == HIDDEN:
            assert holders and holders <= _CODE_NODES, (word, text, nodes)
        elif kind == LINK_URL:
            assert holders and all(h.startswith("attrs.") for h in holders), (word, text, nodes)
        else:
            assert holders, (word, text, nodes)


SETTINGS = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(notes(COMMONMARK_PIECES))
def test_scanner_and_mistune_agree_on_where_prose_is(note):
    text, expected = note
    _check_mistune(text, expected)
    _check_scanner(text, expected)


@SETTINGS
@given(notes(COMMONMARK_PIECES + OBSIDIAN_PIECES))
def test_scanner_finds_prose_tags_only(note):
    text, expected = note
    _check_scanner(text, expected)


@pytest.mark.parametrize(
    ("template", "kind"),
    COMMONMARK_PIECES + OBSIDIAN_PIECES,
    ids=[template for template, _ in COMMONMARK_PIECES + OBSIDIAN_PIECES],
)
def test_every_piece_alone(template, kind):
    # Each piece on its own, so the sampling above leaves none untried.
    word = _word(0)
    text = template.replace(PRE, "").replace(POST, "").replace(W, word) + "\n"
    _check_scanner(text, [(word, kind)])
    if (template, kind) in COMMONMARK_PIECES:
        _check_mistune(text, [(word, kind)])
