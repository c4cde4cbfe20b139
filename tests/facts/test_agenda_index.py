"""The agenda index gives the same agenda as reading every note, while notes come and go."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from support.bench import load_generator
from support.paths import EXAMPLE
from support.vaults import copy_vault
from vaultkit.facts.agenda import build_agenda
from vaultkit.facts.agenda_index import AgendaIndex
from vaultkit.settings.config import Config, load_config
from vaultkit.store.vault import load_vault
from vaultkit.text.note import parse_note

DAYS = [dt.date(2026, 11, d) for d in (1, 12, 13, 19, 20, 22, 26, 30)] + [dt.date(2031, 1, 1)]


def indexed_agenda(index, config, today):
    """The agenda as the pass builds it: from the index's inputs, the rest only counted."""
    found = index.inputs(today, config.agenda_window_days, config.agenda_still_open)
    return build_agenda(
        found.notes,
        config,
        today,
        titles=index.titles,
        settled=found.earlier,
        open_more=found.open_more,
    )


def both(vault, today):
    everything = build_agenda(list(vault.notes.values()), vault.config, today)
    return everything, indexed_agenda(vault.agenda_index, vault.config, today)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated") / "vault"
    load_generator().generate(root, 400, seed=3)
    return root


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_example_vault(tmp_path, today):
    root = copy_vault(EXAMPLE, tmp_path / "v")
    config, _ = load_config(root)
    everything, indexed = both(load_vault(root, config), today)
    assert indexed == everything


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 11, 22), dt.date(2026, 11, 19), dt.date(2020, 3, 5), dt.date(1999, 1, 1)],
    ids=str,
)
def test_a_generated_vault_of_years_of_pages(generated, today):
    config, _ = load_config(generated)
    vault = load_vault(generated, config)
    everything, indexed = both(vault, today)
    assert indexed == everything
    if today.year == 2026:  # a vault with sessions before today
        assert len(vault.agenda_index.inputs(today).notes) < len(vault.notes) / 2  # a part, not all


def test_notes_removed_and_added_in_any_order(generated):
    config, _ = load_config(generated)
    vault = load_vault(generated, config)
    notes, states = dict(vault.notes), dict(vault.files)
    rng = random.Random(7)
    paths = sorted(notes)
    today = dt.date(2026, 11, 22)
    for round_ in range(40):
        for path in rng.sample(paths, 25):  # sessions, open tasks, recent pages, old pages
            if path in vault.notes:
                vault.forget(path)
            else:
                vault.put(path, states[path], notes[path])
        kept = list(vault.notes.values())
        assert indexed_agenda(vault.agenda_index, config, today) == build_agenda(
            kept, config, today
        ), f"round {round_}"


def test_a_fresh_index_equals_one_built_note_by_note(generated):
    config, _ = load_config(generated)
    vault = load_vault(generated, config)
    fresh = AgendaIndex(config.agenda_note)
    for note in sorted(vault.notes.values(), key=lambda n: n.path, reverse=True):
        fresh.add(note)
    today = dt.date(2026, 11, 22)
    assert sorted(n.path for n in fresh.inputs(today).notes) == sorted(
        n.path for n in vault.agenda_index.inputs(today).notes
    )
    assert fresh.titles == vault.agenda_index.titles


@pytest.fixture(scope="module")
def long_history(tmp_path_factory):
    root = tmp_path_factory.mktemp("long") / "vault"
    load_generator().generate(root, 1200, seed=5, kind="long-history")
    return root


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 11, 22), dt.date(2026, 11, 1), dt.date(2025, 2, 28), dt.date(2031, 1, 1)],
    ids=str,
)
def test_years_of_pages_and_no_session_read_the_window_and_what_is_open(long_history, today):
    """No session recorded: the pass reads the window's notes and those with a task open, and
    only counts the rest, and the agenda is the same as from every note."""
    config, _ = load_config(long_history)
    vault = load_vault(long_history, config)
    everything, indexed = both(vault, today)
    assert indexed == everything
    assert everything.earlier > 0  # the old items the window leaves out were counted
    if today > dt.date(2026, 11, 21):  # after the last page: the window is at the end
        inputs = vault.agenda_index.inputs(
            today, config.agenda_window_days, config.agenda_still_open
        ).notes
        assert len(inputs) < len(vault.notes) / 2, (len(inputs), len(vault.notes))


def test_no_session_while_notes_come_and_go(long_history):
    config, _ = load_config(long_history)
    vault = load_vault(long_history, config)
    notes, states = dict(vault.notes), dict(vault.files)
    rng = random.Random(11)
    paths = sorted(notes)
    today = dt.date(2026, 11, 22)
    for round_ in range(30):
        for path in rng.sample(paths, 40):
            if path in vault.notes:
                vault.forget(path)
            else:
                vault.put(path, states[path], notes[path])
        assert indexed_agenda(vault.agenda_index, config, today) == build_agenda(
            list(vault.notes.values()), config, today
        ), f"round {round_}"


@pytest.mark.parametrize("still_open", [0, 1, 3, 25])
def test_only_the_newest_open_tasks_are_read_and_the_rest_counted(long_history, still_open):
    """Before the window, only the notes holding the newest `still_open` open tasks are read;
    the agenda is the same as from every note, its folds counting the rest."""
    config, _ = load_config(long_history)
    config = dataclasses.replace(config, agenda_still_open=still_open)
    vault = load_vault(long_history, config)
    today = dt.date(2026, 11, 22)
    everything, indexed = both(vault, today)
    assert indexed == everything
    assert everything.still_open_more > 0
    found = vault.agenda_index.inputs(today, config.agenda_window_days, still_open)
    start = today - dt.timedelta(days=config.agenda_window_days - 1)
    older = [n for n in found.notes if n.date < start]
    # Each older note read holds an open task, and all but the last were needed to reach
    # `still_open` of them: the read does not grow with the years of pages before.
    assert len(older) <= still_open + 1
    assert all(any(i.is_task and not i.done for i in n.items) for n in older)


def test_what_is_read_does_not_grow_with_the_years_before_it(long_history):
    """Dropping every note older than what the agenda reads changes neither what it reads
    nor, beyond the counts of what was dropped, the agenda."""
    config, _ = load_config(long_history)
    vault = load_vault(long_history, config)
    today = dt.date(2026, 11, 22)
    window, shown = config.agenda_window_days, config.agenda_still_open
    before = vault.agenda_index.inputs(today, window, shown)
    oldest = min(n.date for n in before.notes)
    for path in [p for p, n in vault.notes.items() if n.date < oldest]:
        vault.forget(path)
    after = vault.agenda_index.inputs(today, window, shown)
    assert sorted(n.path for n in after.notes) == sorted(n.path for n in before.notes)
    assert after.earlier + after.open_more < before.earlier + before.open_more


def test_reference_notes_dated_today_by_their_mtime_are_not_read(long_history):
    """A clone, a restore or a sync dates every undated note "today": those holding no item
    say nothing to the agenda, and however many there are, an edit does not read them."""
    config, _ = load_config(long_history)
    vault = load_vault(long_history, config)
    today = dt.date(2026, 11, 22)
    idle = [n for n in vault.notes.values() if n.date_source == "mtime" and not n.items]
    assert len(idle) > 20 and all(n.date >= today for n in idle)  # "today", or later
    found = vault.agenda_index.inputs(today, config.agenda_window_days, config.agenda_still_open)
    assert not {n.path for n in idle} & {n.path for n in found.notes}
    everything, indexed = both(vault, today)
    assert indexed == everything


def test_a_title_shared_with_a_note_that_is_no_entry_links_by_path():
    """Two notes called 2026-11-03, one of them a review (no entry of the period): a link by
    title would be ambiguous, so the entry is linked by its path, whether the agenda is
    built from every note or from the index."""
    config = Config()
    texts = {
        "Journal/2026-11-03.md": "Long day at #work\n",
        "Journal/2026-11-04.md": "#work again\n",
        f"{config.reviews_folder}/2026-11-03.md": "A review.\n",
    }
    notes = [parse_note(p, t.encode(), 0, config.note_rules) for p, t in texts.items()]
    index = AgendaIndex(config.agenda_note)
    for note in notes:
        index.add(note)
    today = dt.date(2026, 11, 5)
    everything = build_agenda(notes, config, today)
    assert indexed_agenda(index, config, today) == everything
    (work,) = [r for r in everything.repeated if r.name == "#work"]
    assert "[[Journal/2026-11-03]]" in work.entries
