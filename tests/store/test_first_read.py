"""A first read begun before the command imports the rest of vaultkit (store/first_read.py)
leaves the vault exactly as a read begun by load_vault does; a read begun and not taken up is
let go, helpers and all, and loses nothing."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.bench import load_generator
from support.reads import read_notes, vault_to_read
from vaultkit.settings.config import load_config
from vaultkit.store import first_read, helper_pool, parallel_read
from vaultkit.store.first_read import begin_first_read
from vaultkit.store.vault import Vault, load_vault
from vaultkit.store.walk import walk_vault


@pytest.fixture(scope="module")
def vault_root(tmp_path_factory) -> Path:
    return vault_to_read(tmp_path_factory.mktemp("first-read") / "vault", 900, seed=4)


@pytest.fixture
def helpers_for_small_vaults(monkeypatch):
    """Helpers for a vault of a few hundred notes, as for one of thousands; counted."""
    monkeypatch.setattr(helper_pool, "MIN_NOTES", 100)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    made: list[int] = []
    real = helper_pool.new_pool
    monkeypatch.setattr(helper_pool, "new_pool", lambda n, **how: made.append(n) or real(n, **how))
    monkeypatch.setattr(parallel_read, "new_pool", helper_pool.new_pool)
    yield made
    helper_pool.release_ahead()  # whatever a failing test left begun
    parallel_read._begun.clear()


def same_vault(one: Vault, other: Vault) -> None:
    assert list(one.notes) == list(other.notes)  # in the same order, too
    assert one.notes == other.notes
    assert one.files == other.files
    assert one.skipped == other.skipped
    assert (one.conflicts, one.temps) == (other.conflicts, other.temps)


def test_a_read_begun_ahead_is_taken_up_and_reads_what_one_process_reads(
    vault_root, helpers_for_small_vaults, monkeypatch
):
    made = helpers_for_small_vaults
    config, _ = load_config(vault_root)
    alone = load_vault(vault_root, config)
    taken: list[object] = []
    real_take = parallel_read._take_begun
    monkeypatch.setattr(
        parallel_read, "_take_begun", lambda *args: taken.append(real_take(*args)) or taken[-1]
    )
    walk = begin_first_read(vault_root, config)
    assert parallel_read._begun and helper_pool._held  # begun, and held until taken up
    shared = load_vault(vault_root, config, parallel=True, walk=walk)
    assert len(taken) == 1 and taken[0] is not None  # the read begun read the vault
    assert made == [1]  # and no other helpers were started for it
    assert not parallel_read._begun and not helper_pool._held
    same_vault(shared, alone)
    assert "Journal/aaa not utf8.md" in shared.skipped


def test_a_read_begun_for_other_settings_is_let_go_and_the_vault_read_afresh(
    vault_root, helpers_for_small_vaults
):
    """The settings changed between the walk and the read (another agenda tag): what the
    helpers read by the old ones is not used."""
    config, _ = load_config(vault_root)
    walk = begin_first_read(vault_root, config)
    (begun,) = [work for _, work in parallel_read._begun]
    other = dataclasses.replace(config, agenda_tags=("later",))
    shared = load_vault(vault_root, other, parallel=True, walk=walk)
    assert begun.stopping() and begun.pool is not None and begun.pool._shutdown_thread
    same_vault(shared, load_vault(vault_root, other))
    assert not parallel_read._begun and not helper_pool._held


def test_a_read_begun_for_other_notes_is_let_go(vault_root, helpers_for_small_vaults):
    """A note made between the walk and the read: the read of the walk's notes is not the
    one asked for."""
    config, _ = load_config(vault_root)
    walk = begin_first_read(vault_root, config)
    (begun,) = [work for _, work in parallel_read._begun]
    rels = walk.notes[:-1]
    found = read_notes(vault_root, rels, 1)
    assert [rel for rel, _, _ in found] == rels
    assert begun.stopping()


def test_a_read_begun_and_never_taken_up_is_let_go_with_the_helpers(
    vault_root, helpers_for_small_vaults
):
    config, _ = load_config(vault_root)
    begin_first_read(vault_root, config)
    (begun,) = [work for _, work in parallel_read._begun]
    helper_pool.release_ahead()
    assert begun.stopping() and begun.pool is not None and begun.pool._shutdown_thread
    assert begun.starter is not None
    begun.starter.join(timeout=30)
    assert not begun.starter.is_alive()  # hands out no more chunks
    parallel_read._begun.clear()


def test_a_small_vault_is_walked_once_and_read_by_one_process(
    vault_root, helpers_for_small_vaults, monkeypatch
):
    monkeypatch.setattr(helper_pool, "MIN_NOTES", 100_000)
    config, _ = load_config(vault_root)
    walk = begin_first_read(vault_root, config)
    assert walk.notes == walk_vault(vault_root).notes
    assert not parallel_read._begun and helpers_for_small_vaults == []
    walked = []
    monkeypatch.setattr(
        "vaultkit.store.vault.walk_vault", lambda root: walked.append(root) or walk_vault(root)
    )
    same_vault(load_vault(vault_root, config, walk=walk), load_vault(vault_root, config))
    assert len(walked) == 1  # the second load only: the first took the walk it was given


def test_a_run_begins_its_first_read_before_the_pass_and_only_then(monkeypatch, cli, tmp_path):
    root = tmp_path / "v"
    load_generator().generate(root, 60, seed=3)
    begun = []
    real = first_read.begin_first_read
    monkeypatch.setattr(
        first_read, "begin_first_read", lambda *args: begun.append(args[0]) or real(*args)
    )
    args = ("--vault", str(root), "--today", "2026-11-22", "run")
    assert cli(*args).exit_code == 0
    assert begun == [root]
    (root / "Journal/2026-11-21.md").write_text("changed #next\n", "utf-8")
    assert cli(*args).exit_code == 0
    assert begun == [root]  # the index is there: only what changed is read


CTRL_C_WHILE_IMPORTING = """
import sys
from vaultkit.store import helper_pool

helper_pool.MIN_NOTES = 10


def interrupted(*args, **kwargs):
    raise KeyboardInterrupt  # Ctrl-C while the app is imported, the read begun


import vaultkit.app.tend

vaultkit.app.tend.compile_layouts_ahead = interrupted
from vaultkit.cli import main

main(["--vault", sys.argv[1], "--today", "2026-11-22", "run"], prog_name="vaultkit")
"""


def test_a_ctrl_c_after_the_read_began_lets_it_go_quietly(vault_root, tmp_path):
    """A Ctrl-C between the read begun and the read taken up: the helpers, in the middle of
    their chunks, are let go with the command, and it says only "Aborted!"."""
    done = subprocess.run(
        [sys.executable, "-c", CTRL_C_WHILE_IMPORTING, str(vault_root)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, VAULTKIT_CACHE_DIR=str(tmp_path / "cache")),
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "Aborted!"


def test_a_walk_of_another_folder_is_not_taken_for_the_vaults(vault_root):
    config, _ = load_config(vault_root)
    inner = vault_root / "People"
    outer_walk = walk_vault(vault_root)
    assert outer_walk.root == vault_root and walk_vault(vault_root, "People").root == inner
    same_vault(load_vault(inner, config, walk=outer_walk), load_vault(inner, config))


def test_a_run_reads_the_folder_it_stamped_though_a_nearer_one_becomes_a_vault(
    monkeypatch, cli, tmp_path
):
    """Started in a folder of the vault (no --vault), a run finds the vault above it; a
    `.obsidian` made in the folder it started from while it runs does not send its read
    there, with the walk of the vault above."""
    root, plain = tmp_path / "v", tmp_path / "plain"
    load_generator().generate(root, 60, seed=3)
    load_generator().generate(plain, 60, seed=3)
    assert cli("--vault", str(plain), "--today", "2026-11-22", "run").exit_code == 0
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    monkeypatch.chdir(root / "People")
    real = first_read.begin_first_read

    def begun_then_a_vault_nearer(at: Path, config):
        walk = real(at, config)
        (root / "People" / ".obsidian").mkdir()
        return walk

    monkeypatch.setattr(first_read, "begin_first_read", begun_then_a_vault_nearer)
    done = cli("--today", "2026-11-22", "run")
    assert done.exit_code == 0, done.output
    assert not (root / "People" / "Next session.md").exists()
    agenda = (root / "Next session.md").read_bytes()
    assert agenda == (plain / "Next session.md").read_bytes()  # the whole vault's agenda
