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
            # (isdigit alone would take "٣" for a digit.)
            if m and not ((body := m.group()).isascii() and body.isdigit()):
                tags.append(body)
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


def _wikilinks(prose: str) -> tuple[list[str], str | None]:
    """The line's wikilink targets, and the line with its wikilinks masked (None when no
    "#" is inside a link, and so masking them would change no tag; see tags_and_wikilinks)."""
    # [text, inner, text, inner, ..., text]: no match objects, and the masked line is the
    # same pieces put back together.
    parts = _WIKILINK.split(prose)
    targets = []
    hash_inside = False
    for i in range(1, len(parts), 2):
        inner = parts[i]
        if "#" in inner:
            hash_inside = True
        elif "|" not in inner:
            if not parts[i - 1].endswith("!") and (target := inner.strip()):
                targets.append(target)
            continue
        if parts[i - 1].endswith("!"):
            continue
        # Inside a table the alias pipe is written "\|".
        end = _WIKILINK_TARGET_END.search(inner)
        target = (inner[: end.start()] if end else inner).strip()
        if target:
            targets.append(target)
    if not hash_inside:
        return targets, None
    for i in range(1, len(parts), 2):
        parts[i] = _MASK * (len(parts[i]) + 4)
    return targets, "".join(parts)


def tags_and_wikilinks(prose: str) -> tuple[list[str], list[str]]:
    """``(line_tags(prose), line_wikilinks(prose))``, reading the line's wikilinks once."""
    if "[[" not in prose:
        return (_tags(prose) if "#" in prose else []), []
    targets, masked = _wikilinks(prose)
    if "#" not in prose:
        return [], targets
    if masked is not None:
        return _tags(masked), targets
    # Masking a link with no "#" inside changes which tags there are only where a "](" is:
    # "[[a]](b #c)" masked holds no link destination, and so the tag "c".
    return _tags(_WIKILINK.sub(_mask, prose) if "](" in prose else prose), targets


def scan(lines: list[str]) -> list[tuple[int, list[str], list[str]]]:
    """``(index, tags, links)`` for every body line with tags or links."""
    found = []
    for index, prose in enumerate(prose_lines(lines)):
        tags = line_tags(prose)
        links = line_wikilinks(prose)
        if tags or links:
            found.append((index, tags, links))
    return found
