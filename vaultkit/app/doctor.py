"""`vaultkit doctor`: what vaultkit sees in a vault, as facts (no changes)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from vaultkit.facts.agenda import build_agenda, last_sessions
from vaultkit.render.support import find_safety_plan
from vaultkit.render.templates import (
    ASK,
    HELP,
    LAYOUTS,
    NOT_TRIGGERS,
    TemplateSet,
    daily_template_fallback,
    daily_template_name,
)
from vaultkit.settings.table import DEFAULT_SOURCE, SETTINGS
from vaultkit.store.vault import Vault, templates_of
from vaultkit.text.blocks import BlockNote
from vaultkit.text.expansion import as_list_item
from vaultkit.text.ignore import in_folder


def diagnose(vault: Vault, today: dt.date) -> dict[str, Any]:
    config = vault.config
    templates = templates_of(vault)
    notes = list(vault.notes.values())
    unknown, unplaced = [], []
    in_a_list: dict[str, bool] = {}  # template -> whether it can be a list item
    for note in sorted(notes, key=lambda n: n.path):
        if in_folder(note.path, config.templates_folder):
            continue
        listed = dict(note.list_triggers)
        for line, name in note.triggers:
            if name.lower() in NOT_TRIGGERS | {ASK, HELP}:
                continue
            kind = templates.resolve(name)
            found = {"path": note.path, "line": line + 1, "trigger": name}
            if kind is None:
                unknown.append(found)
            elif line in listed and kind not in LAYOUTS:
                if kind not in in_a_list:
                    in_a_list[kind] = _fits_a_list_item(templates.get(kind).text)
                if not in_a_list[kind]:
                    unplaced.append(found)
    sessions = last_sessions(notes, today)
    agenda = build_agenda(notes, config, today)
    settings = config.as_dict()
    last = sessions[-1].session_date if sessions else None
    # The templates folder holds vaultkit's files and the person's layouts, not their notes.
    written = [n for n in notes if not n.template]
    return {
        "vault": str(vault.root),
        "today": today.isoformat(),
        "settings": settings,
        "sources": dict(sorted(config.sources.items())),
        # Per setting, by its name in vaultkit.toml: the file (and line) or the default.
        "setting_sources": {s.name: config.source_of(s.field) for s in SETTINGS},
        "counts": {
            "notes": len(written),
            "daily_pages": sum(1 for n in written if n.is_daily),
            "template_files": len(notes) - len(written),
            "items": sum(len(n.items) for n in written),
            "sessions": len(sessions),
            "agenda_items": len(agenda.items),
            "skipped": len(vault.skipped),
        },
        "last_session": last.isoformat() if last else None,
        "next_session": agenda.next_date.isoformat() if agenda.next_date else None,
        "templates": sorted(templates.names()),
        "skipped": [
            {"path": p, "reason": r, "line": line} for p, (r, line) in sorted(vault.skipped.items())
        ],
        "warnings": [w for n in sorted(notes, key=lambda n: n.path) for w in n.warnings]
        + block_problems(vault)
        + daily_template_warnings(vault, templates),
        "sync_conflicts": list(vault.conflicts),
        "unknown_triggers": unknown,
        # Written as a list item, of a template that cannot be one: `run` leaves them and says so.
        "unexpandable_triggers": unplaced,
        # With no contacts, every support callout shows the general default: said, so the
        # person knows to add their own.
        "support": {
            "contacts_set": bool(config.support),
            "contacts": len(config.support),
            "safety_plan": find_safety_plan(vault.notes, config.templates_folder, vault.plans),
        },
    }


# A line holding only a Jinja statement or comment: with trim_blocks it writes nothing.
_STATEMENT_LINE = re.compile(r"[ \t]*(?:\{%.*%\}|\{#.*#\})[ \t]*\r?")


def _fits_a_list_item(template: str) -> bool:
    """Whether a template's text, as written, renders to what a list item can take (one line
    of text; expansion.as_list_item), as `run` finds it with its rendering in hand."""
    lines = [line for line in template.split("\n") if not _STATEMENT_LINE.fullmatch(line)]
    return as_list_item("- ", "\n".join(lines)) is not None


def daily_template_warnings(vault: Vault, templates: TemplateSet) -> list[str]:
    kind = templates.resolve(daily_template_name(vault.config))
    warning = daily_template_fallback(vault.config, kind, vault.files) if kind else None
    return [warning] if warning else []


def block_problems(vault: Vault) -> list[str]:
    """The notes vaultkit writes a block into but leaves alone, for their markers (blocks.py)."""
    config = vault.config
    paths = [
        p
        for p in sorted(vault.files)
        if p == config.agenda_note
        or (config.reviews_folder and in_folder(p, config.reviews_folder))
    ]
    found = []
    for path in paths:
        problem = BlockNote.parse(path, vault.data_of(path)).problem
        if problem:
            found.append(problem)
    return found


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def _template_files(count: int, folder: str) -> str:
    if not count:
        return f"template files: none in {folder} (the built-in ones are used)"
    return f"template files: {count} in {folder} (read as templates, not as notes)"


def _as_toml(value: Any) -> str:
    """A setting's value as it would be typed in vaultkit.toml (true, 5, "Journal"), not as
    Python shows it (True, 5.0, 'Journal')."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(
                f"{json.dumps(k, ensure_ascii=False)} = {_as_toml(v)}" for k, v in value.items()
            )
            + " }"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_as_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_key(key: str) -> str:
    """A key as TOML takes it: bare when it can be, else quoted (a prompt folder may hold
    spaces), so that the settings doctor prints read back as TOML."""
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _from(facts: dict[str, Any], name: str, table: str) -> str:
    """Where a setting came from, as a TOML comment's words; a whole table's entries (the
    prompt folders) share the table's source."""
    found = facts["setting_sources"]
    source = found.get(name) or found.get(table, DEFAULT_SOURCE)
    return source if source == DEFAULT_SOURCE else f"from {source}"


def format_text(facts: dict[str, Any]) -> str:
    counts = facts["counts"]
    lines = [
        f"vault: {facts['vault']}",
        (
            f"notes: {counts['notes']} ({_count(counts['daily_pages'], 'daily page')}), "
            f"{counts['items']} tagged lines, {counts['agenda_items']} on the agenda"
        ),
        _template_files(counts["template_files"], facts["settings"]["templates"]["folder"]),
        (
            f"sessions: {counts['sessions']}; last {facts['last_session'] or 'none yet'}; "
            f"next {facts['next_session'] or 'no schedule set'}"
        ),
        "settings in force:",
    ]
    sources = facts["sources"]
    for table, values in facts["settings"].items():
        if isinstance(values, dict):
            for key, value in values.items():
                source = _from(facts, f"{table}.{key}", table)
                lines.append(f"  {table}.{_toml_key(key)} = {_as_toml(value)}  # {source}")
        else:
            lines.append(f"  {table} = {_as_toml(values)}  # {_from(facts, table, table)}")
    if sources:
        lines.append("  (from " + ", ".join(sorted(set(sources.values()))) + "; the rest built in)")
    lines.append(f"templates: {', '.join(facts['templates'])}")
    support = facts["support"]
    if support["contacts_set"]:
        count = support["contacts"]
        contacts = f"{count} contact{'s' if count != 1 else ''} set"
    else:
        contacts = (
            "no contacts set yet: add yours under [support] contacts in vaultkit.toml "
            "(until then, pages show your local emergency number and findahelpline.com)"
        )
    plan = (
        support["safety_plan"]
        or "none yet (vaultkit new safety-plan makes one to fill in with your therapist)"
    )
    lines.append(f"support: {contacts}; safety plan: {plan}")
    sections = [
        (
            "skipped files",
            [
                f"{s['path']}{':' + str(s['line']) if s['line'] else ''}: {s['reason']}"
                for s in facts["skipped"]
            ],
        ),
        ("warnings", facts["warnings"]),
        ("sync conflict copies (not read; merge them by hand)", facts["sync_conflicts"]),
        (
            "unknown triggers (left alone)",
            [f"{u['path']}:{u['line']}: {{{{{u['trigger']}}}}}" for u in facts["unknown_triggers"]],
        ),
        (
            "triggers vaultkit cannot expand where they are (put each on a line of its own)",
            [
                f"{u['path']}:{u['line']}: {{{{{u['trigger']}}}}} inside a list"
                for u in facts["unexpandable_triggers"]
            ],
        ),
    ]
    for title, entries in sections:
        lines.append(f"{title}: {len(entries) if entries else 'none'}")
        lines.extend(f"  {entry}" for entry in entries)
    return "\n".join(lines)
