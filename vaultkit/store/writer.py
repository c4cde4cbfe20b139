"""The one writer every change to a note goes through.

The notes it writes are open in the person's own editor at the same time, so
it only ever swaps a finished file in with one rename, and only after checking,
as late as it can, that the file still holds exactly the bytes the edit was
based on. Whatever goes wrong, the original stays byte-identical and no temp
file is left behind.

Files outside the vault (the brief, a service file, the caches) are written by
outside_writer.py under the same rules; a file vaultkit made redundant in the vault (a merged
conflict copy) is removed by removing.py, compare-and-swap too.
"""

from __future__ import annotations

import enum
import errno
import math
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vaultkit.store.durable import (
    NO_HARD_LINKS,
    discard,
    fsync_folder,
    read_all,
    temp_beside,
    umask,
    write_all,
)
from vaultkit.text.names import other_spelling


class Outcome(enum.Enum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    DEFERRED = "deferred"
    CONFLICT = "conflict"
    REFUSED = "refused"
    # The machine said no (a full disk, a read-only vault, a name too long): the note is as it
    # was. "error" is the word the report, the exit status and the daemon's log count as trouble.
    FAILED = "error"


# The actions of a write put off, to be tried again (the daemon does so by itself).
PUT_OFF = (Outcome.DEFERRED.value, Outcome.CONFLICT.value)
# The actions the report, the exit status and the daemon's log count as trouble.
TROUBLE = (*PUT_OFF, Outcome.REFUSED.value, Outcome.FAILED.value)


@dataclass(frozen=True)
class WriteResult:
    outcome: Outcome
    path: str
    reason: str = ""


def reason_of(err: OSError) -> str:
    """What an OS error says, in the plain words a line of output uses: "no space left on
    device", "read-only file system", "permission denied", "file name too long"."""
    text = err.strerror or str(err) or type(err).__name__
    return text[:1].lower() + text[1:]


class _Verdict(Exception):
    # Raised from deep inside to end a write with an outcome that is not an
    # error; the temp-file cleanup in `finally` runs on the way out.
    def __init__(self, outcome: Outcome, reason: str = "") -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason


def write_note(
    vault: Path,
    rel: str,
    new: bytes,
    *,
    expect: bytes | None,
    quiet_seconds: float = 5.0,
    expect_inode: int | None = None,
    clock: Callable[[], float] = time.time,
) -> WriteResult:
    """Create (expect=None) or replace (expect=bytes) the note at `rel`.

    Never raises OSError: what the file system refuses is an Outcome.FAILED result with its
    reason, the note untouched and no temp file left, so a pass can say so and go on."""
    require_bytes("new", new)
    if expect is not None:
        require_bytes("expect", expect)
    try:
        named, real = _locate(vault, rel)
        if expect is None:
            _create(named, real, new)
        else:
            _replace(real, new, expect, quiet_seconds, expect_inode, clock)
    except _Verdict as verdict:
        return WriteResult(verdict.outcome, rel, verdict.reason)
    except OSError as err:
        return WriteResult(Outcome.FAILED, rel, reason_of(err))
    return WriteResult(Outcome.WRITTEN, rel)


def require_bytes(what: str, value: object) -> None:
    # A str would need an encoding guess, and a stray int would make bytes(n)
    # zeros; the caller must hand over the exact bytes.
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{what} must be bytes, not {type(value).__name__}")


# --- where the note really is -------------------------------------------------


def _locate(vault: Path, rel: str) -> tuple[str, str]:
    """Return the note's path as named and its real path, both inside the vault."""
    parts = _checked_parts(rel)
    root = os.path.realpath(vault)
    if not os.path.isdir(root):
        # Without this, creating parent folders would quietly create the vault.
        raise FileNotFoundError(errno.ENOENT, "vault folder does not exist", str(vault))
    named = os.path.join(root, *parts)
    real = os.path.realpath(named)
    if real == root or os.path.commonpath([root, real]) != root:
        raise _Verdict(Outcome.REFUSED, "resolves to a place outside the vault")
    if os.path.islink(real):
        # realpath resolves every link it can; one left over is a loop.
        raise _Verdict(Outcome.REFUSED, "is a symlink loop")
    return named, real


def _checked_parts(rel: str) -> tuple[str, ...]:
    if not isinstance(rel, str) or "\0" in rel:
        raise _Verdict(Outcome.REFUSED, "is not a usable path")
    path = PurePosixPath(rel)
    if path.is_absolute():
        raise _Verdict(Outcome.REFUSED, "is an absolute path")
    if ".." in path.parts:
        raise _Verdict(Outcome.REFUSED, "contains a '..' component")
    if not path.parts:
        raise _Verdict(Outcome.REFUSED, "names the vault itself")
    return path.parts


# --- create -------------------------------------------------------------------


def _create(named: str, real: str, new: bytes) -> None:
    # lexists, not exists: a dangling symlink is something the person made.
    if os.path.lexists(named):
        raise _Verdict(Outcome.CONFLICT, "already exists")
    folder, name = os.path.split(real)
    _refuse_twin(folder, name)
    _make_folders(folder)
    tmp = _stage(folder, name, new, 0o666 & ~umask())
    try:
        _publish_new(tmp, real)
    finally:
        discard(tmp)
    fsync_folder(folder)


def _make_folders(folder: str) -> None:
    # One level at a time so each new folder can be fsynced into its parent:
    # a crash must not lose the folder that holds a freshly written note.
    missing = []
    while not os.path.isdir(folder) and folder != os.path.dirname(folder):
        missing.append(folder)
        folder = os.path.dirname(folder)
    for path in reversed(missing):
        _refuse_twin(*os.path.split(path))
        try:
            os.mkdir(path)
        except FileExistsError:
            if not os.path.isdir(path):
                raise
            continue
        fsync_folder(os.path.dirname(path))


def _refuse_twin(folder: str, name: str) -> None:
    # Linux would keep `Zoé.md` typed here beside a `Zoé.md` a Mac synced in decomposed: two
    # notes that look like one. The one already there is the note.
    twin = other_spelling(folder, name)
    if twin is not None:
        raise _Verdict(Outcome.CONFLICT, f"exists under another Unicode spelling: {twin}")


def _publish_new(tmp: str, target: str) -> None:
    # link(2) fails when the name exists, so a note the person created in the
    # meantime is never replaced. The caller unlinks the temp name afterwards.
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise _Verdict(Outcome.CONFLICT, "was created meanwhile") from None
    except OSError as err:
        if err.errno not in NO_HARD_LINKS:
            raise
        # Without hard links there is no create-if-absent rename; checking
        # right before it shrinks the window to a moment.
        if os.path.lexists(target):
            raise _Verdict(Outcome.CONFLICT, "was created meanwhile") from None
        os.replace(tmp, target)


# --- replace ------------------------------------------------------------------


def _replace(
    real: str,
    new: bytes,
    expect: bytes,
    quiet_seconds: float,
    expect_inode: int | None,
    clock: Callable[[], float],
) -> None:
    before = _stat_existing(real)
    _refuse_unless_plain(before)
    if new == expect:
        raise _Verdict(Outcome.UNCHANGED)
    _defer_if_recent(before, quiet_seconds, clock)
    inode = before.st_ino if expect_inode is None else expect_inode
    folder, name = os.path.split(real)
    tmp = _stage(folder, name, new, stat.S_IMODE(before.st_mode), (before.st_uid, before.st_gid))
    try:
        _compare_and_swap(tmp, real, expect, (before.st_dev, inode), quiet_seconds, clock)
    finally:
        discard(tmp)
    fsync_folder(folder)


def _stat_existing(real: str) -> os.stat_result:
    try:
        return os.stat(real)
    except (FileNotFoundError, NotADirectoryError):
        raise _Verdict(Outcome.CONFLICT, "does not exist any more") from None


def _refuse_unless_plain(st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise _Verdict(Outcome.REFUSED, "is not a regular file")
    if st.st_nlink > 1:
        raise _Verdict(
            Outcome.REFUSED,
            f"has {st.st_nlink} hard links; replacing it would split them",
        )


def _defer_if_recent(st: os.stat_result, quiet_seconds: float, clock: Callable[[], float]) -> None:
    age = clock() - st.st_mtime
    if age >= quiet_seconds:
        return
    if age < 0:
        when = f"saved {-age:.1f} s in the future, by this machine's clock"
    else:
        when = f"saved {age:.1f} s ago"  # by the person, an editor or a sync tool: never guessed
    # The daemon tries again by itself once the quiet period is over; a one-off command says
    # "run it again" instead (cli/exits.py swaps the words: RETRY_LATER).
    wait = math.ceil(quiet_seconds - age)
    # No brackets of its own: the reports put a reason in brackets already.
    raise _Verdict(
        Outcome.DEFERRED,
        f"{when}, within the quiet period of {quiet_seconds:g} s; {RETRY_LATER} {wait} s",
    )


# The end of a deferral's reason: the words a one-off command replaces (see _defer_if_recent).
RETRY_LATER = "vaultkit tries again in"


def _compare_and_swap(
    tmp: str,
    real: str,
    expect: bytes,
    identity: tuple[int, int],
    quiet_seconds: float,
    clock: Callable[[], float],
) -> None:
    # Everything slow (writing, fsync) happened before this, so the gap between
    # the last look at the person's file and the rename is as short as it gets.
    current, seen = _read_current(real)
    if current != expect:
        raise _Verdict(Outcome.CONFLICT, "changed since the edit was based on it")
    if (seen.st_dev, seen.st_ino) != identity:
        raise _Verdict(Outcome.CONFLICT, "is another file than the edit was based on")
    _refuse_unless_plain(seen)
    _defer_if_recent(seen, quiet_seconds, clock)
    os.replace(tmp, real)


def _read_current(real: str) -> tuple[bytes, os.stat_result]:
    # O_NOFOLLOW: a symlink swapped in since the first look is not the note.
    # O_NONBLOCK: a FIFO swapped in must not hang the daemon on open.
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(real, flags)
    except (FileNotFoundError, NotADirectoryError):
        raise _Verdict(Outcome.CONFLICT, "vanished while being written") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise _Verdict(Outcome.CONFLICT, "was replaced by a symlink") from None
        raise
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise _Verdict(Outcome.CONFLICT, "was replaced by something that is not a file")
        data = read_all(fd)
    finally:
        os.close(fd)
    # The name must still lead to the file just read; otherwise the bytes
    # compared belong to a file the rename would not replace.
    try:
        now = os.lstat(real)
    except FileNotFoundError:
        raise _Verdict(Outcome.CONFLICT, "vanished while being written") from None
    if (now.st_dev, now.st_ino) != (opened.st_dev, opened.st_ino):
        raise _Verdict(Outcome.CONFLICT, "was replaced while being written")
    return data, now


# --- the new bytes, staged beside the note --------------------------------------


def _stage(
    folder: str,
    name: str,
    data: bytes,
    mode: int,
    owner: tuple[int, int] | None = None,
) -> str:
    """Write `data` to a durable temp file beside the note; return its path."""
    fd, tmp = temp_beside(folder, name)
    try:
        try:
            write_all(fd, data)
            if owner is not None:
                _keep_owner(fd, *owner)
            # After chown: chown clears set-id bits, so the mode goes last.
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        discard(tmp)
        raise
    return tmp


def _keep_owner(fd: int, uid: int, gid: int) -> None:
    # A replacement owned by the daemon's user could lock the person out of
    # their own note; if the owner cannot be kept, the note is not touched.
    st = os.fstat(fd)
    if (st.st_uid, st.st_gid) == (uid, gid):
        return
    try:
        os.fchown(fd, uid, gid)
    except PermissionError:
        raise _Verdict(
            Outcome.REFUSED, "owned by another user or group that a replacement cannot keep"
        ) from None
