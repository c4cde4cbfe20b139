"""The commented vaultkit.toml that `vaultkit init` writes: every setting in force, and its source."""

from __future__ import annotations

from vaultkit.settings.config import Config
from vaultkit.settings.table import (
    DEFAULT_SOURCE,
    SECTION_HELP,
    SECTIONS,
    TOP_LEVEL,
    Setting,
    as_json,
)


def _lines(config: Config, setting: Setting) -> list[str]:
    value = getattr(config, setting.field)
    source = config.sources.get(setting.field, DEFAULT_SOURCE)
    if setting.key is None:  # a whole table: one line per entry, in name order
        return [f"# {as_json(k)} = {as_json(v)}  # {source}" for k, v in sorted(value.items())]
    lines = [f"# {setting.key} = {setting.written(value)}  # {source}"]
    if setting.example and not value:
        lines.append(f"# {setting.key} = {setting.example}")
    return lines


def commented_toml(config: Config) -> str:
    """Every line is a comment: the file documents what is in force without pinning it."""
    lines = [
        "# vaultkit settings for this vault. Uncomment a line to change it.",
        "# Each value shown is the one in force now, with where it came from.",
        "",
    ]
    for setting in TOP_LEVEL:  # TOML wants them before the first [table]
        lines += [f"# {setting.help}", *_lines(config, setting), ""]
    for section, settings in SECTIONS.items():
        lines += [f"# {SECTION_HELP[section]}", f"# [{section}]"]
        for setting in settings:
            lines += _lines(config, setting)
        lines.append("")
    return "\n".join(lines)
