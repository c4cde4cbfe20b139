"""What repeated across a set of entries: tags, [[links]] and phrases, each with the days it
came back on and the entries that hold it (no I/O). Counts of words the person wrote; never a
reading of them.

Everything is counted per day, not per note: "anxious" in the daily page and in the emotion
log of the same day is one day, and a phrase must come back on another day to count.
"""

from __future__ import annotations

import functools
import heapq
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from vaultkit.settings.config import Config
from vaultkit.text.moment import parse_moment
from vaultkit.text.note import Note
from vaultkit.text.phrases import EntryText
from vaultkit.text.recurring_phrases import Recurrence

SHOWN_ENTRIES = 6  # links listed per line; more would bury the line itself
PHRASES_SHOWN = 5  # "Bring one thing": a handful of phrases, not a word cloud


@dataclass(frozen=True)
class Repeat:
    name: str  # "#sleep", "[[Sam]]" or "\"can't sleep\""
    count: int  # the number of days it came back on (a day's notes count once)
    entries: tuple[str, ...] = ()  # links to the entries holding it, oldest first
    # links to the thought records where the phrase was worked on (phrases.WORKED_HEADINGS)
    worked_on: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        return self.count

    @property
    def shown(self) -> str:
        """The entry links as one line lists them: the first few, then how many more."""
        more = len(self.entries) - SHOWN_ENTRIES
        links = ", ".join(self.entries[:SHOWN_ENTRIES])
        return links + (f" and {more} more" if more > 0 else "")


# How many names of links is_date_name remembers: far more than the distinct targets of a
# vault's recent entries, and still a few MB at most in a daemon that runs for months.
DATE_NAMES_REMEMBERED = 1 << 16


def is_date_link(target: str, config: Config) -> bool:
    """A link to a day (`[[2026-11-20]]`, or a name in the daily format): never counted."""
    return is_date_name(target.rsplit("/", 1)[-1], config.daily_format)


@functools.lru_cache(maxsize=DATE_NAMES_REMEMBERED)
def is_date_name(name: str, daily_format: str) -> bool:
    """Whether a link's name is a date. Remembered: every entry of a period links the same
    few days and people, and parsing a date costs far more than looking it up."""
    return (
        parse_moment(name, daily_format) is not None
        or parse_moment(name, "YYYY-MM-DD", prefix=True) is not None
    )


def _entry_links(
    paths: Iterable[str], notes: Mapping[str, Note], links: Mapping[str, str]
) -> tuple[str, ...]:
    ordered = sorted(paths, key=lambda p: (notes[p].date, p))
    return tuple(f"[[{links.get(p, p[:-3])}]]" for p in ordered)


def entry_texts(
    phrases: Mapping[str, EntryText | Mapping[str, str]] | None,
) -> dict[str, EntryText]:
    """`phrases` as EntryTexts: a plain mapping of phrases (note_phrases) is read as a note
    the person wrote in, with nothing worked on."""
    if not phrases:
        return {}
    return {
        path: text if isinstance(text, EntryText) else EntryText(dict(text))
        for path, text in phrases.items()
    }


def repeated_names(
    entries: list[Note],
    config: Config,
    links: Mapping[str, str],
    limit: int = 12,
    private: Collection[str] = (),
) -> tuple[list[Repeat], int]:
    """Tags (but not the agenda's own) and links to notes other than days, found on at least
    two days: the first `limit`, and how many more were found. `private` holds the names
    (lower-case) of private notes: a link to one, such as the safety plan every support
    callout links, says nothing to count."""
    holders: dict[str, set[str]] = defaultdict(set)
    for note in entries:
        for tag in note.tags:
            if not any(tag == a or tag.startswith(a + "/") for a in config.agenda_tags):
                holders[f"#{tag}"].add(note.path)
        for target in note.links:
            if target.lower() not in private and not is_date_link(target, config):
                holders[f"[[{target}]]"].add(note.path)
    by_path = {note.path: note for note in entries}
    counted = []
    for name, paths in holders.items():
        days = len({by_path[p].date for p in paths})
        if days >= 2:
            counted.append((-days, name.lower(), name))
    # Only the shown few are ranked and linked: a period may hold thousands of names.
    shown = [
        Repeat(name, -days, _entry_links(holders[name], by_path, links))
        for days, _, name in heapq.nsmallest(max(limit, 0), counted)
    ]
    return shown, len(counted) - len(shown)


def repeated_words(
    entries: list[Note],
    phrases: Mapping[str, EntryText | Mapping[str, str]],
    links: Mapping[str, str],
    limit: int = PHRASES_SHOWN,
    recurrence: Recurrence | None = None,
) -> list[Repeat]:
    """Phrases (word n-grams, see phrases.py) found on at least two days, each with the
    thought records among `entries` where it was worked on. `recurrence` is what was counted
    the last time (recurring_phrases.Recurrence): only the days that changed are counted."""
    texts = entry_texts(phrases)
    by_path = {note.path: note for note in entries}
    # The phrases of each day: every note of that day read as one.
    of_day: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    for path in sorted(by_path):
        text = texts.get(path)
        if text is not None:
            of_day[by_path[path].date.isoformat()].append(text.phrases)
    counted = recurrence if recurrence is not None else Recurrence()
    found = []
    for phrase in counted.repeated(dict(sorted(of_day.items())), limit=limit):
        on = set(phrase.paths)
        holders = [
            p
            for p in by_path
            if p in texts and phrase.key in texts[p].phrases and by_path[p].date.isoformat() in on
        ]
        worked = [p for p in by_path if p in texts and phrase.key in texts[p].worked_on]
        found.append(
            Repeat(
                f'"{phrase.text}"',
                len(phrase.paths),
                _entry_links(holders, by_path, links),
                _entry_links(worked, by_path, links),
            )
        )
    return found
