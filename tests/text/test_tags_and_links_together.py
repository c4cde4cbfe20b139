"""A line's tags and links read in one pass (tags_and_wikilinks, what a note's parse uses) are
exactly the tags and links read apart (line_tags masks every wikilink before it looks for a
tag; the one pass masks only where that can change the answer)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

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
