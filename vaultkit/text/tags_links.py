"""The tags and wikilinks Obsidian would find on a prose line (see markdown_scan.prose_lines)."""

from __future__ import annotations

import re

from vaultkit.text.markdown_scan import prose_lines

__all__ = ["line_tags", "line_wikilinks", "scan", "tags_and_wikilinks"]

# Obsidian's own tag character class (from app.js, reported in
# obsidianmd/obsidian-help#816): anything but whitespace, ASCII punctuation
# other than "-", "_" and "/", and the Unicode General and Supplemental
# Punctuation blocks (so an em dash or a curly quote ends a tag).  "/" is a
# tag character, so a trailing "/" is kept: "#a/" is the tag "a/", as
# Obsidian indexes it (it accepts empty nested parts like "#a//b" too).
_TAG_BODY = re.compile(r"[^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~\u2000-\u206F\u2E00-\u2E7F]+")
_ALL_DIGITS = re.compile(r"[0-9]+")
# No optional "!" in front: a pattern that starts with a literal is searched
# for much faster.  An embed is told by the character before the match.
# (Masking "![[x]]" leaves its "!" as it is, which is what masking it does.)
_WIKILINK = re.compile(r"\[\[([^\[\]]*)\]\]")
# Only the destination part of [text](destination "title"): tags in the link
# text count.  The destination needs masking only where it holds whitespace
# (a title, an <angle bracketed> path); elsewhere "#" follows a non-space.
_LINK_DESTINATION = re.compile(r"\]\([^()]*\)")
_WIKILINK_TARGET_END = re.compile(r"\\?\||#")
# Masks with a punctuation character rather than a space, so a "#" right
# after a link ("[[x]]#a") still follows punctuation and is not a tag.
_MASK = "!"


def line_tags(prose: str) -> list[str]:
    """Tags on one prose line, in order, as written, without the "#"."""
    if "#" not in prose:
        return []
    # Masking never adds a "#"; skip a pass that has nothing to match.
    return _tags(_WIKILINK.sub(_mask, prose) if "[[" in prose else prose)


def _tags(text: str) -> list[str]:
    """line_tags of a line whose wikilinks are masked (or hold no "#" and no "](" follows)."""
    if "](" in text:
        text = _LINK_DESTINATION.sub(_mask, text)
    tags = []
    chain = -1  # where the last tag ended: a "#" there starts the next tag
    pos = text.find("#")
    while pos >= 0:
        if pos == 0 or pos == chain or text[pos - 1].isspace():
            m = _TAG_BODY.match(text, pos + 1)
            # "#1984" is not a tag, and so does not chain: in "#1984#a"
            # the "#a" follows a digit and is not a tag either.
            if m and not _ALL_DIGITS.fullmatch(m.group()):
                tags.append(m.group())
                chain = m.end()
        pos = text.find("#", pos + 1)
    return tags


def _mask(m: re.Match[str]) -> str:
    return _MASK * (m.end() - m.start())


def line_wikilinks(prose: str) -> list[str]:
    """Targets of the ``[[...]]`` links on one prose line, in order.

    Embeds (``![[...]]``) are attachments, not mentions, and links to a
    heading in the same note (``[[#Heading]]``) have no target: both skipped.
    """
    if "[[" not in prose:
        return []
    return _wikilinks(prose)[0]


def _wikilinks(prose: str) -> tuple[list[str], bool]:
    """The line's wikilink targets, and whether a "#" is inside a link."""
    targets = []
    hash_inside = False
    for m in _WIKILINK.finditer(prose):
        inner = m.group(1)
        if "#" in inner:
            hash_inside = True
        start = m.start()
        if start and prose[start - 1] == "!":
            continue
        # Inside a table the alias pipe is written "\|".
        end = _WIKILINK_TARGET_END.search(inner) if "|" in inner or "#" in inner else None
        target = (inner[: end.start()] if end else inner).strip()
        if target:
            targets.append(target)
    return targets, hash_inside


def tags_and_wikilinks(prose: str) -> tuple[list[str], list[str]]:
    """``(line_tags(prose), line_wikilinks(prose))``, reading the line's wikilinks once."""
    if "[[" not in prose:
        return (_tags(prose) if "#" in prose else []), []
    targets, hash_inside = _wikilinks(prose)
    if "#" not in prose:
        return [], targets
    # Masking a link changes which tags there are only where a "#" is inside it, or where a
    # "](" is: "[[a]](b #c)" masked holds no link destination, and so the tag "c".
    if hash_inside or "](" in prose:
        return _tags(_WIKILINK.sub(_mask, prose)), targets
    return _tags(prose), targets


def scan(lines: list[str]) -> list[tuple[int, list[str], list[str]]]:
    """``(index, tags, links)`` for every body line with tags or links."""
    found = []
    for index, prose in enumerate(prose_lines(lines)):
        tags = line_tags(prose)
        links = line_wikilinks(prose)
        if tags or links:
            found.append((index, tags, links))
    return found
