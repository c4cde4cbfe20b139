"""Which folder a command works on: --vault, else $VAULTKIT_VAULT, else the nearest vault
above; and the refusals when that folder is missing, not a folder, or inside another vault."""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from vaultkit.app.command_errors import Refused
from vaultkit.settings.discovery import find_vault
from vaultkit.settings.table import CONFIG_NAME

NO_VAULT = (
    "no vault found here (a folder with .obsidian/ or vaultkit.toml): "
    "`vaultkit init` makes this folder one;\nfor a vault elsewhere, pass --vault PATH "
    "or set VAULTKIT_VAULT"
)


def from_environment(vault_option: str | None, environ: dict[str, str]) -> bool:
    """Whether the vault comes from $VAULTKIT_VAULT (no --vault given)."""
    return not vault_option and bool(environ.get("VAULTKIT_VAULT"))


def vault_root(vault_option: str | None, environ: dict[str, str], cwd: Path) -> Path:
    """The vault a command works on; Refused when there is none, or it is not a folder."""
    root = find_vault(vault_option, environ, cwd)
    if root is None:
        raise Refused(NO_VAULT)
    check_folder(root, from_environment(vault_option, environ))
    return root


def check_folder(root: Path, from_environment: bool) -> None:
    # A path that came from the environment is named as such: the person may not remember
    # setting it, and it is what to change.
    origin = " (the folder VAULTKIT_VAULT names)" if from_environment else ""
    if not os.path.lexists(root):
        raise Refused(f"{root}: does not exist{origin}")
    if not root.is_dir():
        raise Refused(f"{root}: not a folder{origin}")


@dataclass(frozen=True)
class InitFolder:
    """The folder `init` sets up, and what it was before."""

    root: Path
    from_environment: bool  # named by $VAULTKIT_VAULT: said so, as the person may not know
    was_vault: bool  # it had .obsidian/ or vaultkit.toml already


def init_folder(vault_option: str | None, environ: dict[str, str], cwd: Path) -> InitFolder:
    """--vault PATH, else $VAULTKIT_VAULT, else the current folder: never a folder above it.
    Refused inside another vault; made when missing in a folder that is there (an OSError
    when it cannot be)."""
    if vault_option:
        root, origin = Path(vault_option), False
    elif from_environment(vault_option, environ):
        root, origin = Path(environ["VAULTKIT_VAULT"]), True
    else:
        root, origin = cwd, False
    was_vault = (root / ".obsidian").is_dir() or (root / CONFIG_NAME).is_file()
    if not was_vault:
        # Setting up the vault above would be the silent walk up again, and making a second
        # one inside it would have both read the same notes: say which, and how to set it up.
        outer = find_vault(None, {}, root.resolve().parent)
        if outer is not None:
            raise Refused(
                f"{root} is inside the vault {outer}; a vault inside a vault would be read by "
                f"both.\nTo set up that vault, run: vaultkit --vault {shlex.quote(str(outer))} init"
            )
    if not os.path.lexists(root) and root.parent.is_dir():
        root.mkdir()
    check_folder(root, origin)
    return InitFolder(root, origin, was_vault)
