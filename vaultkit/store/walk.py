"""One walk of the vault: the note paths to read, and the files passed over with why."""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from vaultkit.store.temp_files import is_temp_name
from vaultkit.text.ignore import is_hidden, is_sync_conflict


@dataclass
class Walk:
    root: Path  # the folder walked: the vault, or the folder `under` in it
    notes: list[str] = field(default_factory=list)  # vault-relative POSIX paths, sorted
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    conflicts: list[str] = field(default_factory=list)  # sync conflict copies, reported only
    temps: list[str] = field(default_factory=list)  # vaultkit's own temp files, maybe stale


def walk_vault(vault: Path, under: str = "") -> Walk:
    """Every `.md` file under the vault (or its folder `under`) that could be a note, sorted.

    Folder symlinks are not followed (they loop, or lead out of the vault); file symlinks are
    kept when their target is a file inside the vault.
    """
    result = Walk(vault / under if under else vault)
    real_vault = os.path.realpath(vault)
    pending = [under]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(os.path.join(vault, folder) if folder else vault) as entries:
                found = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            result.skipped.append((folder or ".", f"folder cannot be read ({exc.strerror})"))
            continue
        subfolders = []
        # (A hidden folder is never entered, so below `under` only the name itself can be.)
        hidden_folder = is_hidden(folder)
        for entry in found:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if hidden_folder or entry.name.startswith("."):
                if is_temp_name(entry.name):
                    result.temps.append(rel)
                continue
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue  # vanished while listing
            if is_dir:
                subfolders.append(rel)
                continue
            if not entry.name.lower().endswith(".md"):
                if is_link and _is_dir_link(entry):
                    result.skipped.append((rel, "symlinked folder, not followed"))
                continue
            if is_sync_conflict(rel):
                result.conflicts.append(rel)
                continue
            reason = name_problem(rel) or (
                link_problem(entry.path, real_vault) if is_link else None
            )
            if reason:
                result.skipped.append((rel, reason))
                continue
            result.notes.append(rel)
        pending.extend(reversed(subfolders))
    result.notes.sort()
    result.conflicts.sort()
    result.skipped.sort()
    return result


def _is_dir_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def name_problem(rel: str) -> str | None:
    """Why a note is passed over for its name alone: one that is not UTF-8 (read from the disk
    as surrogates) cannot be linked to, shown in the agenda, or written anywhere."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not valid UTF-8; rename it to have it read"
    return None


def link_problem(path: str, real_vault: str) -> str | None:
    """Why a symlinked note is passed over, or None when it leads to a file in the vault."""
    try:
        target = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return "dangling symlink"
    except OSError as exc:
        return (
            "symlink loop"
            if "loop" in str(exc).lower()
            else f"symlink cannot be followed ({exc.strerror})"
        )
    if not target.startswith(real_vault + os.sep):
        return "symlink leads outside the vault, not followed"
    try:
        if stat.S_ISDIR(os.stat(target).st_mode):
            return "symlinked folder, not followed"
    except OSError:
        return "dangling symlink"
    return None


def notes_near_top(vault: Path, enough: int) -> int:
    """How many files named *.md lie in the vault's top folder and the folders in it, counted
    only until `enough` (a few listings, no stat): a first guess at a vault's size, before it
    is walked, for a command that would start work ahead for a big one (helper_pool.start_ahead)."""
    count = 0
    folders = []
    with contextlib.suppress(OSError), os.scandir(vault) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.name[-3:].lower() == ".md":
                count += 1
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry.name)
    for folder in folders:
        if count >= enough:
            break
        with contextlib.suppress(OSError):
            count += sum(name[-3:].lower() == ".md" for name in os.listdir(vault / folder))
    return count
