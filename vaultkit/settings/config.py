"""The settings in force for a vault: vaultkit.toml, then Obsidian's own config, then defaults."""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from vaultkit.text.names import nfc
from vaultkit.text.note import NoteRules

CONFIG_NAME = "vaultkit.toml"

DEFAULT_PROMPT_FOLDERS = {
    "Letters": "unsent-letter",
    "Free writing": "free-writing",
    "Emotions": "emotion-log",
    "Thought records": "thought-record",
    "Dreams": "dream",
    "Sessions": "session-reflection",
}


class ConfigError(Exception):
    """A setting vaultkit cannot work with; str() is `FILE:LINE: message`."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


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
    # Where each value came from, for `vaultkit doctor` and `vaultkit init`.
    sources: dict[str, str] = field(default_factory=dict, compare=False)

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
        return {
            "daily": {
                "folder": self.daily_folder,
                "format": self.daily_format,
                "template": self.daily_template,
            },
            "templates": {
                "folder": self.templates_folder,
                "date_format": self.date_format,
                "time_format": self.time_format,
            },
            "prompts": dict(sorted(self.prompt_folders.items())),
            "sessions": {
                "folder": self.sessions_folder,
                "schedule": self.schedule,
                "threads_heading": self.threads_heading,
            },
            "agenda": {
                "note": self.agenda_note,
                "tags": list(self.agenda_tags),
                "phrases": self.agenda_phrases,
                "still_open": self.agenda_still_open,
            },
            "mood": {"scale": self.mood_scale, "show_average": self.mood_show_average},
            "support": {"contacts": list(self.support)},
            "privacy": {"folders": list(self.privacy_folders)},
            "reviews": {"folder": self.reviews_folder, "weeks": self.reviews_weeks},
            "quiet_seconds": self.quiet_seconds,
            "watch": {"rescan_minutes": self.rescan_minutes, "polling": self.polling},
        }


def find_vault(explicit: str | None, env: dict[str, str], cwd: Path) -> Path | None:
    """--vault, else $VAULTKIT_VAULT, else the nearest parent holding .obsidian/ or vaultkit.toml."""
    if explicit:
        return Path(explicit)
    if env.get("VAULTKIT_VAULT"):
        return Path(env["VAULTKIT_VAULT"])
    for folder in (cwd, *cwd.parents):
        if (folder / ".obsidian").is_dir() or (folder / CONFIG_NAME).is_file():
            return folder
    return None


# --- Obsidian's files -----------------------------------------------------------------------


def _read_json(vault: Path, rel: str, warnings: list[str]) -> dict[str, Any]:
    path = vault / rel
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        # Obsidian writes these files itself; a broken one should not stop the journal.
        warnings.append(f"{rel}: ignored ({exc.__class__.__name__}: {exc})")
        return {}
    return data if isinstance(data, dict) else {}


def _obsidian_values(vault: Path, warnings: list[str]) -> dict[str, tuple[Any, str]]:
    """Settings found in .obsidian/, each with the file it came from."""
    found: dict[str, tuple[Any, str]] = {}

    def take(key: str, value: Any, source: str) -> None:
        if isinstance(value, str) and value.strip():
            found[key] = (value.strip(), source)

    rel = ".obsidian/daily-notes.json"
    daily = _read_json(vault, rel, warnings)
    take("daily_folder", daily.get("folder"), rel)
    take("daily_format", daily.get("format"), rel)
    take("daily_template", daily.get("template"), rel)

    rel = ".obsidian/templates.json"
    tpl = _read_json(vault, rel, warnings)
    take("templates_folder", tpl.get("folder"), rel)
    take("date_format", tpl.get("dateFormat"), rel)
    take("time_format", tpl.get("timeFormat"), rel)

    rel = ".obsidian/plugins/periodic-notes/data.json"
    periodic = _read_json(vault, rel, warnings)
    # Two shapes exist: {"daily": {...}} (0.x) and {"calendarSets": [{"day": {...}}]} (1.x).
    day = periodic.get("daily")
    if not isinstance(day, dict):
        sets = periodic.get("calendarSets")
        active = periodic.get("activeCalendarSet")
        if isinstance(sets, list) and sets:
            chosen = [s for s in sets if isinstance(s, dict) and s.get("id") == active] or sets
            day = chosen[0].get("day") if isinstance(chosen[0], dict) else None
    if isinstance(day, dict) and day.get("enabled"):
        take("daily_folder", day.get("folder"), rel)
        take("daily_format", day.get("format"), rel)
        take("daily_template", day.get("template"), rel)
    return found


# --- vaultkit.toml --------------------------------------------------------------------------


def _key_line(text: str, table: str | None, key: str) -> int | None:
    """The line a key (or a table header) is set on, so errors can point at it.

    tomllib keeps no positions; this finds `key =` inside `[table]`, a dotted `table.key =`,
    or the header `[key]` itself when the key is a table.
    """
    current = None
    dotted = rf'^"?{re.escape(table)}"?\s*\.\s*"?{re.escape(key)}"?\s*=' if table else None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[([^\[\]]+)\]", line)
        if header:
            current = header.group(1).strip().strip('"')
            if table is None and current == key:
                return number
            continue
        if current == table and re.match(rf'^"?{re.escape(key)}"?\s*=', line):
            return number
        if current is None and dotted and re.match(dotted, line):
            return number
    return None


class _TomlReader:
    """Typed access to one parsed vaultkit.toml, raising errors that name the line."""

    def __init__(self, text: str, data: dict[str, Any]):
        self.text, self.data = text, data

    def fail(self, table: str | None, key: str, message: str) -> ConfigError:
        line = _key_line(self.text, table, key) if key else None
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


_KNOWN = {
    None: {
        "quiet_seconds",
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
    },
    "daily": {"folder", "format", "template"},
    "templates": {"folder", "date_format", "time_format"},
    "sessions": {"folder", "schedule", "threads_heading"},
    "agenda": {"note", "tags", "phrases", "still_open"},
    "mood": {"scale", "show_average"},
    "support": {"contacts"},
    "privacy": {"folders"},
    "reviews": {"folder", "weeks"},
    "watch": {"rescan_minutes", "polling"},
}


# --- a TOML mistake in plain words ----------------------------------------------------------
# tomllib speaks to TOML's authors ("Illegal character '\\n'", "Cannot overwrite a value"); the
# person editing vaultkit.toml needs to hear what to change. Its messages, in the order tried:

_SET_TWICE = "set twice"  # worked out from the text: which setting, and both its lines
_TOML_PLAIN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), plain)
    for pattern, plain in [
        (
            (
                r"^(Illegal character '\\n'|Unterminated string|Expected \"'+\"|Expected '\"+'"
                r"|Found invalid character '\\n')$"
            ),
            "a string is not closed: it needs its closing quote on the same line",
        ),
        (
            r"^(Illegal|Found invalid) character ",
            "an invisible control character is on this line; type the line again",
        ),
        (
            r"^Unescaped '\\' in a string$",
            "a \\ in a string must be written \\\\, or put the text in 'single quotes'",
        ),
        (
            r"^(Invalid hex value|Escaped character is not a Unicode scalar value)$",
            "a \\u or \\U in a string is not a character; write \\\\ for a plain \\",
        ),
        (
            r"^Invalid value$",
            'a value must be "text in quotes", a number, true or false, or a [list]',
        ),
        (r"^Unclosed array$", "a list is not closed: it needs its ]"),
        (r"^Unclosed inline table$", "a { … } is not closed: it needs its }"),
        (
            r"^Expected ']' at the end of a table declaration$",
            "a [table] line is not closed: it needs its ]",
        ),
        (
            r"^Expected ']]' at the end of an array declaration$",
            "a [[table]] line is not closed: it needs its ]]",
        ),
        (
            r"^Expected '=' after a key in a key/value pair$",
            "a setting needs = and a value, e.g. quiet_seconds = 5",
        ),
        (
            r"^Expected newline or end of document after a statement$",
            "something follows the value on this line; one setting per line, and a # before a note",
        ),
        (
            r"^Invalid statement$",
            "this line is not a setting (name = value), a [table] line or a # comment",
        ),
        (
            r"^Invalid initial character for a key part$",
            'a setting\'s name is missing, or needs quotes ("My folder" = …)',
        ),
        (r"^Invalid date or datetime$", "a date that does not exist"),
        (
            (
                r"^(Cannot overwrite a value|Cannot declare .* twice|Duplicate inline table key"
                r"|Cannot mutate immutable namespace|Cannot redefine namespace)"
            ),
            _SET_TWICE,
        ),
    ]
]
_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")


def _plain_toml_error(text: str, message: str) -> tuple[int | None, str]:
    """tomllib's message as (line, what to change)."""
    at = _TOML_AT.search(message)
    bare = message[: at.start()] if at else message
    line = int(at.group(1)) if at and at.group(1) else None
    if at and (line is None or bare.startswith("Unclosed")):
        # An open string, list or { … } ran on to a later line or to the end of the text; what
        # matters is the line it was opened on.
        line = _unfinished_line(text, line)
    for pattern, plain in _TOML_PLAIN:
        if pattern.search(bare):
            if plain == _SET_TWICE:
                return line, _set_twice(text, line) or "a setting or [table] is set twice"
            return line, plain
    return line, f"is not valid TOML ({bare[:1].lower()}{bare[1:]})"


def _unfinished_line(text: str, found: int | None) -> int | None:
    """The line where the statement that tomllib found unfinished (on line `found`, or at the
    end) starts: the one after the longest beginning of the text that still reads as TOML (a
    settings file is a few dozen lines, so trying each is cheap)."""
    lines = text.split("\n")[:found]
    if len(lines) > 500:  # quadratic: a hand-written settings file is far shorter
        return found or len(lines)
    for count in range(len(lines) - 1, -1, -1):
        try:
            tomllib.loads("\n".join(lines[:count]))
        except tomllib.TOMLDecodeError:
            continue
        return count + 1
    return None


_KEY_PART = r'(?:"[^"]*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
_HEADER = re.compile(rf"^\s*\[\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*\]\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")


def _dotted(key: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in re.findall(_KEY_PART, key))


def _set_twice(text: str, line: int | None) -> str | None:
    """'contacts' is set twice, lines 3 and 5: the setting or [table] that `line` sets again."""
    seen: dict[tuple[str, ...], tuple[int, bool]] = {}  # name -> (first line, a [table] line)
    table: tuple[str, ...] = ()
    for number, raw in enumerate(text.split("\n")[:line], start=1):
        header, assign = _HEADER.match(raw), _ASSIGN.match(raw)
        if header:
            table = name = _dotted(header.group(1))
        elif assign:
            name = table + _dotted(assign.group(1))
        else:
            continue
        if number == line:
            # The name itself, a value it would go inside (x = 1, then x.y = 2), or, for a
            # [table], a setting that made the table already (daily.folder = …, then [daily]).
            earlier = [n for n in seen if n == name or (n == name[: len(n)] and not seen[n][1])]
            earlier = earlier or [
                n for n in seen if header and n[: len(name)] == name and not seen[n][1]
            ]
            if not earlier:
                return None
            first, first_is_table = seen[earlier[0]]
            if header and first_is_table and earlier[0] == name:
                return f"[{'.'.join(name)}] appears twice, lines {first} and {number}"
            shown = (
                name
                if header and earlier[0][: len(name)] == name
                else earlier[0][0 if header else len(table) :]
            )
            return f"'{'.'.join(shown)}' is set twice, lines {first} and {number}"
        seen.setdefault(name, (number, bool(header)))
    return None


def _table_above(text: str, line: int | None) -> tuple[str, int, bool] | None:
    """The nearest [table] line above `line`, commented out or not: (name, line, commented).
    `vaultkit init` writes every table commented out; a line uncommented without its [table]
    line lands in the table before it."""
    if not line:
        return None
    lines = text.split("\n")
    for number in range(min(line, len(lines) + 1) - 1, 0, -1):
        raw = lines[number - 1]
        commented = raw.lstrip().startswith("#")
        header = _HEADER.match(raw.lstrip().lstrip("#")) if commented else _HEADER.match(raw)
        if header:
            return ".".join(_dotted(header.group(1))), number, commented
    return None


def _did_you_mean(word: str, choices: Iterable[str], shape: str) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean {shape.format(close[0])}?" if close else ""


def _unknown_key(reader: _TomlReader, table: str | None, key: str, value: Any) -> ConfigError:
    """An unknown [table], a setting under the wrong [table] line, or a misspelt setting."""
    tables = {t for t in _KNOWN if t} | {"prompts"}
    if table is None and isinstance(value, dict):
        line = _key_line(reader.text, None, key) or _dotted_line(reader.text, key)
        return ConfigError(
            CONFIG_NAME, line, f"unknown table [{key}]{_did_you_mean(key, tables, '[{}]')}"
        )
    line = _key_line(reader.text, table, key)
    homes = sorted(t for t, keys in _KNOWN.items() if t and key in keys)
    above = _table_above(reader.text, line)
    if (
        above
        and above[0] != (table or "")
        and (above[0] in homes or (above[0] == "prompts" and isinstance(value, str)))
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
    own = {k for k in _KNOWN[table] if table or k not in tables}
    return ConfigError(
        CONFIG_NAME, line, f"unknown setting '{key}' {where}{_did_you_mean(key, own, _QUOTED)}"
    )


_QUOTED = "'{}'"


def _dotted_line(text: str, key: str) -> int | None:
    for number, raw in enumerate(text.split("\n"), start=1):
        if re.match(rf'^\s*"?{re.escape(key)}"?\s*\.', raw):
            return number
    return None


def _toml_values(vault: Path) -> dict[str, tuple[Any, str]]:
    path = vault / CONFIG_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(CONFIG_NAME, None, f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(CONFIG_NAME, line, "is not valid UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = _plain_toml_error(text, str(exc))
        raise ConfigError(CONFIG_NAME, line, message) from None

    reader = _TomlReader(text, data)
    for table, keys in _KNOWN.items():
        source = data if table is None else reader.table(table)
        for key in source:
            if key not in keys:
                raise _unknown_key(reader, table, key, source[key])

    found: dict[str, tuple[Any, str]] = {}

    def take(attr: str, table: str | None, key: str, kind: type | tuple[type, ...]) -> None:
        value = reader.get(table, key, kind)
        if value is not None:
            found[attr] = (value, CONFIG_NAME)

    take("quiet_seconds", None, "quiet_seconds", (int, float))
    take("daily_folder", "daily", "folder", str)
    take("daily_format", "daily", "format", str)
    take("daily_template", "daily", "template", str)
    take("templates_folder", "templates", "folder", str)
    take("date_format", "templates", "date_format", str)
    take("time_format", "templates", "time_format", str)
    take("sessions_folder", "sessions", "folder", str)
    take("schedule", "sessions", "schedule", str)
    take("threads_heading", "sessions", "threads_heading", str)
    take("agenda_note", "agenda", "note", str)
    take("agenda_tags", "agenda", "tags", list)
    take("agenda_phrases", "agenda", "phrases", bool)
    take("agenda_still_open", "agenda", "still_open", int)
    take("mood_scale", "mood", "scale", int)
    take("mood_show_average", "mood", "show_average", bool)
    take("support", "support", "contacts", list)
    take("privacy_folders", "privacy", "folders", list)
    take("reviews_folder", "reviews", "folder", str)
    take("reviews_weeks", "reviews", "weeks", int)
    take("rescan_minutes", "watch", "rescan_minutes", (int, float))
    take("polling", "watch", "polling", bool)
    if "prompts" in data:
        prompts = reader.table("prompts")
        for folder, kind in prompts.items():
            if not isinstance(kind, str):
                raise reader.fail(
                    "prompts", folder, f"prompt folder '{folder}' must name a template"
                )
        found["prompt_folders"] = (dict(prompts), CONFIG_NAME)
    _check_values(reader, found)
    return found


def _check_values(reader: _TomlReader, found: dict[str, tuple[Any, str]]) -> None:
    from vaultkit.text.moment import (
        has_date_tokens,  # local: moment is only needed when a format is set
    )

    def value(attr: str) -> Any:
        return found[attr][0] if attr in found else None

    # Written as `not low <= x <= high`, so that nan and inf (valid TOML floats) fail too.
    if value("quiet_seconds") is not None and not 0 <= value("quiet_seconds") <= 86400:
        raise reader.fail(
            None,
            "quiet_seconds",
            "'quiet_seconds' must be a number of seconds from 0 to 86400 (a day)",
        )
    if value("rescan_minutes") is not None and not 0 < value("rescan_minutes") <= 1440:
        raise reader.fail(
            "watch",
            "rescan_minutes",
            "'rescan_minutes' must be more than 0 and at most 1440 (a day)",
        )
    if value("daily_format") is not None and not has_date_tokens(value("daily_format")):
        raise reader.fail("daily", "format", "'format' must name a day (e.g. YYYY-MM-DD)")
    if value("daily_format") is not None and (
        value("daily_format").startswith(("/", "\\"))
        or ".." in re.split(r"[/\\]", value("daily_format"))
    ):
        # A page name, maybe with folders (YYYY/MM/YYYY-MM-DD): never a way out of the vault.
        raise reader.fail(
            "daily",
            "format",
            "'format' must stay inside the vault (no '..', and not starting with '/')",
        )
    if value("mood_scale") is not None and not 2 <= value("mood_scale") <= 100:
        raise reader.fail("mood", "scale", "'scale' must be from 2 to 100")
    if value("reviews_weeks") is not None and not 0 <= value("reviews_weeks") <= 520:
        raise reader.fail("reviews", "weeks", "'weeks' must be between 0 and 520")
    if value("agenda_still_open") is not None and not 0 <= value("agenda_still_open") <= 1000:
        raise reader.fail("agenda", "still_open", "'still_open' must be between 0 and 1000")
    for attr, table, key in (
        ("agenda_tags", "agenda", "tags"),
        ("support", "support", "contacts"),
        ("privacy_folders", "privacy", "folders"),
    ):
        items = value(attr)
        if items is not None and not all(isinstance(i, str) and i.strip() for i in items):
            raise reader.fail(table, key, f"'{key}' must be a list of non-empty strings")
    if value("agenda_tags") is not None:
        tags = [t.strip().lstrip("#").lower() for t in value("agenda_tags")]
        if not tags:
            raise reader.fail("agenda", "tags", "'tags' needs at least one tag")
        found["agenda_tags"] = (tuple(tags), CONFIG_NAME)
    if value("support") is not None:
        found["support"] = (tuple(value("support")), CONFIG_NAME)
    if value("privacy_folders") is not None:
        found["privacy_folders"] = (
            tuple(_normal_folder(f) for f in value("privacy_folders")),
            CONFIG_NAME,
        )
    if value("schedule"):
        from vaultkit.text.sessions import ScheduleError, parse_schedule

        try:
            parse_schedule(value("schedule"))
        except ScheduleError as exc:
            raise reader.fail("sessions", "schedule", str(exc)) from None


# --- paths that must stay inside the vault --------------------------------------------------


def inside_vault(rel: str) -> bool:
    """True for a relative POSIX path that cannot climb out of the vault."""
    if not rel or rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel):
        return False
    return ".." not in PurePosixPath(rel.replace("\\", "/")).parts


def _check_paths(config: Config, vault: Path) -> None:
    checks = [
        ("daily_folder", config.daily_folder, True),
        ("templates_folder", config.templates_folder, True),
        ("sessions_folder", config.sessions_folder, True),
        ("agenda_note", config.agenda_note, False),
        ("reviews_folder", config.reviews_folder, False),
        ("daily_template", config.daily_template, False),
    ]
    checks += [("prompt_folders", folder, True) for folder in config.prompt_folders]
    checks += [("privacy_folders", folder, False) for folder in config.privacy_folders]
    checks += [("prompt_folders", kind, False) for kind in config.prompt_folders.values()]
    real_vault = os.path.realpath(vault)
    for attr, rel, may_be_root in checks:
        source = config.sources.get(attr, "built-in default")
        ok = inside_vault(rel) or (may_be_root and rel in ("", "/"))
        if ok and rel.strip("/"):
            real = os.path.realpath(vault / rel)
            ok = real == real_vault or real.startswith(real_vault + os.sep)
        if not ok:
            line = None
            if source == CONFIG_NAME:
                text = (vault / CONFIG_NAME).read_text(encoding="utf-8-sig")
                table, key = _TOML_KEYS[attr]
                line = _key_line(text, table, key) if key else _prompt_line(text, rel)
            raise ConfigError(source, line, f"'{rel}' points outside the vault")


_TOML_KEYS = {
    "daily_folder": ("daily", "folder"),
    "templates_folder": ("templates", "folder"),
    "sessions_folder": ("sessions", "folder"),
    "agenda_note": ("agenda", "note"),
    "reviews_folder": ("reviews", "folder"),
    "daily_template": ("daily", "template"),
    "prompt_folders": ("prompts", None),
    "privacy_folders": ("privacy", "folders"),
}


def _prompt_line(text: str, value: str) -> int | None:
    """The line of a [prompts] entry whose folder or template is `value`."""
    current = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[([^\[\]]+)\]", line)
        if header:
            current = header.group(1).strip().strip('"')
        elif current == "prompts" and not line.startswith("#") and value in line:
            return number
    return None


def _normal_folder(rel: str) -> str:
    return rel.strip().strip("/")


def _refuse_absolute(vault: Path, found: dict[str, tuple[Any, str]]) -> None:
    """In vaultkit.toml a leading '/' means the file system's root, never the vault's."""
    text = None
    for attr, (table, key) in _TOML_KEYS.items():
        values = []
        if attr in found:
            value = found[attr][0]
            values = list(value) + list(value.values()) if isinstance(value, dict) else [value]
        for rel in values:
            if rel == "/":
                continue  # Obsidian's way of saying "the vault's root"
            if isinstance(rel, str) and (
                rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel)
            ):
                text = text or (vault / CONFIG_NAME).read_text(encoding="utf-8-sig")
                line = _key_line(text, table, key) if key else _prompt_line(text, rel)
                raise ConfigError(CONFIG_NAME, line, f"'{rel}' points outside the vault")


# --- the disk's spelling of the names in the settings ---------------------------------------


def spelled_as_on_disk(config: Config, vault: Path) -> tuple[Config, list[str]]:
    """`config` with every path it names spelled as the vault's folder spells it, and warnings.

    A name typed in NFC (`Nächste Sitzung.md`) may sit on disk in NFD, as macOS and some sync
    tools leave it. Linux holds the two spellings as two names, so a setting compared or written
    as typed would miss the person's note and make a twin beside it; every later comparison and
    write uses the spelling returned here instead. A name with no other spelling on disk keeps
    the settings' spelling. When both are on disk, the settings' spelling wins and a warning
    says so. When nothing differs, `config` itself is returned: the index cache key stays put.
    """
    disk = _DiskSpelling(vault)
    changes: dict[str, Any] = {}
    for attr in (
        "daily_folder",
        "templates_folder",
        "sessions_folder",
        "reviews_folder",
        "agenda_note",
    ):
        value = getattr(config, attr)
        spelled = disk.path(value)
        if spelled != value:
            changes[attr] = spelled
    private = tuple(disk.path(folder) for folder in config.privacy_folders)
    if private != config.privacy_folders:
        changes["privacy_folders"] = private
    templates = changes.get("templates_folder", config.templates_folder)

    def template(name: str) -> str:
        # A template is named by its path in the templates folder, without .md.
        prefix = f"{templates}/" if templates else ""
        spelled = disk.path(f"{prefix}{name}.md")
        if not spelled.startswith(prefix) or not spelled.endswith(".md"):
            return name
        return spelled[len(prefix) : -3]

    prompts = {disk.path(folder): template(kind) for folder, kind in config.prompt_folders.items()}
    if prompts != config.prompt_folders:
        changes["prompt_folders"] = prompts
    # The daily template is a vault path when it holds a '/' (Obsidian's way), else a name.
    name = config.daily_template
    spelled = disk.path(name + ".md")[:-3] if "/" in name else template(name)
    if spelled != name:
        changes["daily_template"] = spelled
    return (replace(config, **changes) if changes else config), disk.warnings()


class _DiskSpelling:
    """Finds the disk's spelling of a vault path, one folder listing at a time."""

    def __init__(self, vault: Path):
        self.vault = vault
        self._listed: dict[str, dict[str, list[str]]] = {}
        self._warned: dict[str, None] = {}

    def _names(self, folder: str) -> dict[str, list[str]]:
        """The entries of a vault folder by their NFC spelling; nothing when it is not there."""
        if folder not in self._listed:
            try:
                entries = sorted(os.listdir(self.vault / folder if folder else self.vault))
            except OSError:
                entries = []
            found: dict[str, list[str]] = {}
            for entry in entries:
                found.setdefault(nfc(entry), []).append(entry)
            self._listed[folder] = found
        return self._listed[folder]

    def path(self, rel: str) -> str:
        if not rel:
            return rel
        parts = rel.split("/")
        done: list[str] = []
        for index, part in enumerate(parts):
            twins = self._names("/".join(done)).get(nfc(part), [])
            if not twins:
                return "/".join(done + parts[index:])  # not on disk (yet): as the settings say
            chosen = part if part in twins else twins[0]
            if len(twins) > 1:
                kind = (
                    "notes"
                    if index == len(parts) - 1 and part.lower().endswith(".md")
                    else "folders"
                )
                which = (
                    "the one spelled as in the settings"
                    if chosen == part
                    else f"the {_form(chosen)} one"
                )
                self._warned[
                    f"{'/'.join([*done, chosen])}: two {kind} with this name in "
                    f"different Unicode spellings; using {which}"
                ] = None
            done.append(chosen)
        return "/".join(done)

    def warnings(self) -> list[str]:
        return list(self._warned)


def _form(name: str) -> str:
    for form in ("NFC", "NFD"):
        if unicodedata.is_normalized(form, name):
            return form
    return "first"


def load_config(vault: Path) -> tuple[Config, list[str]]:
    """The Config in force, and warnings about ignored Obsidian files."""
    warnings: list[str] = []
    values = _obsidian_values(vault, warnings)
    toml_found = _toml_values(vault)
    _refuse_absolute(vault, toml_found)
    values.update(toml_found)
    config = replace(
        Config(),
        **{k: v for k, (v, _) in values.items()},
        sources={k: src for k, (_, src) in values.items()},
    )
    config = replace(
        config,
        daily_folder=_normal_folder(config.daily_folder),
        templates_folder=_normal_folder(config.templates_folder),
        sessions_folder=_normal_folder(config.sessions_folder),
        reviews_folder=_normal_folder(config.reviews_folder),
        prompt_folders={_normal_folder(k): v.strip() for k, v in config.prompt_folders.items()},
        agenda_note=config.agenda_note
        if config.agenda_note.endswith(".md")
        else config.agenda_note + ".md",
    )
    _check_paths(config, vault)
    return config, warnings
