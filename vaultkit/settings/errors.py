"""The error a setting vaultkit cannot work with raises, naming the file and line to change."""

from __future__ import annotations


class ConfigError(Exception):
    """A setting vaultkit cannot work with; str() is `FILE:LINE: message`."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
