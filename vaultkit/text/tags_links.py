"""The tags and wikilinks Obsidian would find on a prose line (see markdown_scan.prose_lines), or
in a note's prose lines joined by "\n": neither ever spans a line, so a whole note is read in
one pass, and each is found with where it is (tags_at, wikilinks_at)."""

from __future__ import annotations

import re

from vaultkit.text.markdown_scan import prose_lines

__all__ = [
    "line_tags",
    "line_wikilinks",
    "scan",
    "tags_and_wikilinks",
    "tags_at",
    "wikilink_targets",
    "wikilinks_at",
]

# Obsidian's own tag character class (from app.js, reported in
# obsidianmd/obsidian-help#816): anything but whitespace, ASCII punctuation
# other than "-", "_" and "/", and the Unicode General and Supplemental
# Punctuation blocks (so an em dash or a curly quote ends a tag).  "/" is a
# tag character, so a trailing "/" is kept: "#a/" is the tag "a/", as
# Obsidian indexes it (it accepts empty nested parts like "#a//b" too).
_TAG_BODY = re.compile(r"[^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~\u2000-\u206F\u2E00-\u2E7F]+")
# A tag: its "#" at the start of the text or after whitespace (str.isspace and \s agree on
# every code point), then its body, which is not ASCII digits alone ("#1984" is no tag; isdigit
# alone would take "٣" for a digit). Group 2 holds the "#"s right after it that go on with
# more tags ("#a#b"), in one search: a "#" right where a tag ended starts the next.
# Written "#" first, the pattern is searched for as a string is.
_BODY = _TAG_BODY.pattern  # a class and its "+"
_TAG = re.compile(rf"#(?<!\S#)(?![0-9]++(?!{_BODY[:-1]}))({_BODY})((?:#{_BODY})*)")
# No optional "!" in front: a pattern that starts with a literal is searched
# for much faster.  An embed is told by the character before the match.
# (Masking "![[x]]" leaves its "!" as it is, which is what masking it does.)
# No "\n" inside: a link is on one line, however many lines the text holds.
_WIKILINK = re.compile(r"\[\[([^\[\]\n]*)\]\]")
# The same, with the "!" of an embed caught by a look-behind (group 1, "" when none), so that
# findall gives both without a match object per link.
_WIKILINK_OR_EMBED = re.compile(r"\[\[(?:(?<=(!)\[\[))?([^\[\]\n]*)\]\]")
# Only the destination part of [text](destination "title"): tags in the link
# text count.  The destination needs masking only where it holds whitespace
# (a title, an <angle bracketed> path); elsewhere "#" follows a non-space.
_LINK_DESTINATION = re.compile(r"\]\([^()\n]*\)")
_DESTINATION_START = re.compile(r"\]\(")
_WIKILINK_TARGET_END = re.compile(r"\\?\||#")
# Masks with a punctuation character rather than a space, so a "#" right
# after a link ("[[x]]#a") still follows punctuation and is not a tag.
_MASK = "!"


def line_tags(prose: str) -> list[str]:
    """Tags on one prose line, in order, as written, without the "#"."""
    return [tag for _, tag in tags_at(prose, hash_in_link=True)]


def line_wikilinks(prose: str) -> list[str]:
    """Targets of the ``[[...]]`` links on one prose line, in order.

    Embeds (``![[...]]``) are attachments, not mentions, and links to a
    heading in the same note (``[[#Heading]]``) have no target: both skipped.
    """
    return [target for _, target in wikilinks_at(prose)[0]]


def tags_and_wikilinks(prose: str) -> tuple[list[str], list[str]]:
    """``(line_tags(prose), line_wikilinks(prose))``, reading the line's wikilinks once."""
    links, hash_in_link = wikilinks_at(prose)
    return [tag for _, tag in tags_at(prose, hash_in_link)], [target for _, target in links]


def wikilinks_at(text: str) -> tuple[list[tuple[int, str]], bool]:
    """(where it starts, its target) of each wikilink in `text`, in order, and whether a "#"
    is inside any wikilink (for tags_at). `text` is one prose line, or prose lines joined by
    "\n": a wikilink never spans a line, so a whole note is read in one pass."""
    if "[[" not in text:
        return [], False
    found = []
    hash_inside = False
    for m in _WIKILINK.finditer(text):
        inner = m.group(1)
        start = m.start()
        if "#" in inner:
            hash_inside = True
        if start and text[start - 1] == "!":
            continue  # an embed
        target = _target(inner)
        if target:
            found.append((start, target))
    return found, hash_inside


def wikilink_targets(text: str) -> tuple[list[str], bool]:
    """wikilinks_at without where each link is: the targets, and whether a "#" is inside any
    wikilink. What a note's parse asks, for all of its prose at once."""
    found = []
    hash_inside = False
    for bang, inner in _WIKILINK_OR_EMBED.findall(text):
        if "#" in inner:
            hash_inside = True
        if not bang and (target := _target(inner)):
            found.append(target)
    return found, hash_inside


def _target(inner: str) -> str:
    """The note a wikilink's inside names: before any heading or alias, and stripped."""
    if "#" not in inner and "|" not in inner:
        return inner.strip()
    # Inside a table the alias pipe is written "\|".
    end = _WIKILINK_TARGET_END.search(inner)
    return (inner[: end.start()] if end else inner).strip()


def tags_at(text: str, hash_in_link: bool) -> list[tuple[int, str]]:
    """(where its "#" is, the tag as written without it) of each tag in `text`, in order: one
    prose line, or prose lines joined by "\n" (a tag never spans a line). A "#" inside a
    wikilink or a link destination is no tag; masking the wikilinks can change which tags
    there are only when a "#" is inside one (`hash_in_link`, from wikilinks_at) or a "]("
    follows one ("[[a]](b #c)" masked holds no link destination, and so the tag "c")."""
    if "#" not in text:
        return []
    # (A pattern finds a "](" that is not there in half the time `"](" in text` takes.)
    destination = _DESTINATION_START.search(text) is not None
    if (hash_in_link or destination) and "[[" in text:
        text = _WIKILINK.sub(_mask, text)
    if destination:
        text = _LINK_DESTINATION.sub(_mask, text)
    tags = []
    for m in _TAG.finditer(text):
        tags.append((m.start(), m.group(1)))
        if m.group(2):  # "#a#b": each body on, until one is ASCII digits ("#a#1984#b": a)
            pos = m.end(1)
            for body in m.group(2)[1:].split("#"):
                if body.isascii() and body.isdigit():
                    break
                tags.append((pos, body))
                pos += 1 + len(body)
    return tags


def _mask(m: re.Match[str]) -> str:
    return _MASK * (m.end() - m.start())


def scan(lines: list[str]) -> list[tuple[int, list[str], list[str]]]:
    """``(index, tags, links)`` for every body line with tags or links."""
    found = []
    for index, prose in enumerate(prose_lines(lines)):
        tags = line_tags(prose)
        links = line_wikilinks(prose)
        if tags or links:
            found.append((index, tags, links))
    return found
