"""Which phrases recur across notes, for the "What repeated" section of the agenda: the
phrases of each note (phrases.note_phrases) in, the few worth showing out, best first."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    text: str  # the surface shown: the most common surface across entries, ties -> alphabetically first
    key: str
    paths: tuple[str, ...]  # the notes holding it, sorted


def repeated_phrases(
    entries: Mapping[str, Mapping[str, str]], *, min_entries: int = 2, limit: int = 8
) -> list[Phrase]:
    """entries: note path -> note_phrases(...) of that note.

    The phrases found in at least min_entries notes, best first: more notes, then longer,
    then alphabetical by key.
    """
    # Most phrases are in one note only: they are counted in C (Counter.update, set
    # intersection) and never looked at one by one.
    counts: Counter[str] = Counter()
    for phrases in entries.values():
        counts.update(phrases.keys())
    wanted = {key for key, count in counts.items() if count >= min_entries}
    paths_of: dict[str, list[str]] = defaultdict(list)
    for path, phrases in entries.items():
        for key in wanted.intersection(phrases.keys()):
            paths_of[key].append(path)
    kept = {key: tuple(sorted(ps)) for key, ps in paths_of.items()}
    # A bigram held by exactly the notes of a trigram around it adds nothing: show the longer.
    subsumed: set[str] = set()
    for key, paths in kept.items():
        words = key.split(" ")
        if len(words) == 3:
            subsumed.update(
                b for b in (" ".join(words[:2]), " ".join(words[1:])) if kept.get(b) == paths
            )
    # Best first, taken off a heap one at a time: only as many are ranked as it takes to
    # show `limit`, not every phrase of the vault.
    ranked = [(-len(kept[k]), -k.count(" "), k) for k in kept if k not in subsumed]
    heapq.heapify(ranked)
    # "check and come back" and "let me check and come" are one phrase cut two ways: a phrase
    # that shares a word with a better-ranked one and is held by no note beyond it is left out.
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
    return [
        Phrase(
            # How each was written is counted only for the few shown.
            text=min(
                Counter(entries[path][key] for path in kept[key]).items(),
                key=lambda kv: (-kv[1], kv[0]),
            )[0],
            key=key,
            paths=kept[key],
        )
        for key in shown
    ]
