"""The settings in force for a vault: vaultkit.toml, then Obsidian's own config, then defaults."""

from __future__ import annotations

import json
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from .names import nfc

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

    def as_dict(self) -> dict[str, Any]:
        return {
            "daily": {"folder": self.daily_folder, "format": self.daily_format,
                      "template": self.daily_template},
            "templates": {"folder": self.templates_folder, "date_format": self.date_format,
                          "time_format": self.time_format},
            "prompts": dict(sorted(self.prompt_folders.items())),
            "sessions": {"folder": self.sessions_folder, "schedule": self.schedule,
                         "threads_heading": self.threads_heading},
            "agenda": {"note": self.agenda_note, "tags": list(self.agenda_tags),
                       "phrases": self.agenda_phrases, "still_open": self.agenda_still_open},
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

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


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
    names = {str: "a string", int: "a number", float: "a number", list: "a list", dict: "a table",
             bool: "true or false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


_KNOWN = {
    None: {"quiet_seconds", "daily", "templates", "prompts", "sessions", "agenda", "mood", "support",
           "privacy", "reviews", "watch"},
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
        message = str(exc)
        match = _TOML_LINE.search(message)
        line = int(match.group(1)) if match else None
        raise ConfigError(CONFIG_NAME, line, _TOML_LINE.sub("", message).strip()) from None

    reader = _TomlReader(text, data)
    for table, keys in _KNOWN.items():
        source = data if table is None else reader.table(table)
        for key in source:
            if key not in keys:
                where = f"[{table}]" if table else "the top level"
                raise reader.fail(table, key, f"unknown setting '{key}' in {where}")

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
                raise reader.fail("prompts", folder, f"prompt folder '{folder}' must name a template")
        found["prompt_folders"] = (dict(prompts), CONFIG_NAME)
    _check_values(reader, found)
    return found


def _check_values(reader: _TomlReader, found: dict[str, tuple[Any, str]]) -> None:
    from .moment import has_date_tokens  # local: moment is only needed when a format is set

    def value(attr: str) -> Any:
        return found[attr][0] if attr in found else None

    if value("quiet_seconds") is not None and value("quiet_seconds") < 0:
        raise reader.fail(None, "quiet_seconds", "'quiet_seconds' must be 0 or more")
    if value("rescan_minutes") is not None and value("rescan_minutes") <= 0:
        raise reader.fail("watch", "rescan_minutes", "'rescan_minutes' must be more than 0")
    if value("daily_format") is not None and not has_date_tokens(value("daily_format")):
        raise reader.fail("daily", "format", "'format' must name a day (e.g. YYYY-MM-DD)")
    if value("mood_scale") is not None and value("mood_scale") < 2:
        raise reader.fail("mood", "scale", "'scale' must be 2 or more")
    if value("reviews_weeks") is not None and not 0 <= value("reviews_weeks") <= 520:
        raise reader.fail("reviews", "weeks", "'weeks' must be between 0 and 520")
    if value("agenda_still_open") is not None and not 0 <= value("agenda_still_open") <= 1000:
        raise reader.fail("agenda", "still_open", "'still_open' must be between 0 and 1000")
    for attr, table, key in (("agenda_tags", "agenda", "tags"), ("support", "support", "contacts"),
                             ("privacy_folders", "privacy", "folders")):
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
        found["privacy_folders"] = (tuple(_normal_folder(f) for f in value("privacy_folders")),
                                    CONFIG_NAME)
    if value("schedule"):
        from .sessions import parse_schedule, ScheduleError

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
    checks = [("daily_folder", config.daily_folder, True), ("templates_folder",
              config.templates_folder, True), ("sessions_folder", config.sessions_folder, True),
              ("agenda_note", config.agenda_note, False),
              ("reviews_folder", config.reviews_folder, False), ("daily_template",
              config.daily_template, False)]
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
    "daily_folder": ("daily", "folder"), "templates_folder": ("templates", "folder"),
    "sessions_folder": ("sessions", "folder"), "agenda_note": ("agenda", "note"),
    "reviews_folder": ("reviews", "folder"),
    "daily_template": ("daily", "template"), "prompt_folders": ("prompts", None),
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
            if isinstance(rel, str) and (rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel)):
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
    for attr in ("daily_folder", "templates_folder", "sessions_folder", "reviews_folder",
                 "agenda_note"):
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
        return spelled[len(prefix):-3]

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
                kind = "notes" if index == len(parts) - 1 and part.lower().endswith(".md") \
                    else "folders"
                which = "the one spelled as in the settings" if chosen == part else \
                    f"the {_form(chosen)} one"
                self._warned[f"{'/'.join(done + [chosen])}: two {kind} with this name in "
                             f"different Unicode spellings; using {which}"] = None
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
    config = replace(Config(), **{k: v for k, (v, _) in values.items()},
                     sources={k: src for k, (_, src) in values.items()})
    config = replace(
        config,
        daily_folder=_normal_folder(config.daily_folder),
        templates_folder=_normal_folder(config.templates_folder),
        sessions_folder=_normal_folder(config.sessions_folder),
        reviews_folder=_normal_folder(config.reviews_folder),
        prompt_folders={_normal_folder(k): v.strip() for k, v in config.prompt_folders.items()},
        agenda_note=config.agenda_note if config.agenda_note.endswith(".md")
        else config.agenda_note + ".md",
    )
    _check_paths(config, vault)
    return config, warnings
