"""Finding the vault: --vault, else $VAULTKIT_VAULT, else the nearest folder that is one."""

from __future__ import annotations

from pathlib import Path

from vaultkit.settings.discovery import find_vault

# --- finding the vault ----------------------------------------------------------------------


def test_find_vault_explicit_wins(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    found = find_vault("/some/where", {"VAULTKIT_VAULT": "/env/vault"}, tmp_path)
    assert found == Path("/some/where")


def test_find_vault_env_before_parents(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    assert find_vault(None, {"VAULTKIT_VAULT": "/env/vault"}, tmp_path) == Path("/env/vault")


def test_find_vault_empty_explicit_and_env_fall_through(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    assert find_vault("", {"VAULTKIT_VAULT": ""}, tmp_path) == tmp_path


def test_find_vault_nearest_parent_with_obsidian_folder(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    inner = tmp_path / "Journal" / "2026"
    inner.mkdir(parents=True)
    assert find_vault(None, {}, inner) == tmp_path


def test_find_vault_nearest_parent_with_toml(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    nested = tmp_path / "sub"
    (nested / "deeper").mkdir(parents=True)
    (nested / "vaultkit.toml").write_text("")
    assert find_vault(None, {}, nested / "deeper") == nested


def test_find_vault_ignores_obsidian_file_and_toml_folder(tmp_path):
    (tmp_path / ".obsidian").write_text("not a folder")
    (tmp_path / "vaultkit.toml").mkdir()
    assert find_vault(None, {}, tmp_path) is None


def test_find_vault_none_without_markers(tmp_path):
    assert not any(
        (p / ".obsidian").is_dir() or (p / "vaultkit.toml").is_file() for p in tmp_path.parents
    )  # precondition of this test
    assert find_vault(None, {}, tmp_path) is None
