"""Every folder, note and template a setting names must stay inside the vault."""

from __future__ import annotations

import pytest

from support.settings_files import DAILY_JSON, config_error, put
from vaultkit.settings.config import load_config

# --- paths that would leave the vault -------------------------------------------------------


@pytest.mark.parametrize(
    "text, line",
    [
        ('[daily]\nfolder = "../Journal"\n', 2),
        ('[daily]\nfolder = "Journal/../../x"\n', 2),
        ('[daily]\nfolder = "C:/Users/me"\n', 2),
        ('[templates]\nfolder = "../Templates"\n', 2),
        ('[sessions]\nfolder = "../Sessions"\n', 2),
        ('[daily]\ntemplate = "../evil"\n', 2),
        ('[daily]\ntemplate = "/etc/evil"\n', 2),
        ('[agenda]\nnote = "/tmp/Next session.md"\n', 2),
        ('[agenda]\nnote = "../Next session.md"\n', 2),
        ('[prompts]\n"../Out" = "dream"\n', 2),
        ('[prompts]\nLetters = "../x"\n', 2),
    ],
)
def test_paths_outside_the_vault_are_config_errors(tmp_path, text, line):
    put(tmp_path, "vaultkit.toml", text)
    error = config_error(tmp_path)
    assert error.line == line
    assert "points outside the vault" in str(error)


def test_agenda_note_outside_vault_without_md_names_its_line(tmp_path):
    put(tmp_path, "vaultkit.toml", '[agenda]\nnote = "../Next"\n')
    assert config_error(tmp_path).line == 2


def test_path_error_names_the_setting_line_not_a_comment(tmp_path):
    put(tmp_path, "vaultkit.toml", '# was ../Journal before\n[daily]\nfolder = "../Journal"\n')
    assert config_error(tmp_path).line == 3


def test_absolute_folder_in_toml_is_a_config_error(tmp_path):
    put(tmp_path, "vaultkit.toml", '[daily]\nfolder = "/home/me/Journal"\n')
    config_error(tmp_path)


def test_obsidian_json_path_outside_vault_names_the_json_file(tmp_path):
    put(tmp_path, DAILY_JSON, {"folder": "../elsewhere"})
    error = config_error(tmp_path)
    assert error.file == DAILY_JSON
    assert str(error) == f"{DAILY_JSON}: '../elsewhere' points outside the vault"


def test_folder_symlink_leading_out_of_the_vault_is_a_config_error(tmp_path):
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    vault.mkdir()
    outside.mkdir()
    (vault / "Days").symlink_to(outside, target_is_directory=True)
    put(vault, "vaultkit.toml", '[daily]\nfolder = "Days"\n')
    error = config_error(vault)
    assert error.line == 2
    assert "'Days' points outside the vault" in str(error)


def test_default_folder_symlink_leading_out_is_a_config_error(tmp_path):
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    vault.mkdir()
    outside.mkdir()
    (vault / "Journal").symlink_to(outside, target_is_directory=True)
    error = config_error(vault)
    assert error.file == "built-in default"


def test_folder_symlink_inside_the_vault_is_fine(tmp_path):
    (tmp_path / "Real").mkdir()
    (tmp_path / "Days").symlink_to(tmp_path / "Real", target_is_directory=True)
    put(tmp_path, "vaultkit.toml", '[daily]\nfolder = "Days"\n')
    assert load_config(tmp_path)[0].daily_folder == "Days"


def test_vault_root_as_daily_folder_is_allowed(tmp_path):
    put(tmp_path, "vaultkit.toml", '[daily]\nfolder = "/"\n')
    assert load_config(tmp_path)[0].daily_folder == ""
