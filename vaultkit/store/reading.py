"""Reading one note's bytes safely: regular files only, bounded size, never blocking on a FIFO."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_NOTE_BYTES = 16 * 1024 * 1024


class Unreadable(Exception):
    """A file that is passed over; str() is the reason, for a one-line warning."""


@dataclass(frozen=True, slots=True)
class FileState:
    """A file as last read. `data` is kept only for the few files vaultkit may write or
    render from (see Vault.store); the rest are known by their digest, which keeps a
    50,000-note index small."""

    data: bytes | None
    mtime: float
    mtime_ns: int
    size: int
    inode: int
    digest: bytes = b""


def digest_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def read_note(vault: Path, rel: str) -> FileState:
    path = os.path.join(vault, rel)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise Unreadable("vanished before it could be read") from None
    except OSError as exc:
        raise Unreadable(_reason(exc)) from None
    if not stat.S_ISREG(before.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(before.st_mode) else "not a regular file"
        raise Unreadable(f"{kind}, not a note")
    if before.st_size > MAX_NOTE_BYTES:
        raise Unreadable(f"larger than {MAX_NOTE_BYTES // (1024 * 1024)} MiB")
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the stat must not hang the daemon.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise Unreadable("vanished before it could be read") from None
    except OSError as exc:
        raise Unreadable(_reason(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable("not a regular file, not a note")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_NOTE_BYTES:
                raise Unreadable(f"larger than {MAX_NOTE_BYTES // (1024 * 1024)} MiB")
            chunks.append(chunk)
    except OSError as exc:
        raise Unreadable(_reason(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if b"\x00" in data:
        raise Unreadable("binary (contains NUL bytes)")
    return FileState(data, st.st_mtime, st.st_mtime_ns, len(data), st.st_ino, digest_of(data))


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot be read ({exc.strerror or exc})"
