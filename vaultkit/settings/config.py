"""The settings in force for a vault: vaultkit.toml, then Obsidian's own config, then defaults."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from vaultkit.settings.obsidian import obsidian_values
from vaultkit.settings.paths import check_paths, refuse_absolute
from vaultkit.settings.table import (
    BY_FIELD,
    CONFIG_NAME,
    DEFAULT_PROMPT_FOLDERS,
    DEFAULT_SOURCE,
    SETTINGS,
)
from vaultkit.settings.toml_check import check_settings_file, read_settings_file
from vaultkit.text.note import NoteRules


# The fields and defaults are those of the settings table (table.py); written out here so that
# type checkers and readers see them, and checked against the table below, at import.
@dataclass(frozen=True)
class Config:
    daily_folder: str = "Journal"
    daily_format: str = "YYYY-MM-DD"
    daily_template: str = "daily"
    templates_folder: str = "Templates"
    date_format: str = "YYYY-MM-DD"
    time_format: str = "HH:mm"
    prompt_folders: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PROMPT_FOLDERS))
    sessions_folder: str = "Sessions"
    schedule: str = ""
    threads_heading: str = "What I will try"
    agenda_tags: tuple[str, ...] = ("next",)
    agenda_note: str = "Next session.md"
    agenda_phrases: bool = True  # "What repeated" lists the person's own phrases too
    agenda_still_open: int = 7  # "Still open from earlier" shows this many; the rest fold
    agenda_window_days: int = 14  # with no session recorded, the agenda's period: these last days
    quiet_seconds: float = 5.0
    mood_scale: int = 10
    mood_show_average: bool = False  # an average reads like a score: only when asked for
    support: tuple[str, ...] = ()
    # Folders whose notes are private: never counted, quoted or put in the brief (unsent
    # letters by default); notes with `private: true` and lines tagged #private are too.
    privacy_folders: tuple[str, ...] = ("Letters",)
    reviews_folder: str = "Reviews"  # weekly reviews; the mood charts go in its Charts/ folder
    reviews_weeks: int = 4  # reviews are kept up to date for this many finished weeks; 0: none
    rescan_minutes: float = 10.0  # the daemon's safety net for events the kernel lost
    polling: bool = False  # for network drives and containers, where inotify sees nothing
    # Where each value came from, for `vaultkit doctor` and `vaultkit init`: the file, and for
    # vaultkit.toml the line it is set on.
    sources: dict[str, str] = field(default_factory=dict, compare=False)
    toml_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def note_rules(self) -> NoteRules:
        return NoteRules(
            daily_folder=self.daily_folder,
            daily_format=self.daily_format,
            templates_folder=self.templates_folder,
            sessions_folder=self.sessions_folder,
            agenda_tags=self.agenda_tags,
            mood_scale=self.mood_scale,
        )

    def as_dict(self) -> dict[str, Any]:
        """Every setting by its place in vaultkit.toml, in the table's order (lists, not
        tuples; a whole table's entries sorted)."""
        data: dict[str, Any] = {}
        for setting in SETTINGS:
            value = getattr(self, setting.field)
            if isinstance(value, dict):
                value = dict(sorted(value.items()))
            elif isinstance(value, tuple):
                value = list(value)
            if setting.section and setting.key:
                data.setdefault(setting.section, {})[setting.key] = value
            else:
                data[setting.name] = value
        return data

    def source_of(self, attr: str) -> str:
        """Where a setting's value came from, in words: `vaultkit.toml line 4`,
        `.obsidian/daily-notes.json` or `built-in default`."""
        source = self.sources.get(attr, DEFAULT_SOURCE)
        line = self.toml_lines.get(attr) if source == CONFIG_NAME else None
        return f"{source} line {line}" if line else source


def _agrees_with_the_table() -> None:
    """The dataclass has exactly the table's settings, with the table's defaults."""
    own = {f.name for f in fields(Config)} - {"sources", "toml_lines"}
    if own != set(BY_FIELD):
        raise TypeError(f"Config and the settings table differ: {sorted(own ^ set(BY_FIELD))}")
    defaults = Config()
    for setting in SETTINGS:
        if getattr(defaults, setting.field) != setting.default:
            raise TypeError(f"Config.{setting.field}'s default is not the settings table's")


_agrees_with_the_table()


def load_config(vault: Path) -> tuple[Config, list[str]]:
    """The Config in force, and warnings about ignored Obsidian files."""
    warnings: list[str] = []
    values = obsidian_values(vault, warnings)
    text = read_settings_file(vault)
    found = check_settings_file(text) if text is not None else None
    if found:
        refuse_absolute(found.values, found.text)
        values.update({attr: (value, CONFIG_NAME) for attr, value in found.values.items()})
    config = replace(
        Config(),
        **{k: v for k, (v, _) in values.items()},
        sources={k: src for k, (_, src) in values.items()},
        toml_lines=dict(found.lines) if found else {},
    )
    tidied = {s.field: s.tidy(getattr(config, s.field)) for s in SETTINGS if s.tidy is not None}
    config = replace(config, **tidied)
    check_paths(
        {s.field: getattr(config, s.field) for s in SETTINGS},
        config.sources,
        vault,
        found.text if found else "",
    )
    return config, warnings
