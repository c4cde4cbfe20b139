"""What is taken out of prose before its phrases are counted: URLs, links, inline fields, tags
and block ids, and emphasis marks.

Code, math, comments and HTML are already blanked by markdown_scan.prose_lines (with line
breaks, phrases.py asks it for): this is what is prose to Markdown but not words to count.
"""

from __future__ import annotations

import re

from vaultkit.text.next_finder import NextFinder

# Everything removed from prose is replaced by a line break: a phrase never runs across
# something removed. What is removed, tried in this order where one place starts two:
#   http(s)://...                    URLs
#   [[link]]  ![[embed]]             counted as links elsewhere
#   [key:: value]  (key:: value)     inline fields
#   #tag                             counted elsewhere
#   ^block-id                        at the end of a line
# This was one regular expression, whose alternatives for links and fields scanned ahead for
# their closer from every opener: a line of "[[" with no "]]" cost its length squared. Here
# each closer is looked for once (NextFinder), with the regular expression's results on every
# text. A field's opener is a candidate only where a "]" or ")" ends its stretch of text: each
# stretch is read once, by the opener just before it (none of its characters is an opener).
_REMOVED_START = re.compile(
    r"https?://\S|!?\[\[|[\[(](?=[^\[\]()\n]*+(?P<close>[\])]))"
    r"|(?<![\w&#])#[\w/\-]|(?<=\s)\^[\w-]"
)
# The same, once no "]" or line break is left for a link to close at.
_REMOVED_START_NO_LINK = re.compile(_REMOVED_START.pattern.replace(r"|!?\[\[|", "|"))
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"#[\w/\-]+")
_BLOCK_ID = re.compile(r"\^[\w-]+$", re.MULTILINE)
_LINK_STOP = re.compile(r"[\]\n]")
_OPEN_BRACKETS = re.compile(r"\[*")
# The second "_" alternative is "_+(?!\w)" as it was, kept from starting inside a run of "_":
# from there it can never match (the run was not removed from its start, so a word character
# follows it), and trying it from every "_" of a long run was quadratic.
_EMPHASIS = re.compile(r"(?=[*~=_])(?:\*+|~~|==|(?<!\w)_+|(?<!_)_+(?!\w))")


def cleaned(text: str) -> str:
    """Prose as its phrases are counted in: without what is listed above _REMOVED_START, and
    without emphasis marks."""
    return _EMPHASIS.sub("", removed(text))


def removed(text: str) -> str:
    """`text` with each construct listed above _REMOVED_START replaced by "\n"."""
    out: list[str] = []
    last = pos = 0
    link_stop = NextFinder(text, _LINK_STOP)
    search = _REMOVED_START.search
    while (m := search(text, pos)) is not None:
        start = m.start()
        first = text[start]
        end = -1
        if first == "h":
            end = _URL.match(text, start).end()  # type: ignore[union-attr]  # started as one
        elif first == "#":
            end = _TAG.match(text, start).end()  # type: ignore[union-attr]  # started as one
        elif first == "^":
            found = _BLOCK_ID.match(text, start)
            end = found.end() if found else -1
        elif m.group("close") is None:  # "[[" or "![["
            # [[ and all up to the first "]" or line break, which must start "]]"
            stop = link_stop.find(start + (3 if first == "!" else 2))
            if stop >= 0 and text.startswith("]]", stop):
                end = stop + 2
            else:
                if stop < 0:
                    search = _REMOVED_START_NO_LINK.search  # no link can close any more
                # Every "[[" in this run of "[" stops there too, and fails too; a field can
                # only open at its last "[".
                pos = _OPEN_BRACKETS.match(text, start + 1).end() - 1  # type: ignore[union-attr]
                continue
        elif text.find("::", start + 1, m.start("close")) >= 0:  # a field: "[" or "(", "::"
            end = m.end("close")
        if end < 0:
            pos = start + 1
            continue
        out.append(text[last:start])
        out.append("\n")
        last = pos = end
    out.append(text[last:])
    return "".join(out)
