"""One daemon per vault: an advisory lock in the vault's cache folder.

flock, not a pid file: the kernel drops the lock when the process dies, however it dies,
so a crashed daemon never leaves a stale lock behind. The one file vaultkit writes in place
rather than through the writer (outside_writer.py): a lock is held on an inode, and a
replacement file would be a second inode that a second daemon could lock too.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from vaultkit.store.writer import reason_of

LOCK_NAME = "watch.lock"


class LockHeld(Exception):
    def __init__(self, path: Path, pid: str):
        self.path, self.pid = path, pid
        who = f"process {pid}" if pid else "another process"
        super().__init__(
            f"another vaultkit watch ({who}) is already tending this vault (lock: {path})"
        )


class LockUnavailable(Exception):
    """The lock cannot be taken at all: the cache folder cannot be made or written. The daemon
    cannot run without it, so this is the end, said in one line naming the folder."""

    def __init__(self, folder: Path, reason: str, what: str = "cannot create the lock file"):
        self.folder, self.reason = folder, reason
        super().__init__(f"{folder}: {what}: {reason}")


class VaultLock:
    def __init__(self, cache_dir: Path):
        self.path = cache_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as err:
            raise LockUnavailable(self.path.parent, reason_of(err)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            raise LockHeld(self.path, pid) from None
        except OSError as err:  # a file system without locks (some network drives)
            os.close(fd)
            raise LockUnavailable(
                self.path.parent, reason_of(err), "cannot take the lock"
            ) from None
        # The pid is only for the message a second daemon prints: a full disk may keep it out.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> VaultLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
