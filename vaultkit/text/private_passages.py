"""What is the person's alone inside a note: private passages and lines tagged #private."""

from __future__ import annotations

import re
from collections.abc import Sequence

from vaultkit.text.markdown_scan import LIST_MARKER

PRIVATE_TAG = "private"  # a line tagged #private is the person's alone (see agenda.is_private)
# A private passage: the lines between a line `%% private %%` and a line `%% end private %%`
# (Obsidian comments, hidden when reading) are the person's alone, as a #private line is. An
# unsent letter expanded inside a daily page is wrapped so (expansion.private_passage). Every
# doubt falls on the side of privacy: passages nest (a letter expanded inside a passage keeps
# the rest of it private), a passage left open runs to the end of the note, an opener counts
# anywhere, and a closer only outside a code fence. A marker may sit in a quote, a callout or
# a list item, as a letter can.
PRIVATE_OPEN = "%% private %%"
PRIVATE_CLOSE = "%% end private %%"
_PRIVATE_MARK = re.compile(
    rf"(?:[ \t]*>)*[ \t]*(?:{LIST_MARKER}[ \t]+)?"
    r"%%[ \t]*(end[ \t]+)?private[ \t]*%%[ \t]*\r?",
    re.IGNORECASE,
)
_FENCE_MARK = re.compile(rf"(?:[ \t]*>)*[ \t]*(?:{LIST_MARKER}[ \t]+)?(`{{3,}}|~{{3,}})")


def private_passage_lines(lines: Sequence[str]) -> set[int]:
    """The indexes of the lines inside private passages (the marker lines too), in `lines` as
    split_lines makes them."""
    hidden: set[int] = set()
    depth = 0
    fence = ""
    for index, line in enumerate(lines):
        if index == 0:
            line = line.removeprefix("\ufeff")
        if "`" in line or "~" in line:
            run = _FENCE_MARK.match(line)
            if run and not fence:
                fence = run.group(1)
            elif run and run.group(1).startswith(fence) and not line[run.end() :].strip():
                fence = ""  # a closer: the same character, as long or longer, alone
        mark = _PRIVATE_MARK.fullmatch(line) if "%" in line else None
        if mark and mark.group(1) is None:
            depth += 1
        elif mark and depth and not fence:
            depth -= 1
            hidden.add(index)  # the closer is the passage's own
            continue
        if depth:
            hidden.add(index)
    return hidden


# A line tagged #private, however the tag is written (#Private, #private.): left out whole,
# even where Obsidian would not read a tag (in code, after "("), since leaving out too much
# costs a count and reading too much costs the person's trust.
_PRIVATE = re.compile(r"#private(?![\w/\-])", re.IGNORECASE)


def is_private_line(line: str) -> bool:
    """A line the person tagged #private (read as _PRIVATE says)."""
    return "#" in line and _PRIVATE.search(line) is not None
