"""What repeated across a set of entries: tags, [[links]] and phrases, each with the entries
that hold it (no I/O). Counts of words the person wrote; never a reading of them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping

from .config import Config
from .moment import parse_moment
from .note import Note
from .phrases import repeated_phrases

SHOWN_ENTRIES = 6  # links listed per line; more would bury the line itself


@dataclass(frozen=True)
class Repeat:
    name: str  # "#sleep", "[[Sam]]" or "\"can't sleep\""
    count: int  # the number of entries holding it
    entries: tuple[str, ...] = ()  # links to those entries, oldest first ("[[2026-11-20]]")

    @property
    def shown(self) -> str:
        """The entry links as one line lists them: the first few, then how many more."""
        more = self.count - SHOWN_ENTRIES
        links = ", ".join(self.entries[:SHOWN_ENTRIES])
        return links + (f" and {more} more" if more > 0 else "")


def is_date_link(target: str, config: Config) -> bool:
    name = target.rsplit("/", 1)[-1]
    return (parse_moment(name, config.daily_format) is not None
            or parse_moment(name, "YYYY-MM-DD", prefix=True) is not None)


def _entry_links(paths, notes: Mapping[str, Note], links: Mapping[str, str]) -> tuple[str, ...]:
    ordered = sorted(paths, key=lambda p: (notes[p].date, p))
    return tuple(f"[[{links.get(p, p[:-3])}]]" for p in ordered)


def repeated_names(entries: list[Note], config: Config, links: Mapping[str, str],
                   limit: int = 12) -> list[Repeat]:
    """Tags (but not the agenda's own) and links to notes other than days, found in at least
    two entries."""
    holders: dict[str, set[str]] = defaultdict(set)
    for note in entries:
        for tag in note.tags:
            if not any(tag == a or tag.startswith(a + "/") for a in config.agenda_tags):
                holders[f"#{tag}"].add(note.path)
        for target in note.links:
            if not is_date_link(target, config):
                holders[f"[[{target}]]"].add(note.path)
    by_path = {note.path: note for note in entries}
    found = [Repeat(name, len(paths), _entry_links(paths, by_path, links))
             for name, paths in holders.items() if len(paths) >= 2]
    found.sort(key=lambda r: (-r.count, r.name.lower(), r.name))
    return found[:limit]


def repeated_words(entries: list[Note], phrases: Mapping[str, Mapping[str, str]],
                   links: Mapping[str, str], limit: int = 8) -> list[Repeat]:
    """Phrases (word n-grams, see phrases.py) found in at least two entries."""
    by_path = {note.path: note for note in entries}
    wanted = {path: phrases[path] for path in sorted(by_path) if path in phrases}
    return [Repeat(f'"{phrase.text}"', len(phrase.paths),
                   _entry_links(phrase.paths, by_path, links))
            for phrase in repeated_phrases(wanted, limit=limit)]
