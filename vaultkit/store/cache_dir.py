"""Where vaultkit keeps what is not the person's: one folder per vault, outside the vault."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
from pathlib import Path

from vaultkit.store.writer import reason_of, write_file

log = logging.getLogger("vaultkit")


def cache_root(env: dict[str, str] | None = None) -> Path:
    """$VAULTKIT_CACHE_DIR, else the platform's user cache folder."""
    env = os.environ if env is None else env
    if env.get("VAULTKIT_CACHE_DIR"):
        return Path(env["VAULTKIT_CACHE_DIR"])
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "vaultkit"
    # Only an absolute $XDG_CACHE_HOME counts, as the XDG spec asks (and as service.py reads
    # $XDG_CONFIG_HOME): a relative one would put the cache wherever vaultkit was started,
    # maybe inside the vault.
    base = env.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = str(Path.home() / ".cache")
    return Path(base) / "vaultkit"


def vault_cache_dir(vault: Path, env: dict[str, str] | None = None) -> Path:
    """The cache folder of one vault: its name for people, a hash of its real path for uniqueness."""
    real = os.path.realpath(vault)
    slug = re.sub(r"[^a-z0-9]+", "-", os.path.basename(real).lower()).strip("-")[:32] or "vault"
    digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return cache_root(env) / f"{slug}-{digest}"


def write_json(path: Path, data: object) -> bool:
    """A cache file written whole, as JSON. Not fsynced: lost to a power cut, a cache costs
    time or precision later, never a line. One that cannot be written is said and passed over
    (False): this pass goes on."""
    try:
        write_file(
            path,
            json.dumps(data, ensure_ascii=False).encode("utf-8"),
            replace=True,
            mode=0o600,
            parents=True,
            durable=False,
        )
    except OSError as exc:
        log.warning("warning: %s: could not be written (%s)", path, reason_of(exc))
        return False
    return True
