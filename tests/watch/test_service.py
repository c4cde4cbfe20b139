"""`vaultkit service`: the unit and agent files it writes, and that it only ever writes them."""

from __future__ import annotations

import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.vaults import tree_bytes
from vaultkit.store.vault_name import vault_name
from vaultkit.watch.service import ServiceError, service_file, systemd_unit

# Everything systemd treats specially in a word, and a shell too.
AWKWARD = 'My "Journal" 100% $HOME ${USER} back\\slash it\'s'


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "Journal"
    (root / ".obsidian").mkdir(parents=True)
    (root / "today.md").write_text("Dear diary\n")
    return root


def unit_path(home: Path, vault: Path) -> Path:
    return home / ".config" / "systemd" / "user" / f"vaultkit-{vault_name(vault)}.service"


def systemd_exec_argv(line: str) -> list[str]:
    """ExecStart= back to argv as systemd reads it: words, then %-specifiers, then $ in args."""
    words, pos = [], 0
    while pos < len(line):
        if line[pos] == " ":
            pos += 1
            continue
        assert line[pos] == '"', f"unquoted word at {line[pos:]!r}"
        word, pos = "", pos + 1
        while line[pos] != '"':
            if line[pos] == "\\":
                escape = line[pos + 1]
                if escape == "x":
                    word += chr(int(line[pos + 2 : pos + 4], 16))
                    pos += 4
                    continue
                word += {"\\": "\\", '"': '"', "n": "\n", "t": "\t"}[escape]
                pos += 2
            else:
                word += line[pos]
                pos += 1
        words.append(word)
        pos += 1
    argv = []
    for index, word in enumerate(words):
        assert not re.search(r"%[^%]", word.replace("%%", "")), f"specifier left in {word!r}"
        word = word.replace("%%", "%")
        if index > 0:  # systemd runs the executable path as written, expanding only the args
            assert "$" not in word.replace("$$", ""), f"variable left in {word!r}"
            word = word.replace("$$", "$")
        argv.append(word)
    return argv


def exec_start(unit: str) -> str:
    (line,) = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    return line.removeprefix("ExecStart=")


def test_install_writes_a_systemd_user_unit_that_runs_watch(cli, home, vault):
    before = tree_bytes(vault)
    result = cli("--vault", str(vault), "service", "install", "--platform", "linux")
    assert result.exit_code == 0, result.output
    path = unit_path(home, vault)
    unit = path.read_text()
    assert systemd_exec_argv(exec_start(unit)) == [
        sys.executable,
        "-m",
        "vaultkit",
        "--vault",
        str(vault.resolve()),
        "watch",
    ]
    assert f"Description=vaultkit: tends the journal vault at {vault.resolve()}\n" in unit
    for line in (
        "Type=simple",
        "Restart=on-failure",
        "RestartSec=5",
        "RestartPreventExitStatus=2",
        "WantedBy=default.target",
    ):
        assert f"\n{line}\n" in unit
    assert unit.endswith("\n") and path.stat().st_mode & 0o777 == 0o644
    name = path.name
    assert result.output == (
        f"Written: {path}\nTo start it now and at every login, run:\n"
        f"  systemctl --user daemon-reload && systemctl --user enable --now {name}\n"
    )
    assert tree_bytes(vault) == before


def test_the_unit_goes_under_xdg_config_home(cli, home, vault, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    result = cli("--vault", str(vault), "service", "install", "--platform", "linux")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "xdg" / "systemd" / "user" / unit_path(home, vault).name).is_file()
    assert not (home / ".config").exists()


@pytest.mark.parametrize("xdg", ["xdg", "./xdg"])
def test_a_relative_xdg_config_home_is_not_used(cli, home, vault, xdg, tmp_path, monkeypatch):
    # Relative to wherever vaultkit started (maybe inside the vault): the spec says ignore it.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    result = cli("--vault", str(vault), "service", "install", "--platform", "linux")
    assert result.exit_code == 0, result.output
    assert unit_path(home, vault).is_file()
    assert not (tmp_path / "xdg").exists()


def test_an_awkward_vault_path_survives_systemd_quoting(tmp_path):
    vault = tmp_path / AWKWARD
    vault.mkdir()
    unit = systemd_unit(vault, "/opt/py 3%/bin/python")
    assert systemd_exec_argv(exec_start(unit)) == [
        "/opt/py 3%/bin/python",
        "-m",
        "vaultkit",
        "--vault",
        str(vault),
        "watch",
    ]
    assert "%%" in unit.splitlines()[1]  # the description is expanded for specifiers too


def test_control_characters_and_a_trailing_backslash_stay_on_their_lines(tmp_path):
    vault = tmp_path / "tab\there\\"
    unit = systemd_unit(vault, "/usr/bin/python3")
    assert systemd_exec_argv(exec_start(unit))[4] == str(vault)
    assert [line.split("=")[0] for line in unit.splitlines() if "=" in line] == [
        "Description",
        "Type",
        "ExecStart",
        "Restart",
        "RestartSec",
        "RestartPreventExitStatus",
        "WantedBy",
    ]
    assert not any(line.endswith("\\") for line in unit.splitlines())


def test_an_interpreter_path_systemd_cannot_run_is_refused(tmp_path):
    with pytest.raises(ServiceError, match="systemd cannot run"):
        systemd_unit(tmp_path, "/opt/$venv/bin/python")


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_accepts_the_unit(tmp_path):
    vault = tmp_path / (AWKWARD + "\\")
    vault.mkdir()
    unit = tmp_path / "vaultkit-test.service"
    unit.write_text(systemd_unit(vault, sys.executable))
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stderr, result.stderr


def test_the_launchd_agent_runs_watch_and_logs_under_home(cli, home, vault):
    before = tree_bytes(vault)
    result = cli("--vault", str(vault), "service", "install", "--platform", "darwin")
    assert result.exit_code == 0, result.output
    label = f"org.vaultkit.{vault_name(vault)}"
    path = home / "Library" / "LaunchAgents" / f"{label}.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent == {
        "Label": label,
        "ProgramArguments": [
            sys.executable,
            "-m",
            "vaultkit",
            "--vault",
            str(vault.resolve()),
            "watch",
        ],
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "StandardErrorPath": str(home / "Library" / "Logs" / f"vaultkit-{vault_name(vault)}.log"),
        "ProcessType": "Background",
    }
    assert result.output.endswith(f"run:\n  launchctl bootstrap gui/$(id -u) {path}\n")
    assert tree_bytes(vault) == before


def test_the_launchd_command_quotes_an_awkward_home(tmp_path, vault):
    home = tmp_path / AWKWARD
    sf = service_file(vault, sys.executable, "darwin", home, home / ".config")
    assert sf.enable.endswith("'" + str(sf.path).replace("'", "'\"'\"'") + "'")


def test_the_name_is_stable_and_tells_same_named_vaults_apart(tmp_path):
    first, second = tmp_path / "a" / "My Journal", tmp_path / "b" / "My Journal"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    name = vault_name(first)
    assert re.fullmatch(r"my-journal-[0-9a-f]{8}", name)
    assert vault_name(first) == name == vault_name(tmp_path / "a" / ".." / "a" / "My Journal")
    assert vault_name(second) != name
    assert re.fullmatch(r"vault-[0-9a-f]{8}", vault_name(tmp_path / "日記"))
    assert len(vault_name(tmp_path / ("x" * 80)).split("-")[0]) == 32


@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_installing_twice_leaves_the_file_alone(cli, home, vault, platform):
    args = ("--vault", str(vault), "service", "install", "--platform", platform)
    assert cli(*args).exit_code == 0
    files = tree_bytes(home)
    result = cli(*args)
    assert result.exit_code == 0
    assert result.output.startswith("Unchanged: ")
    assert tree_bytes(home) == files  # and no temporary file left behind


def test_a_changed_unit_is_updated_with_a_restart_command(cli, home, vault):
    path = unit_path(home, vault)
    path.parent.mkdir(parents=True)
    path.write_text("[Service]\nExecStart=/old/python -m vaultkit watch\n")
    result = cli("--vault", str(vault), "service", "install", "--platform", "linux")
    assert result.exit_code == 0
    assert result.output.startswith(f"Updated: {path}\n")
    assert f"systemctl --user restart {path.name}" in result.output
    assert "ExecStart=/old" not in path.read_text()


@pytest.mark.parametrize(
    "platform, then",
    [
        ("linux", "systemctl --user daemon-reload"),
        ("darwin", "launchctl bootout gui/$(id -u)/org.vaultkit."),
    ],
)
def test_uninstall_removes_the_file_and_says_what_is_left_to_do(cli, home, vault, platform, then):
    cli("--vault", str(vault), "service", "install", "--platform", platform)
    (written,) = tree_bytes(home)
    result = cli("--vault", str(vault), "service", "uninstall", "--platform", platform)
    assert result.exit_code == 0
    assert result.output.startswith(f"Removed: {home / written}\nTo finish, run:\n  {then}")
    assert tree_bytes(home) == {}
    again = cli("--vault", str(vault), "service", "uninstall", "--platform", platform)
    assert again.exit_code == 0
    assert again.output.startswith("Not installed: ")


def test_uninstall_refuses_while_the_unit_is_enabled(cli, home, vault):
    cli("--vault", str(vault), "service", "install", "--platform", "linux")
    path = unit_path(home, vault)
    wants = path.parent / "default.target.wants"
    wants.mkdir()
    (wants / path.name).symlink_to(path)
    result = cli("--vault", str(vault), "service", "uninstall", "--platform", "linux")
    assert result.exit_code == 2
    assert f"run `systemctl --user disable --now {path.name}` first" in result.stderr
    assert path.is_file()


def test_an_unsupported_platform_is_one_line_and_exit_2(cli, home, vault, monkeypatch):
    monkeypatch.setattr(sys, "platform", "freebsd14")
    result = cli("--vault", str(vault), "service", "install")
    assert result.exit_code == 2
    assert result.stderr == (
        "vaultkit service supports Linux (systemd) and macOS (launchd); "
        "on freebsd14 run `vaultkit watch` from your own start-up tool\n"
    )
    assert tree_bytes(home) == {}


def test_python_dash_m_vaultkit_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "vaultkit", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "service" in result.stdout


def test_a_service_file_that_cannot_be_written_is_one_line_and_exit_1(
    cli, home, vault, monkeypatch
):
    import errno
    import os

    def refused(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "replace", refused)
    result = cli("--vault", str(vault), "service", "install", "--platform", "linux")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == f"{unit_path(home, vault)}: read-only file system\n"
    assert tree_bytes(home) == {}  # no half-written unit, no temp file


def test_updating_a_service_file_keeps_its_mode(cli, home, vault):
    """A person who made the unit private keeps it private."""
    path = unit_path(home, vault)
    path.parent.mkdir(parents=True)
    path.write_text("[Service]\nExecStart=/old/python -m vaultkit watch\n")
    path.chmod(0o600)
    result = cli("--vault", str(vault), "service", "install", "--platform", "linux")
    assert result.exit_code == 0, result.output
    assert path.stat().st_mode & 0o777 == 0o600 and "ExecStart=/old" not in path.read_text()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
