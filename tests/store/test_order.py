"""The agenda is a pure function of the vault: the same bytes whatever order the files are read
in (file systems list folders in any order, and two synced devices must agree)."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vaultkit.store.vault
from support.bench import load_generator
from support.paths import EXAMPLE
from support.vaults import age_tree
from vaultkit.app.tend import run_all
from vaultkit.app.tender import Tender
from vaultkit.settings.config import load_config
from vaultkit.store.vault import load_vault

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    generated = tmp_path_factory.mktemp("generated") / "vault"
    load_generator().generate(generated, 150, seed=5)
    crowded = tmp_path_factory.mktemp("crowded") / "vault"
    for index, folder in enumerate(
        [
            "Journal",
            "Emotions",
            "Letters",
            "Free writing",
            "People",
            "Dreams",
            "Thought records",
            "Notes",
        ]
    ):
        note = crowded / folder / f"2026-11-20 {folder.lower()}.md"
        note.parent.mkdir(parents=True, exist_ok=True)
        # The same day, tags and links in every note: ties everywhere the agenda sorts.
        note.write_text(
            f"---\nmood: {index % 5 + 3}\n---\n- [ ] item {index} #next\n"
            f"- said in {folder} #next/urgent #sleep [[Sam]] [[Mum]]\n",
            "utf-8",
        )
    return {"example": EXAMPLE, "generated": generated, "crowded": crowded}


def agenda_after_a_run(source: Path, work: Path, order_seed: int | None, monkeypatch) -> bytes:
    """Run one pass over a copy of `source`, its files read in a shuffled order."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work)
    age_tree(work)  # outside the quiet period, so the agenda is written
    real_walk = vaultkit.store.vault.walk_vault

    def shuffled_walk(root, under=""):
        walk = real_walk(root, under)
        if order_seed is not None:
            random.Random(order_seed).shuffle(walk.notes)
        return walk

    monkeypatch.setattr(vaultkit.store.vault, "walk_vault", shuffled_walk)
    config, _ = load_config(work)
    run_all(Tender(load_vault(work, config), TODAY))
    return (work / config.agenda_note).read_bytes()


# monkeypatch is used through a fresh context in each example, so sharing the fixture is safe.
@pytest.mark.long
@settings(
    max_examples=18, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order_seed=st.integers(0, 2**32 - 1), which=st.sampled_from(["example", "generated", "crowded"])
)
def test_the_agenda_does_not_depend_on_reading_order(
    sources, tmp_path_factory, monkeypatch, order_seed, which
):
    base = tmp_path_factory.mktemp("order")
    with monkeypatch.context() as patch:
        sorted_bytes = agenda_after_a_run(sources[which], base / "sorted", None, patch)
    with monkeypatch.context() as patch:
        shuffled_bytes = agenda_after_a_run(sources[which], base / "shuffled", order_seed, patch)
    assert shuffled_bytes == sorted_bytes
