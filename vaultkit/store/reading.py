"""Reading one note's bytes safely: regular files only, bounded size, never blocking on a FIFO."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from typing import NamedTuple

MAX_NOTE_BYTES = 16 * 1024 * 1024


class Unreadable(Exception):
    """A file that is passed over; str() is the reason, for a one-line warning. The subclass
    says why, so that a caller never has to compare the words."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path  # as asked for: vault-relative
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class Vanished(Unreadable):
    """Gone between the walk (or an event) and the read: not a problem to report."""

    def __init__(self, path: str) -> None:
        super().__init__(path, "vanished before it could be read")


class NotAFile(Unreadable):
    """A FIFO, a socket, a device: never opened for reading as a note."""


class TooLarge(Unreadable):
    def __init__(self, path: str) -> None:
        super().__init__(path, f"larger than {MAX_NOTE_BYTES // (1024 * 1024)} MiB")


class Binary(Unreadable):
    def __init__(self, path: str) -> None:
        super().__init__(path, "binary (contains NUL bytes)")


class Refused(Unreadable):
    """The system said no: permission denied, a symlink loop, an I/O error."""

    def __init__(self, path: str, exc: OSError) -> None:
        super().__init__(path, _reason(exc))
        self.errno = exc.errno


class FileState(NamedTuple):
    """A file as last read. `data` is kept only for the few files vaultkit may write or
    render from (see Vault.store); the rest are known by their digest, which keeps a
    50,000-note index small. A tuple: one is made for every note at every start, and a
    frozen dataclass costs several times as much to make."""

    data: bytes | None
    mtime: float
    mtime_ns: int
    size: int
    inode: int
    digest: bytes = b""


def digest_of(data: bytes) -> bytes:
    # SHA-256, cut to 16 bytes: CPUs of the last years compute it in hardware (OpenSSL uses
    # it), two to three times as fast as BLAKE2b, which every note of a first read pays.
    return hashlib.sha256(data).digest()[:16]


def read_note(vault: str | os.PathLike[str], rel: str) -> FileState:
    """The file `rel` of the vault as it is now; raises a kind of Unreadable otherwise."""
    path = os.path.join(vault, rel)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise Vanished(rel) from None
    except OSError as exc:
        raise Refused(rel, exc) from None
    if not stat.S_ISREG(before.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(before.st_mode) else "not a regular file"
        raise NotAFile(rel, f"{kind}, not a note")
    if before.st_size > MAX_NOTE_BYTES:
        raise TooLarge(rel)
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the stat must not hang the daemon.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise Vanished(rel) from None
    except OSError as exc:
        raise Refused(rel, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotAFile(rel, "not a regular file, not a note")
        chunks, total = [], 0
        # The first read asks for the size fstat gave and one byte more, into a buffer that
        # size (a buffer of 1 MiB for a 4 KB note cost more than reading it); the file is then
        # read on until a read brings nothing, so a note that grew since, or a disk that
        # gives fewer bytes than asked (a FUSE or network mount may), is still read whole.
        want = min(st.st_size, MAX_NOTE_BYTES) + 1
        while chunk := os.read(fd, want):
            total += len(chunk)
            if total > MAX_NOTE_BYTES:
                raise TooLarge(rel)
            chunks.append(chunk)
            want = 1 << 16
    except OSError as exc:
        raise Refused(rel, exc) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if b"\x00" in data:
        raise Binary(rel)
    return FileState(data, st.st_mtime, st.st_mtime_ns, len(data), st.st_ino, digest_of(data))


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot be read ({exc.strerror or exc})"
