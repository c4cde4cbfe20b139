"""The library API (`import vaultkit`) does what the command does: the same bytes on disk."""

from __future__ import annotations

import datetime as dt

import vaultkit
from support.paths import EXAMPLE
from support.vaults import copy_vault, tree_bytes

DAY = dt.date(2026, 11, 22)


def test_run_pass_writes_the_same_bytes_as_vaultkit_run(tmp_path, cli):
    by_command = copy_vault(EXAMPLE, tmp_path / "command")
    by_library = copy_vault(EXAMPLE, tmp_path / "library")

    result = cli("--vault", str(by_command), "--today", DAY.isoformat(), "run")
    report = vaultkit.run_pass(by_library, DAY)

    assert report.actions, "the pass did nothing: the comparison would prove nothing"
    assert tree_bytes(by_library) == tree_bytes(by_command)
    assert result.exit_code == (1 if report.trouble else 0), result.output
    for action in report.actions:
        assert str(action) in result.output


def test_read_config_and_load_vault_see_the_vault_as_the_command_does(tmp_path, cli):
    vault_dir = copy_vault(EXAMPLE, tmp_path / "v")
    config = vaultkit.read_config(vault_dir)
    assert config.schedule == "weekly:thu"  # from the example's vaultkit.toml

    vault = vaultkit.load_vault(vault_dir)
    assert vault.config == config
    assert f"{config.daily_folder}/2026-11-20.md" in vault.files
    assert config.agenda_note not in vault.files

    vaultkit.run_pass(vault_dir, DAY)
    assert config.agenda_note in vaultkit.load_vault(vault_dir).files


def test_a_dry_run_prints_diffs_and_writes_nothing(tmp_path, capsys):
    vault_dir = copy_vault(EXAMPLE, tmp_path / "v")
    before = tree_bytes(vault_dir)
    vaultkit.run_pass(vault_dir, DAY, dry_run=True)
    assert tree_bytes(vault_dir) == before
    assert "+++ b/Next session.md" in capsys.readouterr().out
