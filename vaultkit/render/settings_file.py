"""The commented vaultkit.toml that `vaultkit init` writes: every setting in force, and its source."""

from __future__ import annotations

import json

from vaultkit.settings.config import Config

_HELP = {
    "quiet_seconds": "seconds a note must rest after an edit before vaultkit touches it",
    "daily": "the page made for every day; format uses Moment.js tokens",
    "templates": "your own templates (a file here overrides the built-in of the same name)",
    "prompts": "a new empty note in one of these folders is filled with that template",
    "sessions": "notes here named by date (or with `type: session`) record a session; "
    'schedule e.g. "weekly:thu" or "fortnightly:tue:2026-11-17"',
    "agenda": "lines tagged with these tags collect in the agenda note; phrases = false leaves "
    'your own phrases out of "What repeated"; still_open: how many earlier things '
    "still open are shown (the rest fold into a count)",
    "mood": "mood values run from 1 to this number; show_average = true adds an average",
    "support": "your people and numbers, shown right under the agenda's title and, folded, on every "
    'writing page, e.g. "My therapist: …", "Crisis line: …"; until you set them, '
    "your local emergency number and findahelpline.com",
    "privacy": "notes in these folders are private: never counted, quoted or put in the brief "
    "(so are notes with `private: true` and lines tagged #private)",
    "reviews": "a weekly review (Reviews/2026-W47.md) for each of the last so many finished "
    "weeks; 0 turns them off. Mood charts go in the folder's Charts/",
    "watch": "vaultkit watch: a full rescan every so many minutes; polling = true on a network "
    "drive or in a container, where file events do not arrive",
}

_ATTRS = {
    ("daily", "folder"): "daily_folder",
    ("daily", "format"): "daily_format",
    ("daily", "template"): "daily_template",
    ("templates", "folder"): "templates_folder",
    ("templates", "date_format"): "date_format",
    ("templates", "time_format"): "time_format",
    ("sessions", "folder"): "sessions_folder",
    ("sessions", "schedule"): "schedule",
    ("sessions", "threads_heading"): "threads_heading",
    ("agenda", "note"): "agenda_note",
    ("agenda", "tags"): "agenda_tags",
    ("mood", "scale"): "mood_scale",
    ("agenda", "phrases"): "agenda_phrases",
    ("agenda", "still_open"): "agenda_still_open",
    ("mood", "show_average"): "mood_show_average",
    ("privacy", "folders"): "privacy_folders",
    ("support", "contacts"): "support",
    ("prompts", None): "prompt_folders",
    (None, "quiet_seconds"): "quiet_seconds",
    ("watch", "rescan_minutes"): "rescan_minutes",
    ("watch", "polling"): "polling",
    ("reviews", "folder"): "reviews_folder",
    ("reviews", "weeks"): "reviews_weeks",
}


def _value(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _source(config: Config, table, key) -> str:
    return config.sources.get(_ATTRS.get((table, key), ""), "built-in default")


def commented_toml(config: Config) -> str:
    """Every line is a comment: the file documents what is in force without pinning it."""
    data = config.as_dict()
    lines = [
        "# vaultkit settings for this vault. Uncomment a line to change it.",
        "# Each value shown is the one in force now, with where it came from.",
        "",
    ]
    lines += [
        f"# {_HELP['quiet_seconds']}",
        f"# quiet_seconds = {data['quiet_seconds']:g}  # {_source(config, None, 'quiet_seconds')}",
        "",
    ]
    tables = (
        "daily",
        "templates",
        "prompts",
        "sessions",
        "agenda",
        "mood",
        "support",
        "privacy",
        "reviews",
        "watch",
    )
    for table in tables:
        lines += [f"# {_HELP[table]}", f"# [{table}]"]
        for key, value in data[table].items():
            source = _source(config, table, None if table == "prompts" else key)
            name = _value(key) if table == "prompts" else key
            lines.append(f"# {name} = {_value(value)}  # {source}")
        if table == "support" and not data[table]["contacts"]:
            lines.append(
                '# contacts = ["My therapist: (the practice number)", '
                '"Crisis line: (your local number)"]'
            )
        lines.append("")
    return "\n".join(lines)
