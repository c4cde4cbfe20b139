"""Which phrases recur across days, for the "What repeated" section of the agenda: the phrases
of each day's pages (phrases.note_phrases) in, the few worth showing out, best first."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Pages = Sequence[Mapping[str, str]]  # a day's pages, each: phrase key -> how it was written


@dataclass(frozen=True)
class Phrase:
    text: str  # the surface shown: the days' most common, then alphabetically first
    key: str
    paths: tuple[str, ...]  # the days (or notes) holding it, sorted


def repeated_phrases(
    entries: Mapping[str, Mapping[str, str]], *, min_entries: int = 2, limit: int = 8
) -> list[Phrase]:
    """entries: note path -> note_phrases(...) of that note.

    The phrases found in at least min_entries notes, best first: more notes, then longer,
    then alphabetical by key.
    """
    return Recurrence(min_entries).repeated({path: (p,) for path, p in entries.items()}, limit)


class Recurrence:
    """Which days hold each phrase, kept from one count to the next. The agenda counts nearly
    the same six weeks on every edit: a day whose pages are the very ones counted last time is
    not read again, and a day that changed is read for the phrases that came or went, so an
    edit costs what it changed, not what the period holds. A page's mapping must not change
    once given (a new version of a note is a new mapping: phrase_cache.PhraseCache)."""

    def __init__(self, min_entries: int = 2) -> None:
        self.min_entries = max(min_entries, 1)  # a phrase no day holds is never counted
        self._pages: dict[str, tuple[Mapping[str, str], ...]] = {}  # day -> its pages, counted
        self._keys: dict[str, set[str]] = {}  # day -> the phrases its pages hold
        self._holders: dict[str, set[str]] = {}  # phrase -> the days holding it
        # The phrases on at least min_entries days -> those days sorted (None: not yet sorted).
        self._kept: dict[str, tuple[str, ...] | None] = {}
        self._ranked: tuple[int, list[str]] | None = None  # (limit, keys shown) while unchanged

    def repeated(self, days: Mapping[str, Pages], limit: int = 8) -> list[Phrase]:
        """The phrases on at least min_entries of `days` (a day holds a phrase when one of its
        pages does), best first: more days, then longer, then alphabetical by key."""
        for day in [d for d in self._pages if d not in days]:
            self._count(day, set())
            del self._pages[day], self._keys[day]
        for day, pages in days.items():
            given = tuple(pages)
            before = self._pages.get(day)
            if before is not None and _same(before, given):
                continue
            self._count(day, set().union(*given))
            self._pages[day] = given
        if self._ranked is None or self._ranked[0] != limit:
            self._ranked = (limit, _best(self._sorted(), max(limit, 0)))
        kept = self._sorted()
        return [
            Phrase(_written(key, [self._pages[day] for day in kept[key]]), key, kept[key])
            for key in self._ranked[1]
        ]

    def _count(self, day: str, keys: set[str]) -> None:
        """Count `day` as holding `keys`: only the phrases that came or went are looked at."""
        before = self._keys.get(day, set())
        holders_of, kept, least = self._holders, self._kept, self.min_entries
        for key in before - keys:
            holders = holders_of[key]
            holders.discard(day)
            if key in kept:
                self._ranked = None
                if len(holders) < least:
                    del kept[key]
                else:
                    kept[key] = None
            if not holders:
                del holders_of[key]
        for key in keys - before:
            found = holders_of.get(key)
            if found is None:
                found = holders_of[key] = set()
            found.add(day)
            if len(found) >= least:
                kept[key] = None
                self._ranked = None
        self._keys[day] = keys

    def _sorted(self) -> dict[str, tuple[str, ...]]:
        kept = self._kept
        for key in [k for k, days in kept.items() if days is None]:
            kept[key] = tuple(sorted(self._holders[key]))
        return kept  # type: ignore[return-value]  # every value is sorted now


def _same(before: tuple[object, ...], given: tuple[object, ...]) -> bool:
    return len(before) == len(given) and all(a is b for a, b in zip(before, given, strict=True))


def _best(kept: Mapping[str, tuple[str, ...]], limit: int) -> list[str]:
    """The keys shown, best first: only as many are ranked as it takes to show `limit`."""
    # A bigram held by exactly the days of a trigram around it adds nothing: show the longer.
    subsumed: set[str] = set()
    for key, days in kept.items():
        words = key.split(" ")
        if len(words) == 3:
            subsumed.update(
                b for b in (" ".join(words[:2]), " ".join(words[1:])) if kept.get(b) == days
            )
    # Best first, taken off a heap one at a time, not every phrase of the vault sorted.
    ranked = [(-len(kept[k]), -k.count(" "), k) for k in kept if k not in subsumed]
    heapq.heapify(ranked)
    # "check and come back" and "let me check and come" are one phrase cut two ways: a phrase
    # that shares a word with a better-ranked one and is held by no day beyond it is left out.
    shown: list[str] = []
    while ranked and len(shown) < limit:
        # A key is judged only against those shown before it: checking every key against
        # every other would be quadratic in a vault's phrases.
        key = heapq.heappop(ranked)[2]
        key_words = set(key.split(" "))
        if not any(
            key_words & set(better.split(" ")) and set(kept[key]) <= set(kept[better])
            for better in shown
        ):
            shown.append(key)
    return shown


def _written(key: str, days: list[tuple[Mapping[str, str], ...]]) -> str:
    """How a phrase was written: a day writes it the shortest way one of its pages does (then
    the alphabetically first); the way most days write it is shown (then the first)."""
    of_day = (
        min((page[key] for page in pages if key in page), key=lambda s: (len(s), s))
        for pages in days
    )
    return min(Counter(of_day).items(), key=lambda kv: (-kv[1], kv[0]))[0]
