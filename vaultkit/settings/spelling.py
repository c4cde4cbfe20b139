"""The disk's spelling of the names in the settings (NFC as typed, NFD as macOS may store them)."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from vaultkit.settings.config import Config
from vaultkit.text.names import nfc


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
