"""Where the built-in templates and the example vault are, installed or in a checkout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # the vaultkit package folder


def _find(installed: str, in_checkout: str) -> Path:
    # A wheel carries them under vaultkit/_data; an editable install or a
    # checkout reads them from the top of the repository.
    candidate = PACKAGE / "_data" / installed
    if candidate.is_dir():
        return candidate
    return PACKAGE.parent / in_checkout


def builtin_templates_dir() -> Path:
    return _find("templates", "templates")


def example_vault_dir() -> Path:
    return _find("example_vault", "examples/vault")


# The newest day the example vault's notes are dated (Journal/2026-11-21.md). `vaultkit demo`
# moves every date by whole weeks from here so that the example ends just before today; a
# test checks it against the files, so a new page in the example moves it too.
EXAMPLE_LAST_DAY = dt.date(2026, 11, 21)
