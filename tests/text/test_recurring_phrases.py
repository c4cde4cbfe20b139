"""Recurrence: the phrases counted for one agenda, kept for the next. Whatever the periods
counted before, the phrases found are the ones a count from nothing finds, and a period that
changed in one day costs that day."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.text import recurring_phrases
from vaultkit.text.recurring_phrases import Recurrence, repeated_phrases

WORDS = ["cold", "hands", "tired", "sam", "river", "dark"]
KEYS = [*WORDS, "cold hands", "tired hands", "cold hands again", "sam river", "river dark"]
SURFACES = {key: [key, key + " ", f"the {key}"] for key in KEYS}

page = st.dictionaries(st.sampled_from(KEYS), st.integers(0, 2), max_size=6).map(
    lambda chosen: {key: SURFACES[key][i].strip() for key, i in chosen.items()}
)
day = st.sampled_from([f"2026-11-{n:02d}" for n in range(1, 9)])


@settings(max_examples=150, deadline=None)
@given(
    min_entries=st.integers(0, 3),
    steps=st.lists(
        st.tuples(
            st.dictionaries(day, st.lists(st.integers(0, 5), min_size=1, max_size=3)),
            st.lists(page, min_size=6, max_size=6),
            st.sampled_from([0, 1, 3, 10**6]),
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_what_is_kept_from_count_to_count_finds_what_a_count_from_nothing_finds(min_entries, steps):
    """Each step is a period: days made of pages, some the very pages counted before (the same
    objects), some new ones, with the same words or other words."""
    kept = Recurrence(min_entries)
    pool: list[dict[str, str]] = []
    for days, fresh, limit in steps:
        pool = pool[:3] + fresh  # the first three are pages counted before, unchanged
        period = {d: [pool[i] for i in chosen] for d, chosen in sorted(days.items())}
        found = kept.repeated(period, limit)
        assert found == Recurrence(min_entries).repeated(period, limit)
        # Each phrase found is on exactly the days one of whose pages holds it.
        for phrase in found:
            days_holding = tuple(
                d for d, pages in period.items() if any(phrase.key in p for p in pages)
            )
            assert phrase.paths == days_holding
            assert len(days_holding) >= max(min_entries, 1)


def test_one_note_per_entry_is_one_page_per_day():
    entries = {"a": {"cold hands": "cold hands"}, "b": {"cold hands": "Cold  hands"}}
    assert repeated_phrases(entries) == Recurrence().repeated(
        {path: [phrases] for path, phrases in entries.items()}
    )


def test_a_day_is_written_the_shortest_way_and_the_period_the_way_most_days_write_it():
    period = {
        "2026-11-01": [{"afraid dark": "afraid of the dark"}, {"afraid dark": "afraid dark"}],
        "2026-11-02": [{"afraid dark": "afraid in the dark"}],
        "2026-11-03": [{"afraid dark": "afraid dark"}],
    }
    [phrase] = Recurrence().repeated(period)
    assert phrase.text == "afraid dark" and phrase.paths == tuple(period)


class CountingRecurrence(Recurrence):
    def __init__(self) -> None:
        super().__init__()
        self.days_counted: list[str] = []

    def _count(self, day: str, keys: set[str]) -> None:
        self.days_counted.append(day)
        super()._count(day, keys)


def test_an_edit_costs_its_own_day_not_the_period(monkeypatch):
    ranked = []
    best = recurring_phrases._best
    monkeypatch.setattr(recurring_phrases, "_best", lambda *a: ranked.append(a) or best(*a))
    days = [f"2026-10-{n:02d}" for n in range(1, 31)] + [f"2026-11-{n:02d}" for n in range(1, 13)]
    period = {
        d: [{f"walk {i}": f"walk {i}", "cold hands": "cold hands", f"only {d}": "x"}]
        for i, d in enumerate(days)
    }
    counted = CountingRecurrence()
    first = counted.repeated(period)
    assert len(counted.days_counted) == 42 and len(ranked) == 1
    assert first[0].key == "cold hands" and len(first[0].paths) == 42

    counted.days_counted.clear()
    assert counted.repeated(dict(period)) == first  # the same pages: nothing is counted again
    assert counted.days_counted == [] and len(ranked) == 1

    # A new line with words of no other day: that day is counted, the ranking kept.
    period["2026-11-12"] = [{**period["2026-11-12"][0], "new words": "new words"}]
    assert counted.repeated(period) == first
    assert counted.days_counted == ["2026-11-12"] and len(ranked) == 1

    # A phrase of another day comes back: ranked again, and shown.
    counted.days_counted.clear()
    period["2026-11-11"] = [{**period["2026-11-11"][0], "new words": "new words"}]
    found = counted.repeated(period)
    assert counted.days_counted == ["2026-11-11"] and len(ranked) == 2
    assert [p.key for p in found] == ["cold hands", "new words"]

    # A day leaving the period takes its phrases with it.
    counted.days_counted.clear()
    del period["2026-11-12"]
    assert [p.key for p in counted.repeated(period)] == ["cold hands"]
    assert counted.days_counted == ["2026-11-12"]


def test_what_leaves_the_period_is_forgotten():
    """The daemon counts for months: phrases of days long gone are not kept."""
    counted = Recurrence()
    for n in range(1, 29):
        counted.repeated({f"2026-02-{n:02d}": [{f"word {n}": "w", "same": "same"}]})
    counted.repeated({})
    assert counted._holders == {} and counted._kept == {}
