"""Files written outside the vault (the brief, a service file, the caches): whole or not at
all, never replacing a file unless asked, never inside the vault."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from vaultkit.store.outside_writer import (
    AlreadyExists,
    InsideVault,
    WriteError,
    atomic_file,
    is_inside,
    remove_file,
    write_file,
)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    return root


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fail(code: int = errno.EIO):
    def raiser(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return raiser


def test_write_file_creates_a_file_and_never_replaces_one_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "brief.html"
    write_file(path, b"first\n", replace=False)
    assert path.read_bytes() == b"first\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~current_umask()

    with pytest.raises(AlreadyExists) as refused:
        write_file(path, b"second\n", replace=False)
    assert str(refused.value) == f"{path}: already exists"
    assert path.read_bytes() == b"first\n"

    path.chmod(0o600)
    write_file(path, b"second\n", replace=True)
    assert path.read_bytes() == b"second\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # replacing keeps the file's mode
    assert sorted(os.listdir(tmp_path)) == ["brief.html"]


def test_write_file_never_replaces_a_file_created_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "brief.html"
    with pytest.raises(AlreadyExists), atomic_file(path, replace=False) as out:
        out.write(b"mine\n")
        path.write_bytes(b"the person's\n")  # made while the page was being written
    assert path.read_bytes() == b"the person's\n"
    assert sorted(os.listdir(tmp_path)) == ["brief.html"]


def test_write_file_writes_through_a_symlink_when_replacing(tmp_path: Path) -> None:
    target = tmp_path / "real.html"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    write_file(link, b"new\n", replace=True)
    assert link.is_symlink() and target.read_bytes() == b"new\n"


@pytest.mark.parametrize(
    ("call", "code", "reason"),
    [
        ("tempfile.mkstemp", errno.EACCES, "permission denied"),
        ("os.fsync", errno.ENOSPC, "no space left on device"),
        ("os.fchmod", errno.EPERM, "operation not permitted"),
        ("os.link", errno.EROFS, "read-only file system"),
        ("os.replace", errno.EROFS, "read-only file system"),
    ],
)
@pytest.mark.parametrize("replace", [False, True])
def test_write_file_fails_in_one_line_and_leaves_nothing_half_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    code: int,
    reason: str,
    replace: bool,
) -> None:
    path = tmp_path / "out" / "brief.html"
    path.parent.mkdir()
    if replace:
        path.write_bytes(b"old\n")
    module, name = call.split(".")
    monkeypatch.setattr({"os": os, "tempfile": tempfile}[module], name, fail(code))

    try:
        write_file(path, b"new\n" * 100_000, replace=replace)
    except WriteError as err:
        monkeypatch.undo()
        assert str(err) == f"{path}: {reason}"
        assert err.path == path and err.errno == code
    else:
        monkeypatch.undo()
        assert (call, replace) == ("os.link", True) or (call, replace) == ("os.replace", False)
        return
    assert os.listdir(path.parent) == (["brief.html"] if replace else [])
    if replace:
        assert path.read_bytes() == b"old\n"


def test_a_disk_that_fills_up_mid_file_leaves_the_old_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "index.pickle"
    path.write_bytes(b"old\n")
    with pytest.raises(WriteError) as failed, atomic_file(path, replace=True) as out:
        out.write(b"the first chunk")
        out.flush()  # really on disk in the temp file
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as the next write would
    assert str(failed.value) == f"{path}: no space left on device"
    assert path.read_bytes() == b"old\n" and os.listdir(tmp_path) == ["index.pickle"]


def test_write_file_can_refuse_a_place_inside_the_vault(vault: Path, tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(vault)
    for path in (vault / "brief.html", tmp_path / "link" / "x.html", vault / "a" / "b.html"):
        with pytest.raises(InsideVault):
            write_file(path, b"x", replace=True, outside=vault)
        assert not is_inside(tmp_path / "elsewhere.html", vault)
        assert is_inside(path, vault)
    assert os.listdir(vault) == []


def test_remove_file_says_whether_there_was_one(tmp_path: Path) -> None:
    path = tmp_path / "vaultkit-journal-1234abcd.service"
    path.write_bytes(b"[Unit]\n")
    assert remove_file(path) is True
    assert remove_file(path) is False
    assert os.listdir(tmp_path) == []
