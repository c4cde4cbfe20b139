"""Where vaultkit keeps what is not the person's: one folder per vault, outside the vault."""

from __future__ import annotations

import errno
import json
import logging
import os
import stat
from pathlib import Path
from typing import BinaryIO

import platformdirs

from vaultkit.store.outside_writer import write_file
from vaultkit.store.vault_name import vault_name
from vaultkit.store.writer import reason_of

log = logging.getLogger("vaultkit")

INDEX_NAME = "index.pickle"  # the index cache (note_cache.py)


def cache_root() -> Path:
    """$VAULTKIT_CACHE_DIR, else the user cache folder as platformdirs finds it:
    $XDG_CACHE_HOME/vaultkit when that is an absolute path, as the XDG spec asks (a relative
    one would put the cache wherever vaultkit was started, maybe inside the vault), else
    ~/.cache/vaultkit, or ~/Library/Caches/vaultkit on macOS."""
    override = os.environ.get("VAULTKIT_CACHE_DIR")
    if override:
        return Path(override)
    return platformdirs.user_cache_path("vaultkit", appauthor=False)


def vault_cache_dir(vault: Path) -> Path:
    """The cache folder of one vault, named as its service is (vault_name.py)."""
    return cache_root() / vault_name(vault)


def has_index(root: Path) -> bool:
    """Whether the vault at `root` has an index cache (note_cache.py, under any settings):
    without one, every note is read afresh. Here, not with the cache itself, so that a command
    can ask before it imports the parser and the settings (helper_pool.start_ahead)."""
    return (vault_cache_dir(root) / INDEX_NAME).exists()


def open_cache_file(path: Path) -> BinaryIO:
    """A file of the cache folder, open for reading; raises OSError when it is anything but a
    regular file (a FIFO left in its place would block the read, and the command, forever).
    Every cache file is read through here: one that cannot be read is an empty cache."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_cache_text(path: Path) -> str:
    """The text of a cache file (open_cache_file); OSError or ValueError when unreadable."""
    with open_cache_file(path) as handle:
        return handle.read().decode("utf-8")


def write_json(path: Path, data: object) -> bool:
    """A cache file written whole, as JSON. Not fsynced: lost to a power cut, a cache costs
    time or precision later, never a line. One that cannot be written is said and passed over
    (False): this pass goes on."""
    return write_json_text(path, json.dumps(data, ensure_ascii=False))


def write_json_text(path: Path, text: str) -> bool:
    """write_json of JSON already written out."""
    try:
        write_file(
            path,
            text.encode("utf-8"),
            replace=True,
            mode=0o600,
            parents=True,
            durable=False,
        )
    except OSError as exc:
        log.warning("warning: %s: could not be written (%s)", path, reason_of(exc))
        return False
    return True
