"""The one name vaultkit gives a vault outside it: its cache folder and its login service.

`<folder-slug>-<8 hex>`: the folder's name for people (transliterated to ASCII, lowercased,
at most 32 characters, "vault" when nothing is left of it), and a hash of its real path so
that two `Journal` folders stay apart and a symlinked path to the vault gets the same name.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path


def vault_name(vault: str | os.PathLike[str]) -> str:
    resolved = Path(vault).resolve()
    ascii_name = unicodedata.normalize("NFKD", resolved.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:32].strip("-") or "vault"
    digest = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:8]
    return f"{slug}-{digest}"
