"""vaultkit.toml, read once and checked against the settings table: unknown keys and tables,
types and allowed values, each error naming its line in plain words."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vaultkit.settings.errors import ConfigError
from vaultkit.settings.table import BY_FIELD, CONFIG_NAME, SECTIONS, SETTINGS, TOP_LEVEL, Setting
from vaultkit.settings.toml_lines import dotted_line, key_line, table_above
from vaultkit.settings.toml_words import plain_toml_error


@dataclass(frozen=True)
class SettingsFile:
    """What vaultkit.toml sets: its text (for the lines of later errors), the values by
    Config field, and the line each is set on."""

    text: str
    values: dict[str, Any]
    lines: dict[str, int]


def read_settings_file(vault: Path) -> str | None:
    """vaultkit.toml's text, or None when there is none: the one place the file is read."""
    try:
        raw = (vault / CONFIG_NAME).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(CONFIG_NAME, None, f"cannot be read ({exc.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(CONFIG_NAME, line, "is not valid UTF-8") from None


def check_settings_file(text: str) -> SettingsFile:
    """The settings vaultkit.toml's text sets, checked; ConfigError for the first mistake."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = plain_toml_error(text, str(exc))
        raise ConfigError(CONFIG_NAME, line, message) from None
    reader = _TomlReader(text, data)
    _refuse_unknown(reader)
    # Every type before any value; the top level first, whole tables of free keys last.
    fixed = [s for s in TOP_LEVEL + _in_tables() if s.key is not None]
    values: dict[str, Any] = {}
    for setting in fixed:
        value = reader.get(setting.section, setting.key or "", setting.kind)
        if value is not None:
            values[setting.field] = value
    for setting in (s for s in SETTINGS if s.key is None and s.section in data):
        section = setting.section or ""
        entries = reader.table(section)
        for key, entry in entries.items():
            if not isinstance(entry, str):
                raise reader.fail(section, key, setting.entry_error.format(key))
        values[setting.field] = dict(entries)
    for setting in fixed:
        for check in setting.checks if setting.field in values else ():
            wrong = check(values[setting.field])
            if wrong:
                raise reader.fail(setting.section, setting.key or "", wrong)
    for setting in fixed:
        if setting.from_toml and setting.field in values:
            values[setting.field] = setting.from_toml(values[setting.field])
    return SettingsFile(text, values, {f: line for f in values if (line := _line(text, f))})


def _in_tables() -> tuple[Setting, ...]:
    return tuple(s for settings in SECTIONS.values() for s in settings)


def _line(text: str, field: str) -> int | None:
    setting = BY_FIELD[field]
    if setting.key is None:  # a whole table: its [table] line
        section = setting.section or ""
        return key_line(text, None, section) or dotted_line(text, section)
    return key_line(text, setting.section, setting.key)


class _TomlReader:
    """Typed access to one parsed vaultkit.toml, raising errors that name the line."""

    def __init__(self, text: str, data: dict[str, Any]):
        self.text, self.data = text, data

    def fail(self, table: str | None, key: str, message: str) -> ConfigError:
        line = key_line(self.text, table, key) if key else None
        return ConfigError(CONFIG_NAME, line, message)

    def table(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(None, name, f"'{name}' must be a table ([{name}])")
        return value

    def get(self, table: str | None, key: str, kind: type | tuple[type, ...]) -> Any:
        source = self.data if table is None else self.table(table)
        if key not in source:
            return None
        value = source[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(table, key, f"'{key}' must be {_kind_name(kind)}, not true/false")
        if not isinstance(value, kind):
            raise self.fail(table, key, f"'{key}' must be {_kind_name(kind)}")
        return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
        bool: "true or false",
    }
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


# --- unknown keys and tables ----------------------------------------------------------------

# The keys each place in the file takes: the top level, and each [table] whose keys are fixed
# (a whole-table setting, like [prompts], takes any key).
_KNOWN: dict[str | None, set[str]] = {
    None: {s.key for s in TOP_LEVEL if s.key} | set(SECTIONS),
    **{
        section: {s.key for s in settings if s.key}
        for section, settings in SECTIONS.items()
        if all(s.key for s in settings)
    },
}
_TABLES = set(SECTIONS)
_QUOTED = "'{}'"


def _refuse_unknown(reader: _TomlReader) -> None:
    for table, keys in _KNOWN.items():
        source = reader.data if table is None else reader.table(table)
        for key in source:
            if key not in keys:
                raise _unknown_key(reader, table, key, source[key])


def _did_you_mean(word: str, choices: Iterable[str], shape: str) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean {shape.format(close[0])}?" if close else ""


def _unknown_key(reader: _TomlReader, table: str | None, key: str, value: Any) -> ConfigError:
    """An unknown [table], a setting under the wrong [table] line, or a misspelt setting."""
    if table is None and isinstance(value, dict):
        line = key_line(reader.text, None, key) or dotted_line(reader.text, key)
        return ConfigError(
            CONFIG_NAME, line, f"unknown table [{key}]{_did_you_mean(key, _TABLES, '[{}]')}"
        )
    line = key_line(reader.text, table, key)
    homes = sorted(t for t, keys in _KNOWN.items() if t and key in keys)
    free = {t for t in _TABLES if t not in _KNOWN}  # a string there is an entry of it
    above = table_above(reader.text, line)
    if (
        above
        and above[0] != (table or "")
        and (above[0] in homes or (above[0] in free and isinstance(value, str)))
    ):
        name, header_line, commented = above
        hint = f"; remove the # before [{name}] on line {header_line}" if commented else ""
        return ConfigError(CONFIG_NAME, line, f"'{key}' belongs under a [{name}] line{hint}")
    if homes:
        return ConfigError(
            CONFIG_NAME,
            line,
            f"'{key}' belongs under a {' or '.join(f'[{home}]' for home in homes)} line",
        )
    where = f"in [{table}]" if table else "at the top level"
    own = {k for k in _KNOWN[table] if table or k not in _TABLES}
    return ConfigError(
        CONFIG_NAME, line, f"unknown setting '{key}' {where}{_did_you_mean(key, own, _QUOTED)}"
    )
