"""Finding the vault: --vault, else $VAULTKIT_VAULT, else the nearest folder that looks like one."""

from __future__ import annotations

from pathlib import Path

from vaultkit.settings.table import CONFIG_NAME


def find_vault(explicit: str | None, env: dict[str, str], cwd: Path) -> Path | None:
    """--vault, else $VAULTKIT_VAULT, else the nearest parent holding .obsidian/ or vaultkit.toml."""
    if explicit:
        return Path(explicit)
    if env.get("VAULTKIT_VAULT"):
        return Path(env["VAULTKIT_VAULT"])
    for folder in (cwd, *cwd.parents):
        if (folder / ".obsidian").is_dir() or (folder / CONFIG_NAME).is_file():
            return folder
    return None
