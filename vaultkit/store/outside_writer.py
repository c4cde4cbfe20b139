"""Files vaultkit writes or removes outside the vault: the brief, a service file, the caches.

Under the same rules as a note (writer.py): a temp file beside the target, fsync, then a hard
link (never replacing what is there) or, only when asked, a rename; whatever goes wrong, no
temp file is left behind, and the error names the file in one line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from vaultkit.store.durable import NO_HARD_LINKS, discard, fsync_folder, temp_beside, umask
from vaultkit.store.writer import reason_of, require_bytes
from vaultkit.text.names import nfc


class WriteError(OSError):
    """A file outside the vault that could not be written. Its str() is the one line to show,
    `PATH: what happened`; `errno` is the OS's, `path` the file as it was named."""

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"

    @property
    def path(self) -> Path:
        return Path(self.filename)


class AlreadyExists(WriteError):
    """The file is there and replacing it was not asked for; it was left as it is."""


class InsideVault(WriteError):
    """The file would land inside the vault, where only notes are written (by write_note)."""


def write_file(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    replace: bool,
    mode: int | None = None,
    parents: bool = False,
    durable: bool = True,
    outside: str | os.PathLike[str] | None = None,
) -> None:
    """Write `data` to a file outside the vault, whole or not at all (see atomic_file)."""
    require_bytes("data", data)
    with atomic_file(
        path, replace=replace, mode=mode, parents=parents, durable=durable, outside=outside
    ) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_file(
    path: str | os.PathLike[str],
    *,
    replace: bool,
    mode: int | None = None,
    parents: bool = False,
    durable: bool = True,
    outside: str | os.PathLike[str] | None = None,
) -> Iterator[BinaryIO]:
    """A binary handle whose bytes become the file at `path` only once the block ends
    without an error: a temp file beside it, fsynced, then published in one step.

    replace=False: an existing file (even one made while the block ran) is never replaced
    (AlreadyExists). replace=True: it is replaced in one rename, keeping its mode, and written
    through a symlink as a shell's `>` would. A new file gets `mode` (else the umask's).
    parents: make the missing folders. durable=False skips the fsyncs, for files that are
    only ever a copy (a cache lost to a power cut is just read again). outside: a folder the
    file must not be in (the vault), however the path is spelled (InsideVault).

    Any OSError is raised as a WriteError naming `path`; the temp file is always removed.
    """
    shown = os.fspath(path)
    tmp = None
    try:
        if outside is not None and is_inside(shown, outside):
            raise InsideVault(errno.EPERM, "inside the vault", shown)
        target = os.path.abspath(shown)
        if replace:
            target = os.path.realpath(target)
        folder, name = os.path.split(target)
        if parents:
            os.makedirs(folder, exist_ok=True)
        if not replace and os.path.lexists(target):
            raise AlreadyExists(errno.EEXIST, "already exists", shown)
        final_mode = 0o666 & ~umask() if mode is None else mode
        if replace:
            with contextlib.suppress(FileNotFoundError):
                final_mode = stat.S_IMODE(os.stat(target).st_mode)
        fd, tmp = temp_beside(folder, name)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fchmod(fd, final_mode)
            if durable:
                os.fsync(fd)
        if replace:
            os.replace(tmp, target)
        else:
            _publish(tmp, target, shown)
        if durable:
            fsync_folder(folder)
    except WriteError:
        raise
    except OSError as err:
        raise WriteError(err.errno, reason_of(err), shown) from None
    finally:
        if tmp is not None:
            discard(tmp)


def _publish(tmp: str, target: str, shown: str) -> None:
    # As for a new note: link(2) never replaces a file made meanwhile.
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise AlreadyExists(errno.EEXIST, "already exists", shown) from None
    except OSError as err:
        if err.errno not in NO_HARD_LINKS:
            raise
        if os.path.lexists(target):
            raise AlreadyExists(errno.EEXIST, "already exists", shown) from None
        os.replace(tmp, target)


def remove_file(path: str | os.PathLike[str]) -> bool:
    """Remove a file vaultkit wrote outside the vault; False when it was not there. Any other
    OSError is raised as it came, for the caller to say what the system refused."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    return True


def is_inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """True when `path` (which need not exist yet) is `folder` or lies within it, however
    either is spelled: symlinks in the path and its folders resolved, Unicode spellings
    compared as one, and the folder recognised by its identity on disk, which also sees
    through a case-insensitive file system or a bind mount."""
    real, top = os.path.realpath(path), os.path.realpath(folder)
    if nfc(real) == nfc(top) or nfc(real).startswith(nfc(top).rstrip(os.sep) + os.sep):
        return True
    try:
        top_stat = os.stat(top)
    except OSError:
        return False
    probe = real
    while True:
        try:
            if os.path.samestat(os.stat(probe), top_stat):
                return True
        except OSError:
            pass  # not there yet, or not reachable: its parents still tell
        parent = os.path.dirname(probe)
        if parent == probe:
            return False
        probe = parent


def write_new_folder(folder: Path, files: Mapping[str, bytes], mtime: float | None = None) -> None:
    """Make the missing or empty `folder` hold exactly `files` (relative path → bytes), each
    with `mtime` when given.

    Made whole in a hidden folder beside it and renamed into place, so that a failure half-way
    leaves nothing behind. rename(2) takes the place of an empty folder and refuses one that is
    not empty: a folder something arrived in meanwhile is never touched."""
    parent = folder.absolute().parent
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".vaultkit", dir=parent))
    try:
        for rel, data in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            if mtime is not None:
                os.utime(path, (mtime, mtime))
        os.chmod(staging, 0o777 & ~umask())
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
