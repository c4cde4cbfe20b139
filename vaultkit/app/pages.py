"""The pages vaultkit starts from a template: today's daily page, and a new empty note in a
prompt folder filled with that folder's template."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from vaultkit.app.gateway import Change
from vaultkit.app.render_context import LazyAgenda
from vaultkit.app.tender import Tender
from vaultkit.render.templates import TemplateProblem, daily_template_fallback, daily_template_name
from vaultkit.settings.config import Config
from vaultkit.text.ignore import in_folder
from vaultkit.text.moment import format_moment


def daily_path(config: Config, day: dt.date) -> str:
    name = format_moment(day, config.daily_format) + ".md"
    return f"{config.daily_folder}/{name}" if config.daily_folder else name


def ensure_daily(tender: Tender, agenda: LazyAgenda) -> None:
    """Make today's page when there is none (`agenda` is built only then, and only if its
    template shows it)."""
    path = daily_path(tender.config, tender.today)
    if path in tender.vault.files or os.path.lexists(tender.vault.root / path):
        return
    kind = _daily_template(tender)
    if kind is None:
        return
    title = path.rsplit("/", 1)[-1][:-3]
    try:
        text = tender.context.render(kind, title, tender.today, agenda)
    except TemplateProblem as exc:
        return tender.gateway.error(path, str(exc))
    tender.gateway.apply(Change(path, None, text.encode("utf-8"), "created", "daily page"))


def _daily_template(tender: Tender) -> str | None:
    name = daily_template_name(tender.config)
    kind = tender.context.templates.resolve(name)
    if kind is None:
        path = daily_path(tender.config, tender.today)
        tender.gateway.error(path, f"daily template '{name}' not found")
        return None
    # The person's own template named but missing: the page is still made, from the
    # built-in one, and the pass says so (doctor too) rather than fall back in silence.
    warning = daily_template_fallback(tender.config, kind, tender.vault.files)
    problems = tender.report.problems
    if warning and warning not in problems:
        problems.append(warning)
    return kind


def prompt_kind(config: Config, path: str) -> str | None:
    """The template of the prompt folder a note sits in (the deepest folder wins)."""
    folders = [f for f in config.prompt_folders if in_folder(path, f)]
    return config.prompt_folders[max(folders, key=len)] if folders else None


def prompt_folder_paths(tender: Tender) -> list[str]:
    """The empty notes in prompt folders: each may want its folder's template."""
    config = tender.config
    return [p for p, s in tender.vault.files.items() if s.size == 0 and prompt_kind(config, p)]


def fill_prompts(tender: Tender, paths: Iterable[str], agenda: LazyAgenda) -> None:
    """Fill each empty note of `paths` that sits in a prompt folder with its template."""
    for path in sorted(paths):
        state = tender.vault.files.get(path)
        name = prompt_kind(tender.config, path)
        if state is None or state.size or name is None:
            continue
        kind = tender.context.templates.resolve(name)
        if kind is None:
            tender.gateway.error(path, f"prompt folder template '{name}' not found")
            continue
        note = tender.vault.notes[path]
        day = note.date if note.date_source == "name" else tender.today
        try:
            text = tender.context.render(kind, note.title, day, agenda)
        except TemplateProblem as exc:
            tender.gateway.error(path, str(exc))
            continue
        change = Change(path, b"", text.encode("utf-8"), "filled", kind, state.inode)
        tender.gateway.apply(change)
