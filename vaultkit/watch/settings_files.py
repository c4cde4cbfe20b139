"""The settings files as the daemon follows them: read again when one changes on disk, and
taken only when what they say changed."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from vaultkit.settings.config import load_config
from vaultkit.settings.errors import ConfigError
from vaultkit.settings.table import SETTINGS_FILES

log = logging.getLogger("vaultkit")


class SettingsFiles:
    """The settings of one vault as written (ConfigError from the first reading: the caller
    exits 2), with the stamp of the files they were read from."""

    def __init__(self, root: Path):
        self.root = root
        self.config, warnings = load_config(root)
        for warning in warnings:
            log.warning("warning: %s", warning)
        self._stamp = self._signature()

    def touched(self) -> bool:
        """Whether a settings file has a new stamp since the settings were last read."""
        return self._signature() != self._stamp

    def reload(self) -> list[str] | None:
        """Read the settings again: when they changed, self.config has the new ones and their
        warnings are given back; else None. A file that does not read keeps the settings in
        force, and says so."""
        self._stamp = self._signature()
        try:
            config, warnings = load_config(self.root)
        except ConfigError as exc:
            log.error("error %s (the settings in force are kept)", exc)
            return None
        if config == self.config:
            return None
        log.info("settings changed: reading the vault again")
        self.config = config
        return warnings

    def _signature(self) -> tuple[object, ...]:
        stamps: list[tuple[object, ...]] = []
        for rel in sorted(SETTINGS_FILES):
            try:
                st = os.stat(self.root / rel)
                stamps.append((rel, st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:
                stamps.append((rel, None))
        return tuple(stamps)
