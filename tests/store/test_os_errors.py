"""What the machine says no to: a full disk, a read-only vault, a permission refused, a name too
long, a cache folder that cannot be made. Each is one line naming the path, never a traceback;
nothing is half-written, no temp file is left, and the rest of the pass goes on.

Tests run as root, which permission bits do not stop, so refusals are made by standing in for
the `os` call that would meet them; a name that is too long is the real thing."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
import textwrap
import unicodedata
from pathlib import Path

import pytest

from support.vaults import age_tree, tree_bytes
from vaultkit.store.cache_dir import vault_cache_dir
from vaultkit.store.temp_files import TEMP_MARKER

TODAY = ["--today", "2026-11-22"]
DAY = "Journal/2026-11-22.md"


def oserror(code: int, path: object = None) -> OSError:
    return OSError(code, os.strerror(code), *([str(path)] if path is not None else []))


def temps(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if TEMP_MARKER in p.name]


def one_line_each(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return stderr.splitlines()


def inside(path: object, root: Path) -> bool:
    real, top = os.path.realpath(os.fspath(path)), os.path.realpath(root)
    return real == top or real.startswith(top + os.sep)


def fd_name(fd: int) -> str:
    try:
        return os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return ""


def refuse_in(root: Path, code: int, monkeypatch) -> None:
    """Every temp file and folder vaultkit would make inside `root` meets `code`."""
    real_mkstemp, real_mkdir = tempfile.mkstemp, os.mkdir

    def mkstemp(*args, **kwargs):
        if kwargs.get("dir") and inside(kwargs["dir"], root):
            raise oserror(code, kwargs["dir"])
        return real_mkstemp(*args, **kwargs)

    def mkdir(path, *args, **kwargs):
        if inside(path, root):
            raise oserror(code, path)
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "mkdir", mkdir)


# --- a full disk ------------------------------------------------------------------------------


def test_a_full_disk_fails_one_write_and_the_rest_of_the_pass_goes_on(cli, vault, monkeypatch):
    before = tree_bytes(vault)
    real_write = os.write

    def full(fd, data):
        if fd_name(fd).startswith(".2026-11-22.md" + TEMP_MARKER):
            # Part of the page goes in first, so a half-written temp file really exists.
            real_write(fd, bytes(data[:5]))
            raise oserror(errno.ENOSPC)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    result = cli("--vault", str(vault), *TODAY, "run")
    monkeypatch.undo()

    assert result.exit_code == 1, result.output
    assert one_line_each(result.stderr) == [f"warning: error {DAY} (no space left on device)"]
    assert not (vault / DAY).exists()
    assert "- [ ] ask about sleep — [[2026-11-20]]" in (vault / "Next session.md").read_text()
    after = tree_bytes(vault)
    del after["Next session.md"]
    assert after == before
    assert temps(vault) == []


def test_a_full_disk_for_new_is_one_line_and_exit_1(cli, vault, monkeypatch):
    real_write = os.write

    def full(fd, data):
        if TEMP_MARKER in fd_name(fd):
            raise oserror(errno.ENOSPC)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    result = cli("--vault", str(vault), *TODAY, "new", "letter", "To Mum")
    monkeypatch.undo()

    assert result.exit_code == 1
    assert one_line_each(result.stderr) == ["error Letters/To Mum.md (no space left on device)"]
    assert result.stdout == ""
    assert not (vault / "Letters" / "To Mum.md").exists() and temps(vault) == []


# --- a read-only vault --------------------------------------------------------------------------


def test_a_read_only_vault_is_one_line_per_file_and_nothing_changes(cli, vault, monkeypatch):
    before = tree_bytes(vault)
    refuse_in(vault, errno.EROFS, monkeypatch)
    result = cli("--vault", str(vault), *TODAY, "run")
    monkeypatch.undo()

    assert result.exit_code == 1, result.output
    assert sorted(one_line_each(result.stderr)) == [
        f"warning: error {DAY} (read-only file system)",
        "warning: error Next session.md (read-only file system)",
    ]
    assert tree_bytes(vault) == before and temps(vault) == []


@pytest.mark.parametrize(
    "command", [["new", "letter", "To Mum"], ["session"], ["init"], ["agenda"]]
)
def test_every_command_that_writes_says_so_in_one_line_on_a_read_only_vault(
    cli, vault, monkeypatch, command
):
    before = tree_bytes(vault)
    refuse_in(vault, errno.EROFS, monkeypatch)
    result = cli("--vault", str(vault), *TODAY, *command)
    monkeypatch.undo()

    assert result.exit_code == 1, result.output
    lines = one_line_each(result.stderr)
    assert lines and all(line.endswith("(read-only file system)") for line in lines), lines
    assert tree_bytes(vault) == before and temps(vault) == []


# --- permission denied ----------------------------------------------------------------------------


def test_a_refused_link_leaves_no_note_and_no_temp(cli, vault, monkeypatch):
    real_link = os.link

    def link(src, dst, *args, **kwargs):
        if inside(dst, vault / "Sessions"):
            raise oserror(errno.EACCES, dst)
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)
    result = cli("--vault", str(vault), *TODAY, "session")
    monkeypatch.undo()

    assert result.exit_code == 1
    assert one_line_each(result.stderr) == [
        "warning: error Sessions/2026-11-22 session.md (permission denied)"
    ]
    assert list((vault / "Sessions").iterdir()) == []


def test_a_refused_replace_leaves_the_note_as_it_was(cli, vault, monkeypatch):
    assert cli("--vault", str(vault), *TODAY, "run").exit_code == 0
    agenda = vault / "Next session.md"
    agenda.write_text(agenda.read_text().replace("- [ ] ask about sleep", "- [x] ask about sleep"))
    age_tree(vault)
    before = tree_bytes(vault)
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if inside(dst, vault / "Journal"):
            raise oserror(errno.EACCES, dst)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = cli("--vault", str(vault), *TODAY, "run")
    monkeypatch.undo()

    assert result.exit_code == 1
    assert one_line_each(result.stderr) == [
        "warning: error Journal/2026-11-20.md (permission denied)"
    ]
    assert tree_bytes(vault) == before and temps(vault) == []


# --- a name too long for the file system ----------------------------------------------------------


def name_bytes(path: str) -> int:
    return len(os.fsencode(path.rsplit("/", 1)[-1]))


def test_a_title_too_long_for_the_file_system_is_shortened(cli, vault):
    title = "é" * 130  # 260 bytes in UTF-8: more than ext4's 255
    first = cli("--vault", str(vault), *TODAY, "new", "letter", title)
    assert first.exit_code == 0, first.output
    path = first.stdout.strip()
    assert path.startswith("Letters/éé") and path.endswith("é.md")
    assert name_bytes(path) + len(" 99") <= 255
    assert "To:" in (vault / path).read_text()
    second = cli("--vault", str(vault), *TODAY, "new", "letter", title)
    assert second.exit_code == 0, second.output
    assert second.stdout.strip() == path[:-3] + " 2.md"
    assert "Traceback" not in first.output + second.output


def test_a_title_that_fits_once_still_fits_when_numbered(cli, vault):
    title = "a" * 252  # `TITLE.md` is 255 bytes; `TITLE 2.md` would be 257
    paths = []
    for _ in range(2):
        result = cli("--vault", str(vault), *TODAY, "new", "letter", title)
        assert result.exit_code == 0, result.output
        paths.append(result.stdout.strip())
    assert paths[1] == paths[0][:-3] + " 2.md"
    assert all(name_bytes(p) <= 255 and (vault / p).is_file() for p in paths)


def test_shortening_never_parts_a_letter_from_its_accent(cli, vault):
    title = "x" + unicodedata.normalize("NFD", "é") * 130  # e + U+0301, 3 bytes each
    result = cli("--vault", str(vault), *TODAY, "new", "letter", title)
    assert result.exit_code == 0, result.output
    stem = result.stdout.strip()[len("Letters/") : -3]
    assert stem == "x" + "e\u0301" * 82  # 247 bytes; one more `e` would leave its accent out


# --- the cache folder ---------------------------------------------------------------------------

NO_MKDIR_IN_CACHE = """
import errno, os, sys
real = os.mkdir
cache = os.environ["VAULTKIT_CACHE_DIR"]
def mkdir(path, *args, **kwargs):
    if os.fspath(path).startswith(cache):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
    return real(path, *args, **kwargs)
os.mkdir = mkdir
from vaultkit.cli import main
main(sys.argv[1:], prog_name="vaultkit")
"""


def cache_dir_at(vault: Path, root: str) -> Path:
    """The cache folder vaultkit uses for `vault` when $VAULTKIT_CACHE_DIR is `root`."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("VAULTKIT_CACHE_DIR", root)
        return vault_cache_dir(vault)


def vaultkit(*args: str, cache: Path, script: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, VAULTKIT_CACHE_DIR=str(cache))
    env.pop("VAULTKIT_VAULT", None)
    argv = (
        [sys.executable, "-c", textwrap.dedent(script)]
        if script
        else [sys.executable, "-m", "vaultkit"]
    )
    return subprocess.run(
        [*argv, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_watch_with_a_cache_folder_it_cannot_make_says_so_and_exits_2(vault, tmp_path):
    cache = tmp_path / "cache"
    done = vaultkit("--vault", str(vault), "watch", cache=cache, script=NO_MKDIR_IN_CACHE)
    assert done.returncode == 2, done.stderr
    folder = cache_dir_at(vault, str(cache))
    assert one_line_each(done.stderr) == [
        f"{folder}: cannot create the lock file: permission denied"
    ]


def test_watch_with_a_file_where_the_cache_folder_should_be_exits_2(vault, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    done = vaultkit("--vault", str(vault), "watch", cache=blocker)
    assert done.returncode == 2, done.stderr
    folder = cache_dir_at(vault, str(blocker))
    assert one_line_each(done.stderr) == [f"{folder}: cannot create the lock file: not a directory"]


def test_watch_with_a_log_file_it_cannot_open_exits_2(vault, tmp_path):
    log = tmp_path / "no such folder" / "vaultkit.log"
    done = vaultkit("--vault", str(vault), "watch", "--log-file", str(log), cache=tmp_path / "c")
    assert done.returncode == 2, done.stderr
    assert one_line_each(done.stderr) == [f"{log}: no such file or directory"]


def test_run_with_a_cache_it_cannot_write_warns_in_one_line(vault, tmp_path):
    done = vaultkit(
        "--vault", str(vault), *TODAY, "run", cache=tmp_path / "cache", script=NO_MKDIR_IN_CACHE
    )
    assert done.returncode == 0, done.stderr
    lines = one_line_each(done.stderr)
    assert all(line.startswith("warning: ") for line in lines), lines  # a line per file
    (line,) = [line for line in lines if "index cache" in line]
    index = cache_dir_at(vault, str(tmp_path / "cache"))
    assert (
        line == f"warning: could not write the index cache {index / 'index.pickle'} "
        "(permission denied)"
    )
    assert (vault / "Next session.md").is_file()


# --- the last resort ----------------------------------------------------------------------------


def test_an_os_error_escaping_a_command_is_one_line_and_exit_1(cli, vault, monkeypatch):
    import vaultkit.app.doctor

    def broken(*args, **kwargs):
        raise oserror(errno.EIO, vault / "Journal")

    monkeypatch.setattr(vaultkit.app.doctor, "diagnose", broken)
    result = cli("--vault", str(vault), "doctor")
    assert result.exit_code == 1
    assert result.stderr == f"{vault / 'Journal'}: input/output error\n"


def test_an_os_error_without_a_path_is_one_line_too(cli, vault, monkeypatch):
    import vaultkit.app.doctor

    def broken(*args, **kwargs):
        raise oserror(errno.ENOMEM)

    monkeypatch.setattr(vaultkit.app.doctor, "diagnose", broken)
    result = cli("--vault", str(vault), "doctor")
    assert result.exit_code == 1
    assert result.stderr == "cannot allocate memory\n"


# --- one name, two spellings ----------------------------------------------------------------------


def test_new_takes_a_name_written_in_another_unicode_spelling_as_taken(cli, vault):
    letters = vault / "Letters"
    letters.mkdir()
    decomposed = unicodedata.normalize("NFD", "To Zoé.md")
    (letters / decomposed).write_text("my letter\n")
    age_tree(vault)
    result = cli("--vault", str(vault), *TODAY, "new", "letter", "To Zoé")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Letters/To Zoé 2.md"
    assert sorted(os.listdir(letters)) == sorted([decomposed, "To Zoé 2.md"])
    assert (letters / decomposed).read_text() == "my letter\n"
