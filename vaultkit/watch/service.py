"""`vaultkit service`: a systemd user unit or a launchd agent that runs `vaultkit watch`.

The text is built by pure functions; only `install` and `uninstall` touch the disk. Nothing
here enables, starts or stops anything: the person runs the one command we print, so the
service manager stays theirs to drive.
"""

from __future__ import annotations

import os
import plistlib
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from platformdirs.unix import Unix

from vaultkit.store.outside_writer import remove_file, write_file
from vaultkit.store.vault_name import vault_name

# `vaultkit watch` exits 2 on a usage or configuration error, or when another daemon already
# holds the vault; restarting would only fail again.
NO_RESTART_STATUS = 2


class ServiceError(Exception):
    """A one-line reason why no service file can be written or removed."""


def watch_argv(vault: Path, python: str) -> list[str]:
    # `-m vaultkit` with this interpreter, not a `vaultkit` found on PATH: the service
    # manager's PATH rarely holds the virtual environment vaultkit lives in.
    return [python, "-m", "vaultkit", "--vault", str(vault), "watch"]


# --- systemd -----------------------------------------------------------------------------

# systemd refuses an executable path holding these; `$` is also out, because the path is run
# as written while its copy in argv[0] has `$` expanded, so no spelling gets both right.
_UNSAFE_EXECUTABLE = re.compile(r"[\x00-\x1f\x7f\\\"'$]")


def _systemd_word(arg: str) -> str:
    # systemd unquotes and C-unescapes a word, then expands %-specifiers in it, and at start
    # expands $VAR in the arguments: every layer needs its own escape.
    text = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)
    return f'"{text}"'


def _description(text: str) -> str:
    # A label only: a newline or a trailing backslash would break or join unit lines.
    shown = "".join(c if c.isprintable() and c != "\\" else "?" for c in text)
    return shown.replace("%", "%%")


def systemd_unit(vault: Path, python: str) -> str:
    """The unit text for `vault` (an absolute path), run by the interpreter `python`."""
    if _UNSAFE_EXECUTABLE.search(python):
        raise ServiceError(
            f"{python}: systemd cannot run a program whose path holds quotes, "
            "backslashes, $ or control characters; install vaultkit elsewhere"
        )
    exec_start = " ".join(_systemd_word(arg) for arg in watch_argv(vault, python))
    return (
        "[Unit]\n"
        f"Description={_description(f'vaultkit: tends the journal vault at {vault}')}\n"
        "\n"
        "[Service]\n"
        "Type=simple\n"
        f"ExecStart={exec_start}\n"
        "Restart=on-failure\n"
        "RestartSec=5\n"
        f"RestartPreventExitStatus={NO_RESTART_STATUS}\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


# --- launchd -----------------------------------------------------------------------------


def launchd_label(vault: Path) -> str:
    return f"org.vaultkit.{vault_name(vault)}"


def launchd_plist(vault: Path, python: str, home: Path) -> bytes:
    """The agent's property list; the log goes to ~/Library/Logs under `home`."""
    log = home / "Library" / "Logs" / f"vaultkit-{vault_name(vault)}.log"
    agent = {
        "Label": launchd_label(vault),
        "ProgramArguments": watch_argv(vault, python),
        "RunAtLoad": True,
        # launchd cannot spare one exit status the way systemd can: after exit 2 it retries,
        # throttled to once every 10 seconds.
        "KeepAlive": {"SuccessfulExit": False},
        "StandardErrorPath": str(log),
        "ProcessType": "Background",
    }
    return plistlib.dumps(agent, sort_keys=True)


# --- the file on disk ----------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceFile:
    path: Path
    data: bytes
    enable: str  # shell command: start it now and at every login
    restart: str  # shell command: pick up a changed file, whether or not it was running
    disable: str  # shell command: stop it and keep it from starting
    after_removal: str  # shell command to run once the file is gone
    enabled_link: Path | None = None  # systemd's mark of an enabled unit


def config_home() -> Path:
    """Where systemd looks for user units, under systemd/user: $XDG_CONFIG_HOME if set to an
    absolute path (as the XDG spec asks), else ~/.config. platformdirs' Unix rule, whatever
    the platform vaultkit runs on, since only systemd reads it."""
    return Unix().user_config_path


def service_file(
    vault: Path, python: str, platform: str, home: Path, config_home: Path
) -> ServiceFile:
    vault = vault.resolve()
    name = vault_name(vault)
    if platform == "linux":
        unit = f"vaultkit-{name}.service"
        folder = config_home / "systemd" / "user"
        return ServiceFile(
            path=folder / unit,
            data=systemd_unit(vault, python).encode("utf-8", "surrogateescape"),
            enable=f"systemctl --user daemon-reload && systemctl --user enable --now {unit}",
            restart=(
                f"systemctl --user daemon-reload && systemctl --user enable {unit} "
                f"&& systemctl --user restart {unit}"
            ),
            disable=f"systemctl --user disable --now {unit}",
            after_removal="systemctl --user daemon-reload",
            enabled_link=folder / "default.target.wants" / unit,
        )
    if platform == "darwin":
        label = launchd_label(vault)
        path = home / "Library" / "LaunchAgents" / f"{label}.plist"
        bootstrap = f"launchctl bootstrap gui/$(id -u) {shlex.quote(str(path))}"
        bootout = f"launchctl bootout gui/$(id -u)/{label}"
        return ServiceFile(
            path=path,
            data=launchd_plist(vault, python, home),
            enable=bootstrap,
            # bootout fails harmlessly when the agent is not loaded, hence `;` not `&&`.
            restart=f"{bootout}; {bootstrap}",
            disable=bootout,
            # launchd keeps a loaded agent running after its plist is gone.
            after_removal=bootout,
        )
    raise ServiceError(
        f"vaultkit service supports Linux (systemd) and macOS (launchd); "
        f"on {platform} run `vaultkit watch` from your own start-up tool"
    )


def install(sf: ServiceFile, vault: Path | None = None) -> str:
    """Write the file if its bytes differ: returns "written", "unchanged" or "updated".
    Raises WriteError (`PATH: what happened`) when it cannot be written; the file is then
    as it was. Never writes inside `vault`."""
    try:
        old = sf.path.read_bytes()
    except FileNotFoundError:
        old = None
    if old == sf.data:
        return "unchanged"
    # The writer's rules: a service manager reading the folder sees the old file or the new
    # one, never half of one; a person's own changes to the mode are kept.
    write_file(sf.path, sf.data, replace=True, mode=0o644, parents=True, outside=vault)
    return "written" if old is None else "updated"


def uninstall(sf: ServiceFile) -> str | None:
    """Remove the file and return the command still to run, or None when it was not there.

    Refuses while systemd has the unit enabled: `disable --now` stops it and removes the link,
    which needs the file still there.
    """
    # lexists: a dangling link still makes systemd try to start the unit at login.
    if sf.enabled_link is not None and os.path.lexists(sf.enabled_link):
        raise ServiceError(
            f"{sf.path.name} is still enabled: run `{sf.disable}` first, "
            "then `vaultkit service uninstall` again"
        )
    if not remove_file(sf.path):
        return None
    return sf.after_removal
