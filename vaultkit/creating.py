"""Notes a person asks for by hand: `new`, `session` and `init`."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from .config import CONFIG_NAME
from .init_toml import commented_toml
from .names import nfc
from .support import PLAN_KIND, PLAN_TITLE, find_safety_plan
from .tend import Action, Change, Tender
from .templates import LAYOUTS, TemplateProblem

# Characters Obsidian refuses in note names, plus the path separators.
_BAD_TITLE = re.compile(r'[*"\\/<>:|?#^\[\]]')

# A title is kept short enough that its 99th namesake still fits: `TITLE 99.md`.
_NUMBERED_ROOM = len(" 99.md")

# What most file systems allow in one name, in bytes, when the folder cannot say.
_NAME_MAX = 255


class CannotCreate(Exception):
    """The note cannot be made as asked: an unknown kind, a title that cannot be a file name,
    a template that does not render. A usage problem (exit status 2), said in one line."""


def _name_max(folder: Path) -> int:
    """The longest file name, in bytes, the file system of `folder` (or of its nearest
    existing parent: the folder may be made with the note) takes."""
    probe = folder
    while not os.path.isdir(probe) and probe != probe.parent:
        probe = probe.parent
    try:
        limit = os.pathconf(probe, "PC_NAME_MAX")
    except (OSError, ValueError):
        return _NAME_MAX
    return limit if limit > 0 else _NAME_MAX


def _size(text: str) -> int:
    return len(os.fsencode(text))


def _clings(text: str, cut: int) -> bool:
    # The character at `cut` belongs with the one before it: an accent on its letter, a
    # variation selector or skin tone on its emoji, either side of a zero-width joiner.
    if cut <= 0 or cut >= len(text):
        return False
    here, before = text[cut], text[cut - 1]
    return (unicodedata.category(here).startswith("M") or here == "\u200d" or before == "\u200d"
            or "\U0001f3fb" <= here <= "\U0001f3ff")


def fit_title(title: str, room: int) -> str:
    """`title` cut, at the end, to at most `room` bytes in a file name: never inside a
    character, and never between a letter and its accents when that can be helped."""
    if _size(title) <= room:
        return title
    used = cut = 0
    for char in title:
        used += _size(char)
        if used > room:
            break
        cut += 1
    plain = cut
    while _clings(title, cut):
        cut -= 1
    return (title[:cut] or title[:plain]).rstrip()


def _free_path(tender: Tender, folder: str, title: str) -> str:
    """folder/title.md, or folder/title 2.md and so on when that name is taken. A name is
    taken under any Unicode spelling, and a title too long for the file system is shortened
    so that the name and its numbered namesakes fit."""
    prefix = f"{folder}/" if folder else ""
    where = tender.vault.root / folder if folder else tender.vault.root
    name_max = _name_max(where)
    try:
        entries = os.listdir(where)
    except (FileNotFoundError, NotADirectoryError):
        entries = []
    # Listed, not tested one by one: a name too long for the file system makes Path.exists
    # raise, and the folder listing holds every spelling there is.
    taken = {nfc(name) for name in entries}
    taken |= {nfc(rel[len(prefix):]) for rel in tender.vault.files
              if rel.startswith(prefix) and "/" not in rel[len(prefix):]}
    title = fit_title(title, name_max - _NUMBERED_ROOM)
    name, number = f"{title}.md", 1
    while nfc(name) in taken:
        number += 1
        suffix = f" {number}.md"
        name = fit_title(title, name_max - _size(suffix)) + suffix
    return prefix + name


def create_note(tender: Tender, kind_name: str, title: str | None) -> str | None:
    """Create a note from a template: its path, or None when the write did not happen (the
    reason is in the report). Raises CannotCreate for what was asked wrongly."""
    kind = tender.templates.resolve(kind_name)
    if kind is None or kind in LAYOUTS:
        known = ", ".join(sorted(tender.templates.names() - LAYOUTS))
        raise CannotCreate(f"{kind_name}: no template of that name (known: {known})")
    if title is not None and (not title.strip() or _BAD_TITLE.search(title) or title.startswith(".")):
        raise CannotCreate(f"{title}: a title may not be empty, start with '.', or contain "
                           "* \" \\ / < > : | ? # ^ [ ]")
    if kind == PLAN_KIND:
        return _safety_plan(tender, title)
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
        raise CannotCreate(str(exc)) from None
    return path if tender.apply(Change(path, None, text.encode("utf-8"), "created", kind)) else None


def _safety_plan(tender: Tender, title: str | None) -> str | None:
    """`new safety-plan`: the plan at the vault root, one glance from every page. Asked again
    without a title, it gives the plan there is: one plan to keep up to date with the
    therapist, not a new copy each time. Once written, the agenda links it at once."""
    existing = find_safety_plan(tender.vault.notes, tender.config.templates_folder)
    if existing is not None and title is None:
        tender.report.actions.append(Action("unchanged", existing, "your safety plan is already "
                                                                    "here; nothing was changed"))
        return existing
    path = _free_path(tender, "", title or PLAN_TITLE)
    try:
        text = tender.render(PLAN_KIND, path[:-3], tender.today, tender.agenda())
    except TemplateProblem as exc:
        raise CannotCreate(str(exc)) from None
    if not tender.apply(Change(path, None, text.encode("utf-8"), "created", PLAN_KIND)):
        return None
    if tender.config.agenda_note in tender.vault.files:
        tender.update_agenda()  # its support callout now links the plan
    return path


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
    if tender.report.actions and not tender.config.support:
        # Said once, while the person is setting things up: the pages show a general default
        # until their own people and numbers are there.
        tender.report.actions.append(Action(
            "no support contacts set yet: add yours under [support] contacts in", CONFIG_NAME,
            "until then, pages show your local emergency number and findahelpline.com"))
