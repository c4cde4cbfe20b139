"""The settings table is the one source of truth: the Config dataclass, as_dict, the file
`vaultkit init` writes, `vaultkit doctor`'s sources and the docs all agree with it; and
vaultkit.toml is read once per load."""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from pathlib import Path

import pytest

from support.paths import ROOT
from vaultkit.render.settings_file import commented_toml
from vaultkit.settings.config import Config, load_config
from vaultkit.settings.errors import ConfigError
from vaultkit.settings.table import CONFIG_NAME, SECTIONS, SETTINGS, TOP_LEVEL

TODAY = ["--today", "2026-11-22"]
DAILY_JSON = ".obsidian/daily-notes.json"


def test_the_dataclass_has_exactly_the_table_s_settings_and_defaults():
    own = [f.name for f in dataclasses.fields(Config) if f.name not in ("sources", "toml_lines")]
    assert sorted(own) == sorted(s.field for s in SETTINGS)
    assert len({s.field for s in SETTINGS}) == len(SETTINGS)
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)
    defaults = Config()
    for setting in SETTINGS:
        assert getattr(defaults, setting.field) == setting.default, setting.field


def test_as_dict_lists_every_setting_in_the_table_s_order():
    names = []
    for table, values in Config().as_dict().items():
        fixed = table in SECTIONS and all(s.key for s in SECTIONS[table])
        names += [f"{table}.{key}" for key in values] if fixed else [table]
    assert names == [s.name for s in SETTINGS]


def test_the_commented_file_is_the_docs_example_and_reads_as_toml():
    text = commented_toml(Config())
    page = (ROOT / "docs" / "settings.md").read_text("utf-8")
    shown = page.split("## What `vaultkit init` writes", 1)[1].split("```toml\n", 1)[1]
    assert shown.split("```", 1)[0] == text
    # The settings' lines, uncommented (each ends with its source), read back as TOML.
    uncommented = "\n".join(
        line[2:] for line in text.splitlines() if line.startswith("# [") or "  # " in line
    )
    assert tomllib.loads(uncommented) == json.loads(json.dumps(Config().as_dict()))


def test_the_commented_file_names_each_value_s_source(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / DAILY_JSON).write_text(json.dumps({"folder": "Diary"}))
    (tmp_path / CONFIG_NAME).write_text("quiet_seconds = 2.5\n[mood]\nscale = 5\n")
    text = commented_toml(load_config(tmp_path)[0])
    assert "# quiet_seconds = 2.5  # vaultkit.toml\n" in text
    assert '# folder = "Diary"  # .obsidian/daily-notes.json\n' in text
    assert "# scale = 5  # vaultkit.toml\n" in text
    assert '# format = "YYYY-MM-DD"  # built-in default\n' in text


def test_every_setting_is_in_the_docs_table_with_its_default():
    page = (ROOT / "docs" / "settings.md").read_text("utf-8")
    table = page.split("| setting | default | what it means |", 1)[1].split("\n\n", 1)[0]
    rows = [line.split(" | ")[:2] for line in table.strip().splitlines()[1:]]
    documented = [row[0].strip("| `") for row in rows]
    named = [
        s.key if s.section is None else f"[{s.section}]" + (f" {s.key}" if s.key else "")
        for s in TOP_LEVEL + tuple(s for group in SECTIONS.values() for s in group)
    ]
    assert documented == named


# --- vaultkit.toml is read once -------------------------------------------------------------


@pytest.fixture
def toml_reads(monkeypatch):
    """How often vaultkit.toml is opened, by any pathlib read (read_bytes and read_text open it
    through Path.open)."""
    reads: list[Path] = []
    opened = Path.open

    def counting(self: Path, mode: str = "r", *args, **kwargs):
        if self.name == CONFIG_NAME and not set(mode) & set("wax+"):
            reads.append(self)
        return opened(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting)
    return reads


def test_one_run_reads_vaultkit_toml_once(cli, vault, toml_reads):
    (vault / CONFIG_NAME).write_text('quiet_seconds = 0\n[daily]\nfolder = "Journal"\n')
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code in (0, 1), result.output
    assert len(toml_reads) == 1


@pytest.mark.parametrize(
    "text", ['[daily]\nfolder = "../Journal"\n', '[agenda]\nnote = "/tmp/Next session.md"\n']
)
def test_a_path_error_reads_vaultkit_toml_once_and_names_its_line(tmp_path, toml_reads, text):
    (tmp_path / CONFIG_NAME).write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.line == 2
    assert len(toml_reads) == 1


# --- doctor: where each setting comes from --------------------------------------------------


def _settings_lines(text: str) -> list[str]:
    section = text.split("settings in force:\n", 1)[1].split("\ntemplates: ", 1)[0]
    return [line for line in section.splitlines() if not line.startswith("  (from ")]


def test_doctor_names_each_setting_s_source_and_its_settings_read_as_toml(cli, vault):
    (vault / DAILY_JSON).write_text(json.dumps({"format": "DD-MM-YYYY"}))
    (vault / CONFIG_NAME).write_text(
        '# mine\nquiet_seconds = 0\n\n[daily]\nfolder = "Journal"\n[prompts]\n'
        '"Free writing" = "free-writing"\n'
    )
    text = cli("--vault", str(vault), *TODAY, "doctor").output
    lines = _settings_lines(text)
    assert '  daily.folder = "Journal"  # from vaultkit.toml line 5' in lines
    assert '  daily.format = "DD-MM-YYYY"  # from .obsidian/daily-notes.json' in lines
    assert '  daily.template = "daily"  # built-in default' in lines
    assert "  quiet_seconds = 0  # from vaultkit.toml line 2" in lines
    assert '  prompts."Free writing" = "free-writing"  # from vaultkit.toml line 6' in lines
    assert "  (from .obsidian/daily-notes.json, vaultkit.toml; the rest built in)" in text
    assert len(lines) == len(SETTINGS)  # one line a setting; [prompts] here holds one folder
    facts = json.loads(cli("--vault", str(vault), *TODAY, "doctor", "--json").output)
    assert tomllib.loads("\n".join(lines)) == facts["settings"]
    assert facts["setting_sources"]["daily.folder"] == "vaultkit.toml line 5"
    assert set(facts["setting_sources"]) == {s.name for s in SETTINGS}


def test_doctor_quotes_only_the_keys_toml_needs_quoted(cli, vault):
    (vault / CONFIG_NAME).write_text('[prompts]\n"Träume" = "dream"\nLetters = "unsent-letter"\n')
    lines = _settings_lines(cli("--vault", str(vault), *TODAY, "doctor").output)
    assert '  prompts."Träume" = "dream"  # from vaultkit.toml line 1' in lines
    assert '  prompts.Letters = "unsent-letter"  # from vaultkit.toml line 1' in lines
    assert re.search(r"^  agenda\.tags = \[\"next\"\]  # built-in default$", "\n".join(lines), re.M)
