"""Agenda items: which tag makes a line one, and the item's text and task mark."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from vaultkit.text.edits import TASK_BOX
from vaultkit.text.markdown_scan import LIST_MARKER

# A checkbox counts only after a list marker: `[1] see note #next` is not a task.
_TASK = re.compile(TASK_BOX)
_LIST_PREFIX = re.compile(rf"^\s*(?:>\s*)*(?:{LIST_MARKER}\s+)?")
_BLOCK_ID = re.compile(r"\s\^[A-Za-z0-9-]+\s*$")


def agenda_tag(tags: list[str] | set[str], agenda_tags: tuple[str, ...]) -> str | None:
    """The first of `tags` that puts its line on the agenda, lower-case; None if none does."""
    is_agenda = agenda_matcher(agenda_tags)
    for tag in tags:
        low = tag.lower()
        if is_agenda(low):
            return low
    return None


@functools.lru_cache(maxsize=16)
def agenda_matcher(agenda_tags: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a lower-case tag puts its line on the agenda: one of `agenda_tags`, or nested
    under one ("next/urgent"). Asked for every tag of every note."""
    bases, nested = frozenset(agenda_tags), tuple(base + "/" for base in agenda_tags)

    def is_agenda(low: str) -> bool:
        return low in bases or low.startswith(nested)

    return is_agenda


def item_text(raw: str, agenda_tags: tuple[str, ...]) -> tuple[str, str | None]:
    """The item's text, and its task mark (None when the line is not a task)."""
    task = _TASK.match(raw)
    match = task or _LIST_PREFIX.match(raw)
    status = task.group("mark") if task else None
    text = raw[match.end() :] if match else raw
    for pattern in _agenda_patterns(agenda_tags):
        text = pattern.sub("", text)
    if "^" in text:
        text = _BLOCK_ID.sub("", text)
    text = " ".join(text.split())
    return text, status


@functools.lru_cache(maxsize=16)
def _agenda_patterns(agenda_tags: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    r"""An agenda tag as item_text takes it out of the item's text, one pattern for each: a "#"
    at the start of the line or after whitespace. (Written "#" first, the pattern is searched
    for as fast as a string; `(?<!\S)#` is tried at every character.)"""
    return tuple(
        re.compile(rf"#(?<!\S#){re.escape(base)}(?:/[^\s#]*)?(?=\s|$|#)", re.IGNORECASE)
        for base in agenda_tags
    )
