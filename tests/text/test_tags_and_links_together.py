"""A line's tags and links read in one pass (tags_and_wikilinks) are exactly the tags and links
read apart (line_tags masks every wikilink before it looks for a tag; the one pass masks only
where that can change the answer); and a note's, read in one pass over all its prose (what a
note's parse does), are those of its lines."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from vaultkit.text.items import agenda_tag
from vaultkit.text.markdown_scan import prose_lines
from vaultkit.text.note import NoteRules, parse_note, split_lines
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
