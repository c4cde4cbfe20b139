"""The writer must never lose a keystroke: every test checks real bytes on disk."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import pytest

from vaultkit.store.temp_files import TEMP_MARKER, is_temp_name
from vaultkit.store.writer import Outcome, WriteResult, write_note

OLD = 3600.0  # seconds into the past that "settled" notes are moved


def make_note(path: Path, data: bytes, *, age: float = OLD) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    settle(path, age)
    return path


def settle(path: Path, age: float = OLD) -> None:
    # Move the mtime into the past instead of sleeping through the quiet period.
    then = time.time() - age
    os.utime(path, (then, then))


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if TEMP_MARKER in p.name]


def snapshot(path: Path) -> tuple[bytes, int, int]:
    st = os.stat(path)
    return path.read_bytes(), st.st_ino, st.st_mtime_ns


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    path = tmp_path / "outside.md"
    path.write_bytes(b"not the vault's\n")
    return path


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- create -------------------------------------------------------------------


def test_create_writes_the_bytes_with_the_umask_mode(vault: Path) -> None:
    result = write_note(vault, "new.md", b"# Tuesday\n", expect=None)

    assert result == WriteResult(Outcome.WRITTEN, "new.md")
    note = vault / "new.md"
    assert note.read_bytes() == b"# Tuesday\n"
    assert stat.S_IMODE(note.stat().st_mode) == 0o666 & ~current_umask()
    assert note.stat().st_nlink == 1
    assert temp_files(vault) == []


def test_create_follows_a_changed_umask(vault: Path) -> None:
    old = os.umask(0o027)
    try:
        write_note(vault, "private.md", b"x", expect=None)
    finally:
        os.umask(old)
    assert stat.S_IMODE((vault / "private.md").stat().st_mode) == 0o640


def test_create_makes_missing_parent_folders(vault: Path) -> None:
    result = write_note(vault, "2024/05/14.md", b"entry\n", expect=None)

    assert result.outcome is Outcome.WRITTEN
    assert (vault / "2024" / "05" / "14.md").read_bytes() == b"entry\n"
    assert temp_files(vault) == []


def test_create_refuses_to_replace_an_existing_file(vault: Path) -> None:
    note = make_note(vault / "taken.md", b"the person's words\n")
    before = snapshot(note)

    result = write_note(vault, "taken.md", b"daemon text\n", expect=None)

    assert result.outcome is Outcome.CONFLICT
    assert result.reason
    assert snapshot(note) == before
    assert temp_files(vault) == []


def test_create_refuses_a_dangling_symlink(vault: Path) -> None:
    link = vault / "later.md"
    link.symlink_to("not-yet.md")

    result = write_note(vault, "later.md", b"daemon text\n", expect=None)

    assert result.outcome is Outcome.CONFLICT
    assert link.is_symlink()
    assert os.readlink(link) == "not-yet.md"
    assert not (vault / "not-yet.md").exists()
    assert temp_files(vault) == []


def test_create_loses_the_race_to_a_file_created_meanwhile(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_mkstemp = tempfile.mkstemp

    def person_saves_first(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        (vault / "race.md").write_bytes(b"typed by the person\n")
        return made

    monkeypatch.setattr(tempfile, "mkstemp", person_saves_first)

    result = write_note(vault, "race.md", b"daemon text\n", expect=None)

    assert result.outcome is Outcome.CONFLICT
    assert (vault / "race.md").read_bytes() == b"typed by the person\n"
    assert temp_files(vault) == []


@pytest.mark.parametrize("code", [errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV])
def test_create_without_hard_links_falls_back_to_rename(
    vault: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def no_links(src, dst, *args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "link", no_links)

    result = write_note(vault, "fat.md", b"on a usb stick\n", expect=None)

    assert result.outcome is Outcome.WRITTEN
    assert (vault / "fat.md").read_bytes() == b"on a usb stick\n"
    assert temp_files(vault) == []


def test_create_fallback_still_refuses_an_existing_file(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_mkstemp = tempfile.mkstemp

    def person_saves_first(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        (vault / "fat.md").write_bytes(b"typed by the person\n")
        return made

    def no_links(src, dst, *args, **kwargs):
        raise OSError(errno.EPERM, "no hard links here")

    monkeypatch.setattr(tempfile, "mkstemp", person_saves_first)
    monkeypatch.setattr(os, "link", no_links)

    result = write_note(vault, "fat.md", b"daemon text\n", expect=None)

    assert result.outcome is Outcome.CONFLICT
    assert (vault / "fat.md").read_bytes() == b"typed by the person\n"
    assert temp_files(vault) == []


# --- replace ------------------------------------------------------------------


def test_replace_swaps_in_the_new_bytes(vault: Path) -> None:
    note = make_note(vault / "day.md", b"old\n")
    old_inode = note.stat().st_ino

    result = write_note(vault, "day.md", b"new\n", expect=b"old\n")

    assert result == WriteResult(Outcome.WRITTEN, "day.md")
    assert note.read_bytes() == b"new\n"
    # A new inode shows the bytes arrived by rename, not by rewriting in place.
    assert note.stat().st_ino != old_inode
    assert temp_files(vault) == []


def test_replace_with_an_injected_clock(vault: Path) -> None:
    note = vault / "fresh.md"
    note.write_bytes(b"old\n")
    mtime = note.stat().st_mtime

    early = write_note(vault, "fresh.md", b"new\n", expect=b"old\n", clock=lambda: mtime + 1.0)
    late = write_note(vault, "fresh.md", b"new\n", expect=b"old\n", clock=lambda: mtime + 60.0)

    assert early.outcome is Outcome.DEFERRED
    assert late.outcome is Outcome.WRITTEN
    assert note.read_bytes() == b"new\n"


def test_unchanged_opens_nothing_for_writing(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    note = make_note(vault / "same.md", b"same\n")
    before = snapshot(note)

    def no_temp_files(*args, **kwargs):
        raise AssertionError("UNCHANGED must not make a temp file")

    monkeypatch.setattr(tempfile, "mkstemp", no_temp_files)

    result = write_note(vault, "same.md", b"same\n", expect=b"same\n")

    assert result.outcome is Outcome.UNCHANGED
    assert snapshot(note) == before


def test_deferred_inside_the_quiet_period(vault: Path) -> None:
    note = make_note(vault / "typing.md", b"half a sen", age=1.2)
    before = snapshot(note)

    result = write_note(vault, "typing.md", b"daemon\n", expect=b"half a sen", quiet_seconds=5)

    assert result.outcome is Outcome.DEFERRED
    assert "quiet period of 5 s" in result.reason
    assert "ago" in result.reason
    assert snapshot(note) == before
    assert temp_files(vault) == []


def test_deferred_when_mtime_is_in_the_future(vault: Path) -> None:
    note = make_note(vault / "skew.md", b"x", age=-30)
    before = snapshot(note)

    result = write_note(vault, "skew.md", b"y", expect=b"x")

    assert result.outcome is Outcome.DEFERRED
    assert snapshot(note) == before


def test_conflict_when_the_bytes_are_not_what_the_edit_was_based_on(vault: Path) -> None:
    note = make_note(vault / "day.md", b"v1 saved by the person\n")
    before = snapshot(note)

    result = write_note(vault, "day.md", b"daemon edit of v0\n", expect=b"v0\n")

    assert result.outcome is Outcome.CONFLICT
    assert snapshot(note) == before
    assert temp_files(vault) == []


def test_conflict_when_the_person_types_while_the_temp_is_written(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = make_note(vault / "day.md", b"base\n")
    real_mkstemp = tempfile.mkstemp

    def person_types(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        # Appending in place keeps the inode, and the old mtime takes the
        # quiet period out of play: only the byte comparison can catch it.
        with open(note, "ab") as f:
            f.write(b"a new keystroke")
        settle(note)
        return made

    monkeypatch.setattr(tempfile, "mkstemp", person_types)

    result = write_note(vault, "day.md", b"base\ndaemon line\n", expect=b"base\n")

    assert result.outcome is Outcome.CONFLICT
    assert note.read_bytes() == b"base\na new keystroke"
    assert temp_files(vault) == []


def test_conflict_when_the_editor_saves_a_new_inode_meanwhile(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = make_note(vault / "day.md", b"base\n")
    real_mkstemp = tempfile.mkstemp

    def editor_saves_atomically(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        # Same bytes, other inode: the file is no longer the one the edit saw.
        other = vault / "editor-swap"
        other.write_bytes(b"base\n")
        os.replace(other, note)
        settle(note)
        swapped.append(snapshot(note))
        return made

    monkeypatch.setattr(tempfile, "mkstemp", editor_saves_atomically)
    swapped: list[tuple[bytes, int, int]] = []

    result = write_note(vault, "day.md", b"daemon\n", expect=b"base\n")

    assert result.outcome is Outcome.CONFLICT
    assert len(swapped) == 1
    assert snapshot(note) == swapped[0]
    assert temp_files(vault) == []


def test_conflict_when_expect_inode_does_not_match(vault: Path) -> None:
    note = make_note(vault / "day.md", b"base\n")
    before = snapshot(note)

    result = write_note(vault, "day.md", b"daemon\n", expect=b"base\n", expect_inode=before[1] + 1)

    assert result.outcome is Outcome.CONFLICT
    assert snapshot(note) == before
    assert temp_files(vault) == []


def test_expect_inode_that_matches_writes(vault: Path) -> None:
    note = make_note(vault / "day.md", b"base\n")

    result = write_note(
        vault, "day.md", b"daemon\n", expect=b"base\n", expect_inode=note.stat().st_ino
    )

    assert result.outcome is Outcome.WRITTEN
    assert note.read_bytes() == b"daemon\n"


def test_deferred_when_the_file_is_touched_while_the_temp_is_written(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = make_note(vault / "day.md", b"base\n")
    real_mkstemp = tempfile.mkstemp

    def person_saves_same_bytes(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        os.utime(note)  # saved just now, same content
        return made

    monkeypatch.setattr(tempfile, "mkstemp", person_saves_same_bytes)

    result = write_note(vault, "day.md", b"daemon\n", expect=b"base\n")

    assert result.outcome is Outcome.DEFERRED
    assert note.read_bytes() == b"base\n"
    assert temp_files(vault) == []


def test_conflict_when_the_file_does_not_exist(vault: Path) -> None:
    result = write_note(vault, "gone.md", b"daemon\n", expect=b"was here\n")

    assert result.outcome is Outcome.CONFLICT
    assert not (vault / "gone.md").exists()
    assert temp_files(vault) == []


def test_conflict_when_the_file_vanishes_while_the_temp_is_written(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = make_note(vault / "day.md", b"base\n")
    real_mkstemp = tempfile.mkstemp

    def person_deletes(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        note.unlink()
        return made

    monkeypatch.setattr(tempfile, "mkstemp", person_deletes)

    result = write_note(vault, "day.md", b"daemon\n", expect=b"base\n")

    assert result.outcome is Outcome.CONFLICT
    assert not note.exists()
    assert temp_files(vault) == []


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600])
def test_replace_keeps_the_mode(vault: Path, mode: int) -> None:
    note = make_note(vault / "day.md", b"old\n")
    note.chmod(mode)

    result = write_note(vault, "day.md", b"new\n", expect=b"old\n")

    assert result.outcome is Outcome.WRITTEN
    assert note.read_bytes() == b"new\n"
    assert stat.S_IMODE(note.stat().st_mode) == mode


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")
def test_replace_keeps_the_owner(vault: Path) -> None:
    note = make_note(vault / "day.md", b"old\n")
    os.chown(note, 4242, 4343)

    result = write_note(vault, "day.md", b"new\n", expect=b"old\n")

    assert result.outcome is Outcome.WRITTEN
    assert note.read_bytes() == b"new\n"
    assert (note.stat().st_uid, note.stat().st_gid) == (4242, 4343)


def test_bom_and_crlf_are_written_exactly(vault: Path) -> None:
    old = b"\xef\xbb\xbf# Title\r\nline\r\n"
    new = b"\xef\xbb\xbf# Title\r\nline\r\nmore \xe2\x80\x94 text\r\n\r\n"
    make_note(vault / "win.md", old)

    created = write_note(vault, "made.md", new, expect=None)
    replaced = write_note(vault, "win.md", new, expect=old)

    assert created.outcome is replaced.outcome is Outcome.WRITTEN
    assert (vault / "made.md").read_bytes() == new
    assert (vault / "win.md").read_bytes() == new


def test_empty_bytes_are_a_valid_note(vault: Path) -> None:
    note = make_note(vault / "day.md", b"something\n")

    result = write_note(vault, "day.md", b"", expect=b"something\n")

    assert result.outcome is Outcome.WRITTEN
    assert note.read_bytes() == b""


# --- symlinks and hard links --------------------------------------------------


def test_symlink_inside_the_vault_is_written_through(vault: Path) -> None:
    target = make_note(vault / "notes" / "real.md", b"old\n")
    link = vault / "alias.md"
    link.symlink_to("notes/real.md")

    result = write_note(vault, "alias.md", b"new\n", expect=b"old\n")

    assert result.outcome is Outcome.WRITTEN
    assert link.is_symlink()
    assert os.readlink(link) == "notes/real.md"
    assert target.read_bytes() == b"new\n"
    assert temp_files(vault) == []


def test_symlinked_folder_inside_the_vault_is_written_through(vault: Path) -> None:
    target = make_note(vault / "real" / "day.md", b"old\n")
    (vault / "alias").symlink_to("real", target_is_directory=True)

    result = write_note(vault, "alias/day.md", b"new\n", expect=b"old\n")

    assert result.outcome is Outcome.WRITTEN
    assert (vault / "alias").is_symlink()
    assert target.read_bytes() == b"new\n"


def test_symlink_leaving_the_vault_is_refused(vault: Path, outside: Path) -> None:
    (vault / "escape.md").symlink_to(outside)
    settle(outside)
    before = snapshot(outside)

    result = write_note(vault, "escape.md", b"daemon\n", expect=b"not the vault's\n")

    assert result.outcome is Outcome.REFUSED
    assert snapshot(outside) == before
    assert temp_files(outside.parent) == []


def test_symlinked_folder_leaving_the_vault_is_refused(vault: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (vault / "out").symlink_to(elsewhere, target_is_directory=True)

    result = write_note(vault, "out/new.md", b"daemon\n", expect=None)

    assert result.outcome is Outcome.REFUSED
    assert list(elsewhere.iterdir()) == []


def test_symlink_loop_is_refused(vault: Path) -> None:
    (vault / "a.md").symlink_to("b.md")
    (vault / "b.md").symlink_to("a.md")

    result = write_note(vault, "a.md", b"daemon\n", expect=b"x")

    assert result.outcome is Outcome.REFUSED
    assert (vault / "a.md").is_symlink() and (vault / "b.md").is_symlink()


@pytest.mark.parametrize(
    "rel", ["../outside.md", "notes/../../outside.md", "notes/../day.md", "/etc/passwd", "", "."]
)
def test_unsafe_relative_paths_are_refused(vault: Path, outside: Path, rel: str) -> None:
    before = snapshot(outside)

    for expect in (None, b"not the vault's\n"):
        result = write_note(vault, rel, b"daemon\n", expect=expect)
        assert result.outcome is Outcome.REFUSED
        assert result.path == rel

    assert snapshot(outside) == before
    assert list(vault.iterdir()) == []


def test_absolute_path_to_a_vault_file_is_still_refused(vault: Path) -> None:
    note = make_note(vault / "day.md", b"old\n")

    result = write_note(vault, str(note), b"new\n", expect=b"old\n")

    assert result.outcome is Outcome.REFUSED
    assert note.read_bytes() == b"old\n"


def test_hard_linked_file_is_refused(vault: Path) -> None:
    note = make_note(vault / "day.md", b"old\n")
    twin = vault / "twin.md"
    os.link(note, twin)
    before = snapshot(note)

    result = write_note(vault, "day.md", b"new\n", expect=b"old\n")

    assert result.outcome is Outcome.REFUSED
    assert "hard link" in result.reason
    assert snapshot(note) == before
    assert twin.read_bytes() == b"old\n"
    assert os.stat(twin).st_ino == os.stat(note).st_ino


# --- things that are not notes ------------------------------------------------


def test_directory_is_refused(vault: Path) -> None:
    (vault / "folder.md").mkdir()

    result = write_note(vault, "folder.md", b"new\n", expect=b"")

    assert result.outcome is Outcome.REFUSED
    assert (vault / "folder.md").is_dir()


def test_fifo_is_refused_without_blocking(vault: Path) -> None:
    fifo = vault / "pipe.md"
    os.mkfifo(fifo)
    results: list[WriteResult] = []

    def attempt() -> None:
        results.append(write_note(vault, "pipe.md", b"new\n", expect=b"", clock=lambda: 1e12))
        results.append(write_note(vault, "pipe.md", b"new\n", expect=None))

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=5)

    assert not worker.is_alive(), "writing to a FIFO blocked"
    assert [r.outcome for r in results] == [Outcome.REFUSED, Outcome.CONFLICT]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert temp_files(vault) == []


def test_fifo_swapped_in_while_the_temp_is_written_does_not_block(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = make_note(vault / "day.md", b"base\n")
    real_mkstemp = tempfile.mkstemp

    def swap_in_a_fifo(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        note.unlink()
        os.mkfifo(note)
        return made

    monkeypatch.setattr(tempfile, "mkstemp", swap_in_a_fifo)
    results: list[WriteResult] = []
    worker = threading.Thread(
        target=lambda: results.append(write_note(vault, "day.md", b"new\n", expect=b"base\n")),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=5)

    assert not worker.is_alive(), "the compare-and-swap blocked on a FIFO"
    assert [r.outcome for r in results] == [Outcome.CONFLICT]
    assert stat.S_ISFIFO(os.lstat(note).st_mode)
    assert temp_files(vault) == []


def test_str_instead_of_bytes_is_a_type_error(vault: Path) -> None:
    with pytest.raises(TypeError):
        write_note(vault, "day.md", "text", expect=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        write_note(vault, "day.md", b"text", expect="old")  # type: ignore[arg-type]
    assert list(vault.iterdir()) == []


def test_missing_vault_is_an_error_not_a_new_vault(tmp_path: Path) -> None:
    result = write_note(tmp_path / "nowhere", "day.md", b"x", expect=None)
    assert result == WriteResult(Outcome.FAILED, "day.md", "vault folder does not exist")
    assert not (tmp_path / "nowhere").exists()


# --- failures leave the original byte-identical -------------------------------


def fail(code: int = errno.EIO):
    def raiser(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return raiser


def test_failed_rename_leaves_the_original_and_no_temp(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = make_note(vault / "day.md", b"the person's words\n")
    note.chmod(0o640)
    before = snapshot(note)
    monkeypatch.setattr(os, "replace", fail())

    result = write_note(vault, "day.md", b"daemon\n", expect=b"the person's words\n")

    assert result == WriteResult(Outcome.FAILED, "day.md", "input/output error")
    assert Outcome.FAILED.value == "error"  # what the report, the exit status and the log count
    monkeypatch.undo()
    assert snapshot(note) == before
    assert stat.S_IMODE(note.stat().st_mode) == 0o640
    assert temp_files(vault) == []


def test_failed_fsync_leaves_the_original_and_no_temp(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = make_note(vault / "day.md", b"the person's words\n")
    before = snapshot(note)
    monkeypatch.setattr(os, "fsync", fail())

    result = write_note(vault, "day.md", b"daemon\n", expect=b"the person's words\n")

    assert result.outcome is Outcome.FAILED

    monkeypatch.undo()
    assert snapshot(note) == before
    assert temp_files(vault) == []


def test_failed_write_leaves_the_original_and_no_temp(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = make_note(vault / "day.md", b"the person's words\n")
    before = snapshot(note)
    real_write = os.write
    calls = []

    def disk_fills_up(fd, data):
        # The first chunk goes through, so a half-written temp really exists.
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[:3]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", disk_fills_up)

    result = write_note(vault, "day.md", b"daemon text\n", expect=b"the person's words\n")

    assert result == WriteResult(Outcome.FAILED, "day.md", "no space left on device")
    assert len(calls) == 2
    monkeypatch.undo()
    assert snapshot(note) == before
    assert temp_files(vault) == []


def test_failed_create_leaves_nothing_behind(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", fail())

    result = write_note(vault, "new.md", b"daemon\n", expect=None)

    assert result.outcome is Outcome.FAILED

    monkeypatch.undo()
    assert not (vault / "new.md").exists()
    assert temp_files(vault) == []


def test_unexpected_link_error_is_a_failed_write_after_cleanup(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "link", fail(errno.EIO))

    result = write_note(vault, "new.md", b"daemon\n", expect=None)

    assert result == WriteResult(Outcome.FAILED, "new.md", "input/output error")
    monkeypatch.undo()
    assert not (vault / "new.md").exists()
    assert temp_files(vault) == []


@pytest.mark.parametrize("create", [True, False])
@pytest.mark.parametrize(
    ("call", "code", "reason"),
    [
        ("tempfile.mkstemp", errno.EROFS, "read-only file system"),
        ("os.write", errno.ENOSPC, "no space left on device"),
        ("os.fchmod", errno.EPERM, "operation not permitted"),
        ("os.fsync", errno.EIO, "input/output error"),
        ("os.link", errno.EACCES, "permission denied"),
        ("os.replace", errno.EACCES, "permission denied"),
        ("os.open", errno.EACCES, "permission denied"),
    ],
)
def test_an_os_error_at_any_step_is_a_failed_write_never_an_exception(
    vault: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    code: int,
    reason: str,
    create: bool,
) -> None:
    if create:
        rel, expect = "new.md", None
    else:
        rel, expect = "day.md", b"the person's words\n"
        make_note(vault / rel, expect)
    before = sorted(os.listdir(vault)), {p.name: p.read_bytes() for p in vault.iterdir()}
    module, name = call.split(".")
    monkeypatch.setattr({"os": os, "tempfile": tempfile}[module], name, fail(code))

    result = write_note(vault, rel, b"daemon\n", expect=expect)

    monkeypatch.undo()
    if result.outcome is Outcome.WRITTEN:  # a step this kind of write never takes
        assert (call, create) in {("os.link", False), ("os.replace", True)}
        return
    assert result == WriteResult(Outcome.FAILED, rel, reason)
    assert (sorted(os.listdir(vault)), {p.name: p.read_bytes() for p in vault.iterdir()}) == before
    assert temp_files(vault) == []


def test_a_folder_that_cannot_be_made_is_a_failed_write(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "mkdir", fail(errno.EROFS))

    result = write_note(vault, "Letters/To Mum.md", b"To:\n", expect=None)

    assert result == WriteResult(Outcome.FAILED, "Letters/To Mum.md", "read-only file system")
    monkeypatch.undo()
    assert list(vault.iterdir()) == []


def test_a_name_too_long_for_the_file_system_is_a_failed_write(vault: Path) -> None:
    rel = "é" * 130 + ".md"  # 263 bytes: the real limit, not a stand-in

    result = write_note(vault, rel, b"x\n", expect=None)

    assert result == WriteResult(Outcome.FAILED, rel, "file name too long")
    assert list(vault.iterdir()) == []


# --- one name, two Unicode spellings ------------------------------------------------------


@pytest.mark.parametrize(("there", "asked"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_the_writer_never_makes_a_twin_under_another_unicode_spelling(
    vault: Path, there: str, asked: str
) -> None:
    existing = unicodedata.normalize(there, "Zoé.md")
    make_note(vault / existing, b"the person's letter\n")
    rel = unicodedata.normalize(asked, "Zoé.md")

    result = write_note(vault, rel, b"daemon\n", expect=None)

    assert result == WriteResult(
        Outcome.CONFLICT, rel, f"exists under another Unicode spelling: {existing}"
    )
    assert os.listdir(vault) == [existing]
    assert (vault / existing).read_bytes() == b"the person's letter\n"


def test_the_writer_never_makes_a_twin_folder_either(vault: Path) -> None:
    existing = unicodedata.normalize("NFD", "Réflexions")
    (vault / existing).mkdir()
    rel = unicodedata.normalize("NFC", "Réflexions") + "/day.md"

    result = write_note(vault, rel, b"daemon\n", expect=None)

    assert result.outcome is Outcome.CONFLICT
    assert result.reason == f"exists under another Unicode spelling: {existing}"
    assert os.listdir(vault) == [existing] and os.listdir(vault / existing) == []


def test_names_compare_as_the_file_system_would() -> None:
    from vaultkit.text.names import nfc, same_name

    assert same_name(unicodedata.normalize("NFD", "Zoé"), "Zoé")
    assert nfc("K\u212a") == "KK"  # the Kelvin sign is a K
    assert not same_name("zoé", "Zoé")  # case is another name on Linux


# --- temp names ---------------------------------------------------------------


def test_temp_files_are_named_so_the_daemon_can_ignore_them(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_note(vault / "day.md", b"old\n")
    seen: list[str] = []
    real_mkstemp = tempfile.mkstemp

    def record(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        seen.append(os.path.basename(name))
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", record)

    write_note(vault, "day.md", b"new\n", expect=b"old\n")
    write_note(vault, "x" * 250 + ".md", b"long name\n", expect=None)

    assert len(seen) == 2
    assert seen[0].startswith(".day.md.vaultkit-")
    assert all(is_temp_name(name) for name in seen)
    assert all(len(name.encode()) <= 255 for name in seen)


def test_temp_names_carry_the_writers_pid(vault: Path, monkeypatch) -> None:
    seen = []
    real_replace = os.replace

    def spy(src, dst, *args, **kwargs):
        seen.append(os.path.basename(src))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    (vault / "n.md").write_bytes(b"old\n")
    os.utime(vault / "n.md", (0, 0))
    write_note(vault, "n.md", b"new\n", expect=b"old\n", quiet_seconds=0)
    assert any(f".vaultkit-{os.getpid()}-" in name for name in seen), seen
