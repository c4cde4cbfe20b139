"""The file-system steps every vaultkit write is made of: a temp file beside its target,
written whole, fsynced, the folder fsynced after the rename, and the umask read without
racing other threads.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import threading

from vaultkit.store.temp_files import TEMP_SUFFIX, temp_prefix

# link(2) errors that mean "this filesystem has no hard links", not "no".
NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS})

# Some filesystems cannot fsync a folder at all; that is not a failed write.
_NO_FOLDER_FSYNC = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})

_CHUNK = 1 << 20


def temp_beside(folder: str, name: str) -> tuple[int, str]:
    """A new temp file in `folder` for the file `name`: (open fd, path)."""
    # Same folder, so the final rename never crosses a filesystem.
    return tempfile.mkstemp(prefix=temp_prefix(name), suffix=TEMP_SUFFIX, dir=folder)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, _CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)


def discard(tmp: str) -> None:
    # Also called after a successful rename, when the name is already gone.
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


def fsync_folder(folder: str) -> None:
    # A rename is only durable once the folder holding it is on disk.
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as err:
        if err.errno not in _NO_FOLDER_FSYNC:
            raise
    finally:
        os.close(fd)


def umask() -> int:
    # os.umask can only be read by setting it, which races with other threads
    # creating files; Linux shows it in /proc without touching it.
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        # 0o077 while probing: anything created in that instant is only
        # stricter than intended, never more open.
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


_UMASK_LOCK = threading.Lock()
