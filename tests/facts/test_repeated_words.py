"""Phrases that came back on two days or more: a day's pages read as one, whichever way each
page wrote a phrase, the shortest way standing for the day."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.facts.repeated import repeated_words
from vaultkit.settings.config import Config
from vaultkit.text.note import parse_note
from vaultkit.text.phrases import EntryText
from vaultkit.text.recurring_phrases import repeated_phrases

KEYS = ["tight chest", "cold hands", "bus late", "call mum", "tight chest again"]
SURFACES = {
    "tight chest": ["tight chest", "tight in the chest", "tight, chest"],
    "cold hands": ["cold hands", "cold, cold hands"],
    "bus late": ["bus late", "bus was late", "bus so late"],
    "call mum": ["call mum", "call my mum"],
    "tight chest again": ["tight chest again", "tight chest, again"],
}

PAGE = st.tuples(
    st.integers(0, 5),  # day
    st.dictionaries(
        st.sampled_from(KEYS), st.integers(0, 2), min_size=0, max_size=len(KEYS)
    ),  # key -> which surface
)


def reference(pages: dict[str, tuple[dt.date, dict[str, str]]]) -> list:
    """Each day's pages merged key by key, the shortest surface kept: the rule as first
    written, one dict per day."""
    days: dict[str, dict[str, str]] = {}
    for path in sorted(pages):
        day = days.setdefault(pages[path][0].isoformat(), {})
        for key, surface in pages[path][1].items():
            old = day.get(key)
            if old is None or (len(surface), surface) < (len(old), old):
                day[key] = surface
    return repeated_phrases(dict(sorted(days.items())))


@settings(max_examples=150, deadline=None)
@given(st.lists(PAGE, max_size=14))
def test_a_day_of_many_pages_reads_as_one(drawn):
    config = Config()
    notes, texts, pages = [], {}, {}
    for number, (offset, chosen) in enumerate(drawn):
        day = dt.date(2026, 11, 10) + dt.timedelta(days=offset)
        path = f"Free writing/{day} page {number}.md"
        notes.append(parse_note(path, b"words\n", 0, config.note_rules))
        phrases = {key: SURFACES[key][which % len(SURFACES[key])] for key, which in chosen.items()}
        texts[path] = EntryText(phrases)
        pages[path] = (notes[-1].date, phrases)
    links = {note.path: note.path[:-3] for note in notes}
    found = repeated_words(notes, texts, links)
    expected = reference(pages)
    assert [(r.name, r.count) for r in found] == [(f'"{p.text}"', len(p.paths)) for p in expected]
