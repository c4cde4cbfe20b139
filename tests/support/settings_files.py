"""Settings files written into a test vault, and the ConfigError a load raises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vaultkit.settings.config import load_config
from vaultkit.settings.errors import ConfigError

DAILY_JSON = ".obsidian/daily-notes.json"
TEMPLATES_JSON = ".obsidian/templates.json"
PERIODIC_JSON = ".obsidian/plugins/periodic-notes/data.json"


def put(vault: Path, rel: str, content: str | dict) -> Path:
    path = vault / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content) if isinstance(content, dict) else content, encoding="utf-8")
    return path


def config_error(vault: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(vault)
    return caught.value
