"""vaultkit's own temp files: named so that they are recognised, and the ones a killed run
left behind swept away.

Every write stages its bytes in a temp file beside its target (durable.py); the name carries
the target's name, so a stray one is recognisable, and the writer's pid, so that a later run
can tell whether it is still being written.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

TEMP_MARKER = ".vaultkit-"
TEMP_SUFFIX = ".tmp"

# Temp names carry the target's name, but only a prefix of it: the full name plus marker and
# suffix could exceed NAME_MAX.
NAME_KEPT = 40

# A temp file whose writer's pid cannot be read from its name, or runs again under another
# program, is taken for stale only after this long; no write of vaultkit's takes a minute.
STALE_TEMP_SECONDS = 3600.0


def temp_prefix(name: str) -> str:
    """The start of the name of a temp file that will become `name`."""
    return f".{name[:NAME_KEPT]}{TEMP_MARKER}{os.getpid()}-"


def is_temp_name(name: str) -> bool:
    """True for the names of this writer's own temp files."""
    return name.startswith(".") and TEMP_MARKER in name and name.endswith(TEMP_SUFFIX)


def is_stale_temp(path: str, now: float) -> bool:
    """A temp file left by a writer that is gone (killed mid-write): its process no longer
    exists, or it is older than STALE_TEMP_SECONDS."""
    name = os.path.basename(path)
    try:
        age = now - os.lstat(path).st_mtime
    except OSError:
        return False
    pid = name.rsplit(TEMP_MARKER, 1)[-1].split("-", 1)[0]
    if pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except OSError:
            pass  # alive, but not ours to signal
    return age > STALE_TEMP_SECONDS


def sweep_stale_temps(vault: Path, rels: list[str], now: float | None = None) -> list[str]:
    """Remove the temp files a killed vaultkit left behind (the note itself was never touched:
    the rename had not happened). Returns the paths removed."""
    now = time.time() if now is None else now
    removed = []
    for rel in rels:
        path = os.path.join(vault, rel)
        if is_temp_name(os.path.basename(rel)) and is_stale_temp(path, now):
            # One that cannot be removed (a read-only vault) is harmless and tried again next
            # time; the writes of this pass say what the vault refuses.
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed.append(rel)
    return removed
