"""The settings Obsidian keeps in .obsidian/: core Daily notes, Templates and Periodic Notes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DAILY_NOTES = ".obsidian/daily-notes.json"
TEMPLATES = ".obsidian/templates.json"
PERIODIC_NOTES = ".obsidian/plugins/periodic-notes/data.json"
# Every file of Obsidian's that vaultkit takes settings from.
OBSIDIAN_FILES = (DAILY_NOTES, TEMPLATES, PERIODIC_NOTES)


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


def obsidian_values(vault: Path, warnings: list[str]) -> dict[str, tuple[Any, str]]:
    """Settings found in .obsidian/, each with the file it came from."""
    found: dict[str, tuple[Any, str]] = {}

    def take(key: str, value: Any, source: str) -> None:
        if isinstance(value, str) and value.strip():
            found[key] = (value.strip(), source)

    rel = DAILY_NOTES
    daily = _read_json(vault, rel, warnings)
    take("daily_folder", daily.get("folder"), rel)
    take("daily_format", daily.get("format"), rel)
    take("daily_template", daily.get("template"), rel)

    rel = TEMPLATES
    tpl = _read_json(vault, rel, warnings)
    take("templates_folder", tpl.get("folder"), rel)
    take("date_format", tpl.get("dateFormat"), rel)
    take("time_format", tpl.get("timeFormat"), rel)

    rel = PERIODIC_NOTES
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
