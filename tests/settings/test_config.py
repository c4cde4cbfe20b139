"""Settings in force: vaultkit.toml over Obsidian's config over built-in defaults."""

from __future__ import annotations

from support.settings_files import DAILY_JSON, PERIODIC_JSON, TEMPLATES_JSON, put
from vaultkit.settings.config import Config, load_config
from vaultkit.settings.table import DEFAULT_PROMPT_FOLDERS

# --- defaults -------------------------------------------------------------------------------


def test_empty_vault_gets_builtin_defaults(tmp_path):
    config, warnings = load_config(tmp_path)
    assert config.daily_folder == "Journal"
    assert config.daily_format == "YYYY-MM-DD"
    assert config.daily_template == "daily"
    assert config.templates_folder == "Templates"
    assert config.sessions_folder == "Sessions"
    assert config.agenda_tags == ("next",)
    assert config.agenda_note == "Next session.md"
    assert config.quiet_seconds == 5.0
    assert config.schedule == ""
    assert config.support == ()
    assert config.prompt_folders == DEFAULT_PROMPT_FOLDERS
    assert config.sources == {}
    assert (config.rescan_minutes, config.polling) == (10.0, False)
    assert warnings == []


def test_builtin_prompt_folders_match_the_spec():
    assert Config().prompt_folders == {
        "Letters": "unsent-letter",
        "Free writing": "free-writing",
        "Emotions": "emotion-log",
        "Thought records": "thought-record",
        "Dreams": "dream",
        "Sessions": "session-reflection",
    }


# --- vaultkit.toml --------------------------------------------------------------------------

FULL_TOML = """\
quiet_seconds = 2.5

[daily]
folder = "Days"
format = "YYYY/MM/YYYY-MM-DD"
template = "my-daily"

[templates]
folder = "Tpl"
date_format = "DD.MM.YYYY"
time_format = "HH:mm:ss"

[prompts]
"Letters to self" = "letter"

[sessions]
folder = "Therapy"
schedule = "weekly:thu"
threads_heading = "Homework"

[agenda]
note = "Agenda"
tags = ["#Next", "therapy"]

[mood]
scale = 5

[support]
contacts = ["My therapist: 555-0100"]

[watch]
rescan_minutes = 3
polling = true
"""


def test_vaultkit_toml_sets_every_value(tmp_path):
    put(tmp_path, "vaultkit.toml", FULL_TOML)
    config, warnings = load_config(tmp_path)
    assert config.quiet_seconds == 2.5
    assert (config.daily_folder, config.daily_format, config.daily_template) == (
        "Days",
        "YYYY/MM/YYYY-MM-DD",
        "my-daily",
    )
    assert (config.templates_folder, config.date_format, config.time_format) == (
        "Tpl",
        "DD.MM.YYYY",
        "HH:mm:ss",
    )
    assert config.prompt_folders == {"Letters to self": "letter"}
    assert (config.sessions_folder, config.schedule, config.threads_heading) == (
        "Therapy",
        "weekly:thu",
        "Homework",
    )
    assert config.agenda_note == "Agenda.md"  # .md added
    assert config.agenda_tags == ("next", "therapy")  # '#' dropped, lower-cased
    assert config.mood_scale == 5
    assert config.support == ("My therapist: 555-0100",)
    assert (config.rescan_minutes, config.polling) == (3, True)
    assert warnings == []
    assert config.sources["daily_folder"] == "vaultkit.toml"


def test_vaultkit_toml_overrides_obsidian_and_periodic_notes(tmp_path):
    put(tmp_path, DAILY_JSON, {"folder": "Core", "format": "DD-MM-YYYY", "template": "core"})
    put(tmp_path, TEMPLATES_JSON, {"folder": "ObsTemplates", "dateFormat": "MMM D"})
    put(
        tmp_path,
        PERIODIC_JSON,
        {"daily": {"enabled": True, "folder": "Periodic", "format": "YYYYMMDD"}},
    )
    put(tmp_path, "vaultkit.toml", '[daily]\nfolder = "Toml"\n')
    config, _ = load_config(tmp_path)
    # each setting comes from the highest-priority source that sets it
    assert config.daily_folder == "Toml"
    assert config.daily_format == "YYYYMMDD"
    assert config.daily_template == "core"
    assert config.templates_folder == "ObsTemplates"
    assert config.date_format == "MMM D"
    assert config.time_format == "HH:mm"
    assert config.sources == {
        "daily_folder": "vaultkit.toml",
        "daily_format": PERIODIC_JSON,
        "daily_template": DAILY_JSON,
        "templates_folder": TEMPLATES_JSON,
        "date_format": TEMPLATES_JSON,
    }


def test_toml_with_bom_is_read(tmp_path):
    (tmp_path / "vaultkit.toml").write_bytes(b'\xef\xbb\xbf[daily]\nfolder = "Days"\n')
    config, _ = load_config(tmp_path)
    assert config.daily_folder == "Days"
