"""Notes a person asks for by hand: `new`, `session` and `init`."""

from __future__ import annotations

import re

from .config import CONFIG_NAME
from .init_toml import commented_toml
from .tend import Action, Change, Tender
from .templates import LAYOUTS, TemplateProblem

# Characters Obsidian refuses in note names, plus the path separators.
_BAD_TITLE = re.compile(r'[*"\\/<>:|?#^\[\]]')


def _free_path(tender: Tender, folder: str, title: str) -> str:
    """folder/title.md, or folder/title 2.md and so on when that name is taken."""
    prefix = f"{folder}/" if folder else ""
    candidate, number = f"{prefix}{title}.md", 1
    while (tender.vault.root / candidate).exists() or candidate in tender.vault.files:
        number += 1
        candidate = f"{prefix}{title} {number}.md"
    return candidate


def create_note(tender: Tender, kind_name: str, title: str | None) -> str | None:
    """Create a note from a template; its path, or None with the reason in the report."""
    kind = tender.templates.resolve(kind_name)
    if kind is None or kind in LAYOUTS:
        known = ", ".join(sorted(tender.templates.names() - LAYOUTS))
        tender.error(kind_name, f"no template of that name (known: {known})")
        return None
    if title is not None and (not title.strip() or _BAD_TITLE.search(title) or title.startswith(".")):
        tender.error(title, "a title may not be empty, start with '.', or contain * \" \\ / < > : | ? # ^ [ ]")
        return None
    agenda = tender.agenda()
    if kind == "daily" and title is None:
        path = tender.daily_path(tender.today)
        if (tender.vault.root / path).exists():
            return path
    else:
        folders = sorted(f for f, k in tender.config.prompt_folders.items()
                         if tender.templates.resolve(k) == kind)
        folder = folders[0] if folders else ""
        path = _free_path(tender, folder, title or f"{tender.today.isoformat()} {kind}")
    try:
        text = tender.render(kind, path.rsplit("/", 1)[-1][:-3], tender.today, agenda)
    except TemplateProblem as exc:
        tender.error(path, str(exc))
        return None
    return path if tender.apply(Change(path, None, text.encode("utf-8"), "created", kind)) else None


def record_session(tender: Tender) -> str | None:
    """Create the session note for tender.today with the agenda as it stands, then refresh it."""
    day = tender.today
    for note in tender.vault.notes.values():
        if note.session_date == day:
            detail = f"a session on {day.isoformat()} is already recorded"
            tender.report.actions.append(Action("unchanged", note.path, detail))
            return note.path
    agenda = tender.agenda()
    folder = tender.config.sessions_folder
    path = _free_path(tender, folder, f"{day.isoformat()} session")
    try:
        text = tender.render("session-reflection", path.rsplit("/", 1)[-1][:-3], day, agenda)
    except TemplateProblem as exc:
        tender.error(path, str(exc))
        return None
    if not tender.apply(Change(path, None, text.encode("utf-8"), "created", "session")):
        return None
    tender.update_agenda()
    return path


def initialise(tender: Tender) -> None:
    """vaultkit.toml with the settings in force, and a copy of each built-in template."""
    if not (tender.vault.root / CONFIG_NAME).exists():
        text = commented_toml(tender.config)
        tender.apply(Change(CONFIG_NAME, None, text.encode("utf-8"), "created", "settings"))
    folder = tender.config.templates_folder
    builtin = tender.templates.builtin_files()
    for rel, data in builtin:
        path = f"{folder}/{rel}" if folder else rel
        if not (tender.vault.root / path).exists():
            tender.apply(Change(path, None, data, "created", "template"))
