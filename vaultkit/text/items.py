"""Agenda items: which tag makes a line one, and the item's text and task mark."""

from __future__ import annotations

import re

from vaultkit.text.edits import TASK_BOX
from vaultkit.text.markdown_scan import LIST_MARKER

# A checkbox counts only after a list marker: `[1] see note #next` is not a task.
_TASK = re.compile(TASK_BOX)
_LIST_PREFIX = re.compile(rf"^\s*(?:>\s*)*(?:{LIST_MARKER}\s+)?")
_BLOCK_ID = re.compile(r"\s\^[A-Za-z0-9-]+\s*$")


def agenda_tag(tags: list[str] | set[str], agenda_tags: tuple[str, ...]) -> str | None:
    for tag in tags:
        low = tag.lower()
        for base in agenda_tags:
            if low == base or low.startswith(base + "/"):
                return low
    return None


def item_text(raw: str, agenda_tags: tuple[str, ...]) -> tuple[str, str | None]:
    """The item's text, and its task mark (None when the line is not a task)."""
    task = _TASK.match(raw)
    match = task or _LIST_PREFIX.match(raw)
    status = task.group("mark") if task else None
    text = raw[match.end() :] if match else raw
    for base in agenda_tags:
        text = re.sub(
            rf"(?<!\S)#{re.escape(base)}(?:/[^\s#]*)?(?=\s|$|#)", "", text, flags=re.IGNORECASE
        )
    text = _BLOCK_ID.sub("", text)
    text = " ".join(text.split())
    return text, status
