"""The settings table: every setting vaultkit reads, written once.

Each row says where the setting sits in vaultkit.toml, the `Config` field it fills, its TOML type,
its default, the values it allows, and how it is tidied and shown. The `Config` dataclass, the
check of vaultkit.toml, `Config.as_dict`, the commented file `vaultkit init` writes and the
sources `vaultkit doctor` reports are all derived from this table (config.py checks at import
that the dataclass agrees with it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vaultkit.settings.obsidian import OBSIDIAN_FILES

CONFIG_NAME = "vaultkit.toml"
# Every file the settings are read from (a change to any of them may change them all).
SETTINGS_FILES = frozenset({CONFIG_NAME, *OBSIDIAN_FILES})
DEFAULT_SOURCE = "built-in default"  # the source of a setting no file sets

DEFAULT_PROMPT_FOLDERS = {
    "Letters": "unsent-letter",
    "Free writing": "free-writing",
    "Emotions": "emotion-log",
    "Thought records": "thought-record",
    "Dreams": "dream",
    "Sessions": "session-reflection",
}

# A check takes a value read from vaultkit.toml (of the right type) and says what is wrong
# with it, in the words the person reads, or None.
Check = Callable[[Any], str | None]


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def normal_folder(rel: str) -> str:
    # Obsidian's normalizePath drops leading and trailing slashes: "/Diary/" is <vault>/Diary.
    return rel.strip().strip("/")


@dataclass(frozen=True)
class Setting:
    section: str | None  # the [table] it is set under; None: the top level
    key: str | None  # its name there; None: the whole table is the setting, its keys free
    field: str  # the Config attribute it fills
    kind: type | tuple[type, ...]  # what TOML must give
    default: Any
    checks: tuple[Check, ...] = ()  # in order; the first to object is the error
    from_toml: Callable[[Any], Any] | None = None  # TOML's value as Config holds it
    tidy: Callable[[Any], Any] | None = None  # for every source, once the sources are merged
    # The vault paths a value names, each with whether it may be the vault's root: these
    # must stay inside the vault.
    paths: Callable[[Any], list[tuple[str, bool]]] | None = None
    written: Callable[[Any], str] = as_json  # the value in the file `vaultkit init` writes
    example: str = ""  # shown there, commented, while the value is empty
    entry_error: str = ""  # a whole-table setting: the error for an entry of the wrong type
    help: str = ""  # a top-level setting: its comment in that file (tables have theirs below)

    @property
    def name(self) -> str:
        """As vaultkit.toml spells it: `daily.folder`, `quiet_seconds`, `prompts`."""
        return ".".join(part for part in (self.section, self.key) if part)


# --- the checks -----------------------------------------------------------------------------
# Written as `not low <= x <= high`, so that nan and inf (valid TOML floats) fail too.


def _within(low: float, high: float, message: str, above_low: bool = False) -> Check:
    def check(value: Any) -> str | None:
        ok = low < value <= high if above_low else low <= value <= high
        return None if ok else message

    return check


def _names_a_day(value: str) -> str | None:
    from vaultkit.text.moment import has_date_tokens  # only needed when a format is set

    return None if has_date_tokens(value) else "'format' must name a day (e.g. YYYY-MM-DD)"


def _stays_inside(value: str) -> str | None:
    # A page name, maybe with folders (YYYY/MM/YYYY-MM-DD): never a way out of the vault.
    if value.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", value):
        return "'format' must stay inside the vault (no '..', and not starting with '/')"
    return None


def _strings(key: str) -> Check:
    def check(value: list[Any]) -> str | None:
        if all(isinstance(item, str) and item.strip() for item in value):
            return None
        return f"'{key}' must be a list of non-empty strings"

    return check


def _at_least_one_tag(value: list[str]) -> str | None:
    return None if value else "'tags' needs at least one tag"


def _a_schedule(value: str) -> str | None:
    if not value:
        return None
    from vaultkit.text.sessions import ScheduleError, parse_schedule

    try:
        parse_schedule(value)
    except ScheduleError as exc:
        return str(exc)
    return None


# --- how values are tidied, and which name vault paths ------------------------------------


def _folder(value: str) -> list[tuple[str, bool]]:
    return [(value, True)]


def _name(value: str) -> list[tuple[str, bool]]:
    return [(value, False)]


def _names(value: tuple[str, ...]) -> list[tuple[str, bool]]:
    return [(item, False) for item in value]


def _prompt_paths(value: dict[str, str]) -> list[tuple[str, bool]]:
    # The folders may be the vault's root; the templates they name are paths too.
    return [(folder, True) for folder in value] + [(kind, False) for kind in value.values()]


def _tags(value: list[str]) -> tuple[str, ...]:
    return tuple(tag.strip().lstrip("#").lower() for tag in value)


def _note(value: str) -> str:
    return value if value.endswith(".md") else value + ".md"


def _prompts(value: dict[str, str]) -> dict[str, str]:
    return {normal_folder(folder): kind.strip() for folder, kind in value.items()}


def _seconds(value: float) -> str:
    return f"{value:g}"  # 5, not 5.0: as the file has always shown it


# --- the table ------------------------------------------------------------------------------
# In this order `Config.as_dict` and `vaultkit doctor` list the settings; vaultkit.toml's
# top-level settings come first in the file `vaultkit init` writes, as TOML needs.

SETTINGS: tuple[Setting, ...] = (
    Setting("daily", "folder", "daily_folder", str, "Journal", tidy=normal_folder, paths=_folder),
    Setting(
        "daily",
        "format",
        "daily_format",
        str,
        "YYYY-MM-DD",
        checks=(_names_a_day, _stays_inside),
    ),
    Setting("daily", "template", "daily_template", str, "daily", paths=_name),
    Setting(
        "templates",
        "folder",
        "templates_folder",
        str,
        "Templates",
        tidy=normal_folder,
        paths=_folder,
    ),
    Setting("templates", "date_format", "date_format", str, "YYYY-MM-DD"),
    Setting("templates", "time_format", "time_format", str, "HH:mm"),
    Setting(
        "prompts",
        None,
        "prompt_folders",
        dict,
        DEFAULT_PROMPT_FOLDERS,
        tidy=_prompts,
        paths=_prompt_paths,
        entry_error="prompt folder '{}' must name a template",
    ),
    Setting(
        "sessions", "folder", "sessions_folder", str, "Sessions", tidy=normal_folder, paths=_folder
    ),
    Setting("sessions", "schedule", "schedule", str, "", checks=(_a_schedule,)),
    Setting("sessions", "threads_heading", "threads_heading", str, "What I will try"),
    Setting("agenda", "note", "agenda_note", str, "Next session.md", tidy=_note, paths=_name),
    Setting(
        "agenda",
        "tags",
        "agenda_tags",
        list,
        ("next",),
        checks=(_strings("tags"), _at_least_one_tag),
        from_toml=_tags,
    ),
    Setting("agenda", "phrases", "agenda_phrases", bool, True),
    Setting(
        "agenda",
        "still_open",
        "agenda_still_open",
        int,
        7,
        checks=(_within(0, 1000, "'still_open' must be between 0 and 1000"),),
    ),
    Setting(
        "agenda",
        "window_days",
        "agenda_window_days",
        int,
        14,
        checks=(_within(1, 3650, "'window_days' must be a number of days from 1 to 3650"),),
    ),
    Setting(
        "mood",
        "scale",
        "mood_scale",
        int,
        10,
        checks=(_within(2, 100, "'scale' must be from 2 to 100"),),
    ),
    Setting("mood", "show_average", "mood_show_average", bool, False),
    Setting(
        "support",
        "contacts",
        "support",
        list,
        (),
        checks=(_strings("contacts"),),
        from_toml=tuple,
        example='["My therapist: (the practice number)", "Crisis line: (your local number)"]',
    ),
    Setting(
        "privacy",
        "folders",
        "privacy_folders",
        list,
        ("Letters",),
        checks=(_strings("folders"),),
        from_toml=lambda folders: tuple(normal_folder(folder) for folder in folders),
        paths=_names,
    ),
    Setting("reviews", "folder", "reviews_folder", str, "Reviews", tidy=normal_folder, paths=_name),
    Setting(
        "reviews",
        "weeks",
        "reviews_weeks",
        int,
        4,
        checks=(_within(0, 520, "'weeks' must be between 0 and 520"),),
    ),
    Setting(
        None,
        "quiet_seconds",
        "quiet_seconds",
        (int, float),
        5.0,
        checks=(
            _within(
                0, 86400, "'quiet_seconds' must be a number of seconds from 0 to 86400 (a day)"
            ),
        ),
        written=_seconds,
        help="seconds a note must rest after an edit before vaultkit touches it",
    ),
    Setting(
        "watch",
        "rescan_minutes",
        "rescan_minutes",
        (int, float),
        10.0,
        checks=(
            _within(0, 1440, "'rescan_minutes' must be more than 0 and at most 1440 (a day)", True),
        ),
    ),
    Setting("watch", "polling", "polling", bool, False),
)

# What each [table] is for: the comment above it in the file `vaultkit init` writes.
SECTION_HELP = {
    "daily": "the page made for every day; format uses Moment.js tokens",
    "templates": "your own templates (a file here overrides the built-in of the same name)",
    "prompts": "a new empty note in one of these folders is filled with that template",
    "sessions": "notes here named by date (or with `type: session`) record a session; "
    'schedule e.g. "weekly:thu" or "fortnightly:tue:2026-11-17"',
    "agenda": "lines tagged with these tags collect in the agenda note; phrases = false leaves "
    'your own phrases out of "What repeated"; still_open: how many earlier things '
    "still open are shown (the rest fold into a count); window_days: until a session is "
    "recorded, the agenda shows this many last days",
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

TOP_LEVEL = tuple(s for s in SETTINGS if s.section is None)
# The [tables], in the table's order, each with its settings.
SECTIONS: dict[str, tuple[Setting, ...]] = {
    section: tuple(s for s in SETTINGS if s.section == section)
    for section in dict.fromkeys(s.section for s in SETTINGS if s.section)
}
BY_FIELD = {s.field: s for s in SETTINGS}
