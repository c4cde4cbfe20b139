"""The vault as read from disk: every note parsed, every file passed over with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .ignore import in_folder
from .note import Note, NotText, parse_note
from .reading import FileState, Unreadable, read_note
from .templates import TemplateSet
from .walk import walk_vault
from .resources import builtin_templates_dir


@dataclass
class Vault:
    root: Path
    config: Config
    files: dict[str, FileState] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    # path -> (reason, line or None): the files passed over, one warning each
    skipped: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)

    def refresh(self, rel: str) -> Note | None:
        """Re-read one file (after vaultkit or the person changed it); None if passed over."""
        try:
            state = read_note(self.root, rel)
        except Unreadable as exc:
            self.forget(rel)
            if str(exc) != "vanished before it could be read" or (self.root / rel).is_symlink():
                self.skipped[rel] = (str(exc), None)
            return None
        return self.store(rel, state)

    def store(self, rel: str, state: FileState) -> Note | None:
        """Take `state` as the file's content now; None if it is not a note after all."""
        self.forget(rel)
        try:
            note = parse_note(rel, state.data, state.mtime, self.config)
        except NotText as exc:
            self.skipped[rel] = (str(exc), exc.line)
            return None
        self.files[rel] = state
        self.notes[rel] = note
        return note

    def forget(self, rel: str) -> bool:
        """Drop a file that is gone; True if it was known."""
        known = rel in self.files or rel in self.skipped
        self.files.pop(rel, None)
        self.notes.pop(rel, None)
        self.skipped.pop(rel, None)
        return known

    def known_under(self, folder: str) -> list[str]:
        """Every file known inside `folder`, read or passed over."""
        prefix = folder + "/"
        return sorted(p for p in {*self.files, *self.skipped} if p.startswith(prefix))

    def warnings(self) -> list[str]:
        lines = [f"{path}:{line}: {reason}" if line else f"{path}: {reason}"
                 for path, (reason, line) in sorted(self.skipped.items())]
        for path in sorted(self.notes):
            lines.extend(self.notes[path].warnings)
        return lines

    def templates(self) -> TemplateSet:
        folder = self.config.templates_folder
        user = {}
        for path, note in self.notes.items():
            if in_folder(path, folder) and path.lower().endswith(".md"):
                name = path[len(folder) + 1:-3] if folder else path[:-3]
                user[name] = (path, self.files[path].data.decode("utf-8").lstrip("\ufeff"))
        return TemplateSet(builtin_templates_dir(), user)

    def text_of(self, rel: str) -> str:
        return self.files[rel].data.decode("utf-8").lstrip("\ufeff")


def load_vault(root: Path, config: Config) -> Vault:
    walk = walk_vault(root)
    vault = Vault(root, config, conflicts=walk.conflicts)
    vault.skipped.update({path: (reason, None) for path, reason in walk.skipped})
    for rel in walk.notes:
        vault.refresh(rel)
    return vault
