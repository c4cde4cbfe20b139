"""The settings Obsidian keeps in .obsidian/: core Daily notes, Templates, Periodic Notes."""

from __future__ import annotations

import pytest

from support.settings_files import DAILY_JSON, PERIODIC_JSON, TEMPLATES_JSON, put
from vaultkit.settings.config import Config, load_config

# --- Obsidian's own files -------------------------------------------------------------------


def test_daily_notes_json_sets_folder_format_and_template(tmp_path):
    put(
        tmp_path,
        DAILY_JSON,
        {"folder": "Diary", "format": "DD.MM.YYYY", "template": "Templates/Day"},
    )
    config, warnings = load_config(tmp_path)
    assert (config.daily_folder, config.daily_format, config.daily_template) == (
        "Diary",
        "DD.MM.YYYY",
        "Templates/Day",
    )
    assert config.sources["daily_folder"] == DAILY_JSON
    assert warnings == []


def test_daily_notes_json_folder_with_slashes_is_normalised(tmp_path):
    # Obsidian's normalizePath drops leading and trailing slashes: "/Diary/" is <vault>/Diary.
    put(tmp_path, DAILY_JSON, {"folder": "/Diary/"})
    config, _ = load_config(tmp_path)
    assert config.daily_folder == "Diary"


def test_daily_notes_json_empty_values_keep_defaults(tmp_path):
    put(tmp_path, DAILY_JSON, {"folder": "  ", "format": ""})
    config, _ = load_config(tmp_path)
    assert (config.daily_folder, config.daily_format) == ("Journal", "YYYY-MM-DD")


def test_templates_json_sets_folder_and_formats(tmp_path):
    put(
        tmp_path,
        TEMPLATES_JSON,
        {"folder": "Meta/Templates", "dateFormat": "DD/MM/YYYY", "timeFormat": "h:mm A"},
    )
    config, _ = load_config(tmp_path)
    assert config.templates_folder == "Meta/Templates"
    assert config.date_format == "DD/MM/YYYY"
    assert config.time_format == "h:mm A"
    assert config.sources["date_format"] == TEMPLATES_JSON


def test_periodic_notes_enabled_overrides_core_daily_notes(tmp_path):
    put(tmp_path, DAILY_JSON, {"folder": "Core", "format": "YYYY-MM-DD", "template": "core"})
    put(
        tmp_path,
        PERIODIC_JSON,
        {
            "daily": {
                "enabled": True,
                "folder": "Periodic",
                "format": "YYYY/MM/YYYY-MM-DD",
                "template": "Templates/periodic",
            }
        },
    )
    config, _ = load_config(tmp_path)
    assert (config.daily_folder, config.daily_format, config.daily_template) == (
        "Periodic",
        "YYYY/MM/YYYY-MM-DD",
        "Templates/periodic",
    )
    assert config.sources["daily_folder"] == PERIODIC_JSON


def test_periodic_notes_disabled_does_not_override(tmp_path):
    put(tmp_path, DAILY_JSON, {"folder": "Core"})
    put(tmp_path, PERIODIC_JSON, {"daily": {"enabled": False, "folder": "Periodic"}})
    config, _ = load_config(tmp_path)
    assert config.daily_folder == "Core"
    assert config.sources["daily_folder"] == DAILY_JSON


def test_periodic_notes_without_enabled_flag_does_not_override(tmp_path):
    put(tmp_path, PERIODIC_JSON, {"daily": {"folder": "Periodic"}})
    config, _ = load_config(tmp_path)
    assert config.daily_folder == "Journal"


def test_periodic_notes_1x_uses_the_active_calendar_set(tmp_path):
    put(tmp_path, DAILY_JSON, {"folder": "Core"})
    put(
        tmp_path,
        PERIODIC_JSON,
        {
            "activeCalendarSet": "work",
            "calendarSets": [
                {
                    "id": "default",
                    "day": {"enabled": True, "format": "YYYY-MM-DD", "folder": "Other"},
                },
                {
                    "id": "work",
                    "day": {"enabled": True, "format": "YYYY/YYYY-MM-DD", "folder": "Days"},
                },
            ],
        },
    )
    config, _ = load_config(tmp_path)
    assert (config.daily_folder, config.daily_format) == ("Days", "YYYY/YYYY-MM-DD")


def test_periodic_notes_1x_disabled_day_does_not_override(tmp_path):
    put(tmp_path, DAILY_JSON, {"folder": "Core"})
    put(
        tmp_path,
        PERIODIC_JSON,
        {
            "activeCalendarSet": "default",
            "calendarSets": [{"id": "default", "day": {"enabled": False, "folder": "Days"}}],
        },
    )
    config, _ = load_config(tmp_path)
    assert config.daily_folder == "Core"


def test_periodic_notes_1x_with_no_calendar_sets_keeps_defaults(tmp_path):
    put(tmp_path, PERIODIC_JSON, {"calendarSets": [], "activeCalendarSet": None})
    config, _ = load_config(tmp_path)
    assert config.daily_folder == "Journal"


@pytest.mark.parametrize("rel", [DAILY_JSON, TEMPLATES_JSON, PERIODIC_JSON])
def test_broken_obsidian_json_is_a_warning_and_defaults_stay(tmp_path, rel):
    put(tmp_path, rel, '{"folder": "Diary",')
    config, warnings = load_config(tmp_path)
    assert config == Config()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{rel}: ignored")


def test_obsidian_json_that_is_not_an_object_is_ignored(tmp_path):
    put(tmp_path, DAILY_JSON, "[1, 2]")
    config, warnings = load_config(tmp_path)
    assert config == Config()
    assert warnings == []
