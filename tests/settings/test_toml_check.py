"""vaultkit.toml checked: syntax, unknown keys, types and values, each error naming its line
in plain words."""

from __future__ import annotations

import pytest

from support.settings_files import config_error, put
from vaultkit.settings.config import load_config


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
