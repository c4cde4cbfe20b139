"""The one writer every vaultkit write goes through.

The notes it writes are open in the person's own editor at the same time, so
it only ever swaps a finished file in with one rename, and only after checking,
as late as it can, that the file still holds exactly the bytes the edit was
based on. Whatever goes wrong, the original stays byte-identical and no temp
file is left behind.

The few files vaultkit writes outside the vault (the brief, a service file, the index cache)
go through `write_file` / `atomic_file` here too, under the same rules: a temp file beside the
target, fsync, then a hard link (never replacing what is there) or, only when asked, a rename.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import math
import os
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from vaultkit.text.names import nfc, other_spelling

TEMP_MARKER = ".vaultkit-"
_TEMP_SUFFIX = ".tmp"

# Temp names carry the note's name so a stray one is recognisable, but only a
# prefix of it: the full name plus marker and suffix could exceed NAME_MAX.
_NAME_KEPT = 40

# link(2) errors that mean "this filesystem has no hard links", not "no".
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS}
)

# Some filesystems cannot fsync a folder at all; that is not a failed write.
_NO_FOLDER_FSYNC = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})

_CHUNK = 1 << 20


class Outcome(enum.Enum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    DEFERRED = "deferred"
    CONFLICT = "conflict"
    REFUSED = "refused"
    # The machine said no (a full disk, a read-only vault, a name too long): the note is as it
    # was. "error" is the word the report, the exit status and the daemon's log count as trouble.
    FAILED = "error"


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


def is_temp_name(name: str) -> bool:
    """True for the names of this writer's own temp files."""
    return name.startswith(".") and TEMP_MARKER in name and name.endswith(_TEMP_SUFFIX)


# A temp file whose writer's pid cannot be read from its name, or runs again under another
# program, is taken for stale only after this long; no write of vaultkit's takes a minute.
STALE_TEMP_SECONDS = 3600.0


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
    _require_bytes("new", new)
    if expect is not None:
        _require_bytes("expect", expect)
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


def _require_bytes(what: str, value: object) -> None:
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
    tmp = _stage(folder, name, new, 0o666 & ~_umask())
    try:
        _publish_new(tmp, real)
    finally:
        _discard(tmp)
    _fsync_folder(folder)


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
        _fsync_folder(os.path.dirname(path))


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
        if err.errno not in _NO_HARD_LINKS:
            raise
        # Without hard links there is no create-if-absent rename; checking
        # right before it shrinks the window to a moment.
        if os.path.lexists(target):
            raise _Verdict(Outcome.CONFLICT, "was created meanwhile") from None
        os.replace(tmp, target)


def _umask() -> int:
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
        _discard(tmp)
    _fsync_folder(folder)


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
    # "run it again" instead (cli.py swaps the words: RETRY_LATER).
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
        data = _read_all(fd)
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


# --- temp files and durability ------------------------------------------------


def _stage(
    folder: str,
    name: str,
    data: bytes,
    mode: int,
    owner: tuple[int, int] | None = None,
) -> str:
    """Write `data` to a durable temp file beside the note; return its path."""
    # Same folder, so the final rename never crosses a filesystem.
    # The writer's pid in the name tells a later run whether the file is still being written.
    fd, tmp = tempfile.mkstemp(
        prefix=f".{name[:_NAME_KEPT]}{TEMP_MARKER}{os.getpid()}-",
        suffix=_TEMP_SUFFIX,
        dir=folder,
    )
    try:
        try:
            _write_all(fd, data)
            if owner is not None:
                _keep_owner(fd, *owner)
            # After chown: chown clears set-id bits, so the mode goes last.
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _discard(tmp)
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


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, _CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)


def _discard(tmp: str) -> None:
    # Also called after a successful rename, when the name is already gone.
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


def _fsync_folder(folder: str) -> None:
    # A rename is only durable once the folder holding it is on disk.
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as err:
        if err.errno not in _NO_FOLDER_FSYNC:
            raise
    finally:
        os.close(fd)


# --- files outside the vault ----------------------------------------------------------------


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
    _require_bytes("data", data)
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
        final_mode = 0o666 & ~_umask() if mode is None else mode
        if replace:
            with contextlib.suppress(FileNotFoundError):
                final_mode = stat.S_IMODE(os.stat(target).st_mode)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{name[:_NAME_KEPT]}{TEMP_MARKER}{os.getpid()}-",
            suffix=_TEMP_SUFFIX,
            dir=folder,
        )
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fchmod(fd, final_mode)
            if durable:
                os.fsync(fd)
        if replace:
            os.replace(tmp, target)
        else:
            _publish_outside(tmp, target, shown)
        if durable:
            _fsync_folder(folder)
    except WriteError:
        raise
    except OSError as err:
        raise WriteError(err.errno, reason_of(err), shown) from None
    finally:
        if tmp is not None:
            _discard(tmp)


def _publish_outside(tmp: str, target: str, shown: str) -> None:
    # As for a new note: link(2) never replaces a file made meanwhile.
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise AlreadyExists(errno.EEXIST, "already exists", shown) from None
    except OSError as err:
        if err.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(target):
            raise AlreadyExists(errno.EEXIST, "already exists", shown) from None
        os.replace(tmp, target)


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
