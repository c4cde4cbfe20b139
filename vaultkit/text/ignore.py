"""Which paths in a vault are not notes for vaultkit: dot-folders, sync temp and conflict files."""

from __future__ import annotations

import re

# Sync tools leave these beside the real note; none of them is an input.
_CONFLICT = re.compile(
    r"\.sync-conflict-\d{8}-\d{6}-|conflicted copy|\(conflict(ed)? copy|\.icloud$",
    re.IGNORECASE,
)


def is_hidden(rel: str) -> bool:
    """Any dot-file or dot-folder on the path: .obsidian/, .trash/, .git/, .syncthing.*.tmp."""
    return any(part.startswith(".") for part in rel.split("/"))


def is_sync_conflict(rel: str) -> bool:
    return bool(_CONFLICT.search(rel.rsplit("/", 1)[-1]))


# The name a conflict copy was made from: Syncthing's NAME.sync-conflict-DATE-TIME-DEVICE.md,
# Dropbox's and Obsidian Sync's NAME (… conflicted copy …).md.
_COPY_OF = [
    re.compile(r"^(?P<name>.+)\.sync-conflict-\d{8}-\d{6}-[A-Za-z0-9]+(?P<ext>\.[^./]+)$"),
    re.compile(
        r"^(?P<name>.+?) \([^()/]*conflicted copy[^()/]*\)(?P<ext>\.[^./]+)$", re.IGNORECASE
    ),
]


def conflict_original(rel: str) -> str | None:
    """The path a sync conflict copy is a copy of, or None when its name does not say."""
    for pattern in _COPY_OF:
        match = pattern.match(rel)
        if match:
            return match.group("name") + match.group("ext")
    return None


def in_folder(rel: str, folder: str) -> bool:
    return bool(folder) and (rel == folder or rel.startswith(folder + "/"))
