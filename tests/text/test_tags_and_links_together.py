"""A line's tags and links read in one pass (tags_and_wikilinks) are exactly the tags and links
read apart (line_tags masks every wikilink before it looks for a tag; the one pass masks only
where that can change the answer); and a note's, read in one pass over all its prose (what a
note's parse does), are those of its lines."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from vaultkit.text.items import agenda_tag
from vaultkit.text.markdown_scan import prose_lines
from vaultkit.text.note import NoteRules, parse_note
from vaultkit.text.note_lines import split_lines
from vaultkit.text.private_passages import private_passage_lines
from vaultkit.text.tags_links import line_tags, line_wikilinks, tags_and_wikilinks

# Every character the readers treat apart, and a few words between them.
PIECES = st.sampled_from(
    ["[[", "]]", "[", "]", "(", ")", "](", "#", "!", "|", "\\|", "^", " ", "\t", "/", "1984",
     "next", " #next", "a", "é", "٣", "x y", "%%", "`", "http://e.x/#f"]
)  # fmt: skip


@settings(max_examples=1000)
@given(st.lists(PIECES, max_size=24).map("".join))
@example("[[a #b]] #c")  # a tag-like word inside a link: the line must be masked
@example("[[a]](b #c)")  # a link destination after a link
def test_one_pass_reads_what_two_read(line: str):
    assert tags_and_wikilinks(line) == (line_tags(line), line_wikilinks(line))


# --- a whole note in one pass ----------------------------------------------------------------

RULES = NoteRules(agenda_tags=("next", "ask"))
NOTE_PIECES = st.sampled_from(
    ["[[", "]]", "[", "](", "#", "!", "|", " ", "\n", "\n\n", "next", "#next", " #next/later",
     " #ask", "#private", " #Private", "a", "é", "1984", "[[L]]", "![[E]]", "[[a|b]]",
     "- [ ] ", "- [x] ", "mood:: 4", "[emotion:: sad] [intensity:: 70]", "{{ask}}", "`",
     "\n```\n", "%% private %%", "\n%% private %%\n", "\n%% end private %%\n", "%%", "<b>"]
)  # fmt: skip


@settings(max_examples=500)
@given(st.lists(NOTE_PIECES, max_size=40).map("".join))
@example("#private [[hidden]] #secret\n[[shown]] #shown #next")
@example("%% private %%\n#next [[L]] mood:: 4\n%% end private %%\n#t [[M]]")
@example("#a\n#b#c [[x #y]] #z\n[[p]](q #r)")
@example("[[a\nb]] #t\n[x](y\n#z)")  # neither a link nor a destination spans a line
def test_a_note_read_in_one_pass_says_what_it_says_line_by_line(body: str):
    """_read_body reads the prose of the whole note at once; the rule is still the line's:
    the tags and links of each prose line, those of a private line (a private passage, or
    tagged #private) counted nowhere, and each line's first agenda tag making its item."""
    text = "A first line\n" + body  # never frontmatter: the body starts at line 0
    note = parse_note("Journal/2026-11-20.md", text.encode("utf-8"), 0.0, RULES)
    lines = split_lines(text)
    hidden = private_passage_lines(lines)
    tags: set[str] = set()
    links: set[str] = set()
    items: list[tuple[int, str]] = []
    fields: list[int] = []
    for index, line in enumerate(prose_lines(lines)):
        lows = [tag.lower() for tag in line_tags(line)]
        private = index in hidden or "private" in lows
        if not private:
            tags.update(lows)
            links.update(line_wikilinks(line))
            if "::" in line:
                fields.append(index)
        first = agenda_tag(lows, RULES.agenda_tags)
        if first:
            items.append((index, first))
    assert set(note.tags) == tags
    assert set(note.links) == links
    assert [(item.line, item.tag) for item in note.items] == items
    assert {emotion.line for emotion in note.emotions} <= set(fields)


# --- the patterns against the rule, written out ------------------------------------------------


def tags_by_the_rule(text: str) -> list[tuple[int, str]]:
    """Obsidian's tag rule read character by character: a "#" at the start, after whitespace,
    or right where the last tag ended, then a body of tag characters that is not ASCII digits
    alone (which is then no tag, and ends the run)."""
    from vaultkit.text.tags_links import _TAG_BODY

    tags, chain = [], -1
    for pos, char in enumerate(text):
        if char != "#" or not (pos == 0 or pos == chain or text[pos - 1].isspace()):
            continue
        body = _TAG_BODY.match(text, pos + 1)
        if body and not (body.group().isascii() and body.group().isdigit()):
            tags.append((pos, body.group()))
            chain = body.end()
    return tags


TAG_PIECES = st.sampled_from(
    ["#", "##", "a", "B", "1984", "٣", "é", "/", "-", "_", " ", "\n", "\t", "\u00a0", "\u2003",
     "—", ".", ",", "[", "]", "(", ")", "!", "x y"]
)  # fmt: skip


@settings(max_examples=1000)
@given(st.lists(TAG_PIECES, max_size=30).map("".join))
@example("#a#b#1984#c #1984#d ##e #f## #g/h#i")
def test_the_tag_pattern_finds_what_the_rule_finds(text: str):
    from vaultkit.text.tags_links import tags_at

    assert tags_at(text, hash_in_link=False) == tags_by_the_rule(text)


@settings(max_examples=500)
@given(st.lists(PIECES, max_size=24).map("\n".join))
def test_a_notes_link_targets_are_those_found_with_where_they_are(text: str):
    from vaultkit.text.tags_links import wikilink_targets, wikilinks_at

    found, hash_inside = wikilinks_at(text)
    assert wikilink_targets(text) == ([target for _, target in found], hash_inside)
