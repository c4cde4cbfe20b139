"""Settings in force: vaultkit.toml over Obsidian's config over built-in defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vaultkit.settings.config import (
    DEFAULT_PROMPT_FOLDERS,
    Config,
    ConfigError,
    find_vault,
    load_config,
)

DAILY_JSON = ".obsidian/daily-notes.json"
TEMPLATES_JSON = ".obsidian/templates.json"
PERIODIC_JSON = ".obsidian/plugins/periodic-notes/data.json"


def put(vault: Path, rel: str, content: str | dict) -> Path:
    path = vault / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content) if isinstance(content, dict) else content, encoding="utf-8")
    return path


def config_error(vault: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(vault)
    return caught.value


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


def test_toml_syntax_error_names_its_line(tmp_path):
    put(tmp_path, "vaultkit.toml", 'quiet_seconds = 3\n\n[daily]\nfolder = "Days\n')
    error = config_error(tmp_path)
    assert error.file == "vaultkit.toml"
    assert error.line == 4
    assert str(error).startswith("vaultkit.toml:4: ")
    assert "(at line" not in str(error)


def test_toml_unclosed_table_header_names_its_line(tmp_path):
    put(tmp_path, "vaultkit.toml", "quiet_seconds = 1\n\n[daily\n")
    assert str(config_error(tmp_path)).startswith("vaultkit.toml:3: ")


def test_toml_invalid_utf8_names_its_line(tmp_path):
    (tmp_path / "vaultkit.toml").write_bytes(b"quiet_seconds = 1\n# caf\xe9\n")
    error = config_error(tmp_path)
    assert str(error) == "vaultkit.toml:2: is not valid UTF-8"


def test_unknown_key_in_a_table_names_its_line(tmp_path):
    put(tmp_path, "vaultkit.toml", '[daily]\nfolder = "Days"\nfromat = "YYYY"\n')
    error = config_error(tmp_path)
    assert error.line == 3
    assert "unknown setting 'fromat' in [daily]" in str(error)


def test_unknown_top_level_key_names_its_line(tmp_path):
    put(tmp_path, "vaultkit.toml", "# settings\nquiet_second = 3\n")
    error = config_error(tmp_path)
    assert str(error) == (
        "vaultkit.toml:2: unknown setting 'quiet_second' at the top level; "
        "did you mean 'quiet_seconds'?"
    )


def test_same_key_name_in_another_table_does_not_confuse_the_line(tmp_path):
    put(tmp_path, "vaultkit.toml", '[templates]\nfolder = "T"\n\n[sessions]\nfolder = 7\n')
    error = config_error(tmp_path)
    assert error.line == 5
    assert "'folder' must be a string" in str(error)


def test_unknown_table_names_its_header_line(tmp_path):
    put(tmp_path, "vaultkit.toml", 'quiet_seconds = 3\n\n[dialy]\nfolder = "Days"\n')
    assert config_error(tmp_path).line == 3


# --- TOML mistakes in plain words --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        (
            'quiet_seconds = 3\n\n[dialy]\nfolder = "Days"\n',
            "vaultkit.toml:3: unknown table [dialy]; did you mean [daily]?",
        ),
        (
            '[support]\ncontacts = ["My therapist: 555\n',
            "vaultkit.toml:2: a string is not closed: it needs its closing quote on the same line",
        ),
        (
            "[support]\ncontacts = ['My therapist: 555]\n",
            "vaultkit.toml:2: a string is not closed: it needs its closing quote on the same line",
        ),
        (
            '[support]\ncontacts = ["a"]\n\ncontacts = ["b"]\n',
            "vaultkit.toml:4: 'contacts' is set twice, lines 2 and 4",
        ),
        (
            '[daily]\nfolder = "a"\n\n[daily]\nformat = "YYYY"\n',
            "vaultkit.toml:4: [daily] appears twice, lines 1 and 4",
        ),
        (
            '[support]\ncontacts = [\n  "a",\n  "b"\n\n[mood]\nscale = 10\n',
            "vaultkit.toml:2: a list is not closed: it needs its ]",
        ),
        (
            "[daily]\nfolder = Journal\n",
            'vaultkit.toml:2: a value must be "text in quotes", a number, true or false, or a [list]',
        ),
        (
            '[daily\nfolder = "Journal"\n',
            "vaultkit.toml:1: a [table] line is not closed: it needs its ]",
        ),
        (
            '[daily]\nfolder = "Notes\\Journal"\n',
            "vaultkit.toml:2: a \\ in a string must be written \\\\, or put the text in 'single quotes'",
        ),
        (
            "quiet_seconds 5\n",
            "vaultkit.toml:1: a setting needs = and a value, e.g. quiet_seconds = 5",
        ),
        (
            "quiet_seconds = 5 6\n",
            "vaultkit.toml:1: something follows the value on this line; "
            "one setting per line, and a # before a note",
        ),
        (
            'contacts = ["My therapist: 555"]\n',
            "vaultkit.toml:1: 'contacts' belongs under a [support] line",
        ),
        (
            '[daily]\nfromat = "YYYY"\n',
            "vaultkit.toml:2: unknown setting 'fromat' in [daily]; did you mean 'format'?",
        ),
    ],
)
def test_toml_mistakes_in_plain_words(tmp_path, text, message):
    put(tmp_path, "vaultkit.toml", text)
    error = str(config_error(tmp_path))
    assert error == message
    for word in ("Illegal", "Cannot", "Expected", "Invalid", "Unclosed"):
        assert word not in error


def test_a_line_uncommented_without_its_table_line_says_where_it_belongs(tmp_path):
    from vaultkit.render.settings_file import commented_toml

    config, _ = load_config(tmp_path)
    lines = commented_toml(config).splitlines()
    # The person turns on [support] and their contacts, then the reviews' folder alone.
    support = lines.index("# [support]")
    lines[support] = "[support]"
    contacts = next(i for i in range(support, len(lines)) if lines[i].startswith("# contacts = ["))
    lines[contacts] = 'contacts = ["My therapist: 555"]'
    reviews = lines.index("# [reviews]")
    folder = next(i for i in range(reviews, len(lines)) if lines[i].startswith("# folder = "))
    lines[folder] = 'folder = "Weeks"'
    put(tmp_path, "vaultkit.toml", "\n".join(lines) + "\n")
    error = str(config_error(tmp_path))
    assert error == (
        f"vaultkit.toml:{folder + 1}: 'folder' belongs under a [reviews] line; "
        f"remove the # before [reviews] on line {reviews + 1}"
    )


def test_a_prompt_folder_uncommented_alone_belongs_under_prompts(tmp_path):
    put(tmp_path, "vaultkit.toml", '# [prompts]\n"Letters" = "unsent-letter"\n')
    assert str(config_error(tmp_path)) == (
        "vaultkit.toml:2: 'Letters' belongs under a [prompts] line; "
        "remove the # before [prompts] on line 1"
    )


@pytest.mark.parametrize(
    "text, line, message",
    [
        ('quiet_seconds = "5"\n', 1, "'quiet_seconds' must be a number"),
        ("quiet_seconds = true\n", 1, "'quiet_seconds' must be a number, not true/false"),
        ("[daily]\nfolder = 3\n", 2, "'folder' must be a string"),
        ('[agenda]\nnote = "x"\ntags = "next"\n', 3, "'tags' must be a list"),
        ("[mood]\n\nscale = 7.5\n", 3, "'scale' must be a number"),
        ('daily = "Journal"\n', 1, "'daily' must be a table ([daily])"),
        ("[prompts]\nLetters = 3\n", 2, "prompt folder 'Letters' must name a template"),
        ("[agenda]\ntags = []\n", 2, "'tags' needs at least one tag"),
        ('[agenda]\ntags = ["next", ""]\n', 2, "'tags' must be a list of non-empty strings"),
        ("[mood]\nscale = 1\n", 2, "'scale' must be from 2 to 100"),
        ("[mood]\nscale = 1000000\n", 2, "'scale' must be from 2 to 100"),
        (
            "quiet_seconds = nan\n",
            1,
            "'quiet_seconds' must be a number of seconds from 0 to 86400 (a day)",
        ),
        (
            "quiet_seconds = inf\n",
            1,
            "'quiet_seconds' must be a number of seconds from 0 to 86400 (a day)",
        ),
        (
            "[watch]\nrescan_minutes = nan\n",
            2,
            "'rescan_minutes' must be more than 0 and at most 1440 (a day)",
        ),
        ('[daily]\nformat = "MMMM"\n', 2, "'format' must name a day (e.g. YYYY-MM-DD)"),
        (
            '[daily]\nformat = "../../out/YYYY-MM-DD"\n',
            2,
            "'format' must stay inside the vault (no '..', and not starting with '/')",
        ),
        (
            '[daily]\nformat = "/tmp/YYYY-MM-DD"\n',
            2,
            "'format' must stay inside the vault (no '..', and not starting with '/')",
        ),
        (
            "[watch]\nrescan_minutes = 0\n",
            2,
            "'rescan_minutes' must be more than 0 and at most 1440 (a day)",
        ),
        ('[watch]\npolling = "yes"\n', 2, "'polling' must be true or false"),
    ],
)
def test_wrong_type_or_value_names_its_line(tmp_path, text, line, message):
    put(tmp_path, "vaultkit.toml", text)
    assert str(config_error(tmp_path)) == f"vaultkit.toml:{line}: {message}"


def test_wrong_type_in_dotted_key_names_its_line(tmp_path):
    put(tmp_path, "vaultkit.toml", "quiet_seconds = 1\ndaily.folder = 3\n")
    assert config_error(tmp_path).line == 2


def test_negative_quiet_seconds_names_its_line(tmp_path):
    put(tmp_path, "vaultkit.toml", "# how long to wait\n\nquiet_seconds = -1\n")
    assert str(config_error(tmp_path)) == (
        "vaultkit.toml:3: 'quiet_seconds' must be a number of seconds from 0 to 86400 (a day)"
    )


def test_zero_quiet_seconds_is_allowed(tmp_path):
    put(tmp_path, "vaultkit.toml", "quiet_seconds = 0\n")
    assert load_config(tmp_path)[0].quiet_seconds == 0


@pytest.mark.parametrize(
    "schedule",
    [
        "biweekly:thu",
        "weekly",
        "weekly:xyz",
        "weekly:thu:2026-11-19",
        "fortnightly:tue",
        "fortnightly:tue:2026-11-18",
        "fortnightly:tue:soon",
    ],
)
def test_bad_schedule_names_its_line(tmp_path, schedule):
    put(tmp_path, "vaultkit.toml", f'[sessions]\nfolder = "S"\nschedule = "{schedule}"\n')
    error = config_error(tmp_path)
    assert error.line == 3
    assert str(error).startswith("vaultkit.toml:3: ")


@pytest.mark.parametrize(
    "schedule", ["weekly:thu", "weekly:Thursday", "fortnightly:tue:2026-11-17"]
)
def test_good_schedules_are_accepted(tmp_path, schedule):
    put(tmp_path, "vaultkit.toml", f'[sessions]\nschedule = "{schedule}"\n')
    assert load_config(tmp_path)[0].schedule == schedule


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
