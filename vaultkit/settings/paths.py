"""Every folder, note and template a setting names must stay inside the vault."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from vaultkit.settings.errors import ConfigError
from vaultkit.settings.table import CONFIG_NAME, DEFAULT_SOURCE, SETTINGS, Setting
from vaultkit.settings.toml_lines import entry_line, key_line

if TYPE_CHECKING:
    from vaultkit.settings.config import Config

_PATHS = tuple(s for s in SETTINGS if s.paths)


def inside_vault(rel: str) -> bool:
    """True for a relative POSIX path that cannot climb out of the vault."""
    if not rel or rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel):
        return False
    return ".." not in PurePosixPath(rel.replace("\\", "/")).parts


def refuse_absolute(values: dict[str, Any], text: str) -> None:
    """In vaultkit.toml a leading '/' means the file system's root, never the vault's."""
    for setting in _PATHS:
        if setting.field not in values or not setting.paths:
            continue
        for rel, _ in setting.paths(values[setting.field]):
            if rel == "/":
                continue  # Obsidian's way of saying "the vault's root"
            if rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel):
                raise ConfigError(CONFIG_NAME, _line(text, setting, rel), _outside(rel))


def named_paths(config: Config) -> list[str]:
    """Every vault path the settings in force (a Config) name."""
    return [
        rel
        for setting in _PATHS
        if setting.paths
        for rel, _ in setting.paths(getattr(config, setting.field))
    ]


def check_paths(values: dict[str, Any], sources: dict[str, str], vault: Path, text: str) -> None:
    """Each path the settings in force name (`values` by Config field) stays in the vault, also
    through symlinks; the error names the file the setting came from. `text`: vaultkit.toml's."""
    real_vault = os.path.realpath(vault)
    for setting in _PATHS:
        if not setting.paths:
            continue
        for rel, may_be_root in setting.paths(values[setting.field]):
            ok = inside_vault(rel) or (may_be_root and rel in ("", "/"))
            if ok and rel.strip("/"):
                real = os.path.realpath(vault / rel)
                ok = real == real_vault or real.startswith(real_vault + os.sep)
            if not ok:
                source = sources.get(setting.field, DEFAULT_SOURCE)
                line = _line(text, setting, rel) if source == CONFIG_NAME else None
                raise ConfigError(source, line, _outside(rel))


def _outside(rel: str) -> str:
    return f"'{rel}' points outside the vault"


def _line(text: str, setting: Setting, rel: str) -> int | None:
    if setting.key is None:  # an entry of a whole table: the line holding the path
        return entry_line(text, setting.section or "", rel)
    return key_line(text, setting.section, setting.key)
