"""Notes a person asks for by hand: `new` and `session`, each made from its template and
followed by the agenda, which may now show it."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from vaultkit.app.agenda_state import current_agenda
from vaultkit.app.command_errors import Failed, Refused
from vaultkit.app.gateway import Change
from vaultkit.app.pages import daily_path
from vaultkit.app.report import Action, Report
from vaultkit.app.tend import AGENDA_ONLY, tend
from vaultkit.app.tender import Tender
from vaultkit.render.support import PLAN_KIND, PLAN_TITLE, find_safety_plan
from vaultkit.render.templates import ALIASES, LAYOUTS, TemplateProblem
from vaultkit.store.vault import Vault
from vaultkit.text.moment import format_moment
from vaultkit.text.names import nfc

# Characters Obsidian refuses in note names, plus the path separators.
_BAD_TITLE = re.compile(r'[*"\\/<>:|?#^\[\]\x00-\x1f\x7f]')  # and no line breaks, tabs, …
# A title's control characters as a message shows them, so the message stays one line.
_SHOWN = {code: f"\\x{code:02x}" for code in [*range(32), 127]}

# A title is kept short enough that its 99th namesake still fits: `TITLE 99.md`.
_NUMBERED_ROOM = len(" 99.md")

# What most file systems allow in one name, in bytes, when the folder cannot say.
_NAME_MAX = 255

# What `new` calls a note given no title: what a person would write at the top of the page,
# not a file name of vaultkit's ("2026-12-01 thought-record"). A letter is headed so by its
# template; the others are one of their kind on a day.
_UNTITLED = {"unsent-letter": "A letter I won't send"}
_KIND_TITLES = {
    "free-writing": "Free writing",
    "emotion-log": "Emotion log",
    "thought-record": "Thought record",
    "dream": "Dream",
    "setdown": "Setting it down",
}
_TITLE_DAY = "dddd D MMMM"  # "Tuesday 1 December"

# The template a session note is made from: `new` for it records the session, as `session` does.
SESSION_KIND = "session-reflection"


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
    return (
        unicodedata.category(here).startswith("M")
        or here == "\u200d"
        or before == "\u200d"
        or "\U0001f3fb" <= here <= "\U0001f3ff"
    )


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
    taken under any Unicode spelling and in any case (on macOS and Windows, and on any device
    the vault syncs to there, `dream.md` and `Dream.md` are one file), and a title too long
    for the file system is shortened so that the name and its numbered namesakes fit."""
    prefix = f"{folder}/" if folder else ""
    where = tender.vault.root / folder if folder else tender.vault.root
    name_max = _name_max(where)
    try:
        entries = os.listdir(where)
    except (FileNotFoundError, NotADirectoryError):
        entries = []
    # Listed, not tested one by one: a name too long for the file system makes Path.exists
    # raise, and the folder listing holds every spelling there is.
    taken = {nfc(name).casefold() for name in entries}
    taken |= {
        nfc(rel[len(prefix) :]).casefold()
        for rel in tender.vault.files
        if rel.startswith(prefix) and "/" not in rel[len(prefix) :]
    }
    title = fit_title(title, name_max - _NUMBERED_ROOM)
    name, number = f"{title}.md", 1
    while nfc(name).casefold() in taken:
        number += 1
        suffix = f" {number}.md"
        name = fit_title(title, name_max - _size(suffix)) + suffix
    return prefix + name


def askable_kinds(names: set[str]) -> set[str]:
    """The templates a person can ask `new` for: not the layouts of vaultkit's own notes, and
    not the prompt lists in prompts/ (a list of questions, not a note)."""
    return {name for name in names - LAYOUTS if not name.startswith("prompts/")}


def unknown_kind(asked: str, names: set[str]) -> str:
    """What `new` says to a kind it does not know: every kind there is, with its aliases."""
    aliases: dict[str, list[str]] = {}
    for alias, kind in sorted(ALIASES.items()):
        aliases.setdefault(kind, []).append(alias)
    lines = [f"{asked}: no template of that name. You can ask for:"]
    for kind in sorted(askable_kinds(names)):
        also = aliases.get(kind)
        lines.append(f"  {kind} (or: {', '.join(also)})" if also else f"  {kind}")
    return "\n".join(lines)


def create_note(tender: Tender, kind_name: str, title: str | None) -> str | None:
    """Create a note from a template: its path, or None when the write did not happen (the
    reason is in the report). Raises CannotCreate for what was asked wrongly."""
    kind = tender.context.templates.resolve(kind_name)
    if kind is None or kind not in askable_kinds(tender.context.templates.names()):
        raise CannotCreate(unknown_kind(kind_name, tender.context.templates.names()))
    if title is not None and (
        not title.strip() or _BAD_TITLE.search(title) or title.startswith(".")
    ):
        raise CannotCreate(
            f"{title.translate(_SHOWN)}: a title may not be empty, start with "
            "'.', or contain a line break or * \" \\ / < > : | ? # ^ [ ]"
        )
    if kind == PLAN_KIND:
        return _safety_plan(tender, title)
    if kind == SESSION_KIND:
        # One note per session, whichever way it is asked for: the same name and folder, the
        # agenda snapshotted into it and started afresh.
        return record_session(tender, title)
    agenda = current_agenda(tender)
    if kind == "daily" and title is None:
        path = daily_path(tender.config, tender.today)
        if (tender.vault.root / path).exists():
            return path
    else:
        folders = sorted(
            f
            for f, k in tender.config.prompt_folders.items()
            if tender.context.templates.resolve(k) == kind
        )
        folder = folders[0] if folders else ""
        path = _free_path(tender, folder, title or untitled(kind, tender.today))
    try:
        text = tender.context.render(kind, path.rsplit("/", 1)[-1][:-3], tender.today, agenda)
    except TemplateProblem as exc:
        raise CannotCreate(str(exc)) from None
    return (
        path
        if tender.gateway.apply(Change(path, None, text.encode("utf-8"), "created", kind))
        else None
    )


def untitled(kind: str, day: dt.date) -> str:
    """The title of a note of `kind` made on `day` without one: "A letter I won't send",
    "Thought record, Tuesday 1 December"; a template of the person's own by its name in words
    ("Gratitude list, Tuesday 1 December")."""
    if kind in _UNTITLED:
        return _UNTITLED[kind]
    label = _KIND_TITLES.get(kind)
    if label is None:
        words = " ".join(_BAD_TITLE.sub(" ", kind.replace("-", " ").replace("_", " ")).split())
        label = (words[:1].upper() + words[1:]).lstrip(".") or "Note"
    return f"{label}, {format_moment(day, _TITLE_DAY)}"


def _safety_plan(tender: Tender, title: str | None) -> str | None:
    """`new safety-plan`: the plan at the vault root, one glance from every page. Asked again
    without a title, it gives the plan there is: one plan to keep up to date with the
    therapist, not a new copy each time. Once written, the agenda links it at once."""
    vault = tender.vault
    existing = find_safety_plan(vault.notes, tender.config.templates_folder, vault.plans)
    if existing is not None and title is None:
        tender.report.actions.append(
            Action("unchanged", existing, "your safety plan is already here; nothing was changed")
        )
        return existing
    path = _free_path(tender, "", title or PLAN_TITLE)
    try:
        text = tender.context.render(PLAN_KIND, path[:-3], tender.today, current_agenda(tender))
    except TemplateProblem as exc:
        raise CannotCreate(str(exc)) from None
    if not tender.gateway.apply(Change(path, None, text.encode("utf-8"), "created", PLAN_KIND)):
        return None
    if tender.config.agenda_note in tender.vault.files:
        tend(tender, AGENDA_ONLY)  # its support callout now links the plan
    return path


def record_session(tender: Tender, title: str | None = None) -> str | None:
    """Create the session note for tender.today with the agenda as it stands, then refresh the
    agenda: its path, or None when it was not written (a template that does not render is an
    error in the report). `session` and `new session` both come here; a session already
    recorded that day is the note there is."""
    day = tender.today
    for note in tender.vault.notes.values():
        if note.session_date == day:
            detail = f"a session on {day.isoformat()} is already recorded"
            tender.report.actions.append(Action("unchanged", note.path, detail))
            return note.path
    agenda = current_agenda(tender)
    folder = tender.config.sessions_folder
    # Named by its date first, unless the person gives a title: that is how a note in the
    # sessions folder records a session whatever its template holds, and the folder reads
    # in order.
    path = _free_path(tender, folder, title or f"{day.isoformat()} session")
    try:
        text = tender.context.render(SESSION_KIND, path.rsplit("/", 1)[-1][:-3], day, agenda)
    except TemplateProblem as exc:
        tender.gateway.error(path, str(exc))
        return None
    if not tender.gateway.apply(Change(path, None, text.encode("utf-8"), "created", "session")):
        return None
    tend(tender, AGENDA_ONLY)
    return path


@dataclass(frozen=True)
class Made:
    """The note a command made (None: its write did not happen), and what happened on the way."""

    path: str | None
    report: Report


def new_note(
    vault: Vault, today: dt.date, now: dt.datetime | None, kind: str, title: str | None
) -> Made:
    """`vaultkit new KIND [TITLE]`: Refused for a kind or title that cannot be made, Failed
    when the template itself fails (as when `run` meets it)."""
    tender = Tender(vault, today, now=now)
    try:
        path = create_note(tender, kind, title)
    except CannotCreate as exc:
        if isinstance(exc.__context__, TemplateProblem):
            raise Failed(str(exc)) from exc
        raise Refused(str(exc)) from exc
    return Made(path, tender.report)


def new_session(vault: Vault, day: dt.date, now: dt.datetime | None) -> Made:
    """`vaultkit session [DATE]`: the session note, with a snapshot of the agenda."""
    tender = Tender(vault, day, now=now)
    path = record_session(tender)
    return Made(path, tender.finish())
