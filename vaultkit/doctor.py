"""`vaultkit doctor`: what vaultkit sees in a vault, as facts (no changes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .agenda import build_agenda, last_sessions
from .blocks import BlockNote
from .ignore import in_folder
from .support import find_safety_plan
from .templates import ASK, HELP, NOT_TRIGGERS
from .vault import Vault


def diagnose(vault: Vault, today: dt.date) -> dict[str, Any]:
    config = vault.config
    templates = vault.templates()
    notes = list(vault.notes.values())
    unknown = []
    for note in sorted(notes, key=lambda n: n.path):
        if in_folder(note.path, config.templates_folder):
            continue
        for line, name in note.triggers:
            if name.lower() not in NOT_TRIGGERS | {ASK, HELP} and templates.resolve(name) is None:
                unknown.append({"path": note.path, "line": line + 1, "trigger": name})
    sessions = last_sessions(notes, today)
    agenda = build_agenda(notes, config, today)
    settings = config.as_dict()
    return {
        "vault": str(vault.root),
        "today": today.isoformat(),
        "settings": settings,
        "sources": dict(sorted(config.sources.items())),
        "counts": {
            "notes": len(notes),
            "daily_pages": sum(1 for n in notes if n.is_daily),
            "items": sum(len(n.items) for n in notes),
            "sessions": len(sessions),
            "agenda_items": len(agenda.items),
            "skipped": len(vault.skipped),
        },
        "last_session": sessions[-1].session_date.isoformat() if sessions else None,
        "next_session": agenda.next_date.isoformat() if agenda.next_date else None,
        "templates": sorted(templates.names()),
        "skipped": [{"path": p, "reason": r, "line": line}
                    for p, (r, line) in sorted(vault.skipped.items())],
        "warnings": [w for n in sorted(notes, key=lambda n: n.path) for w in n.warnings]
        + block_problems(vault),
        "sync_conflicts": list(vault.conflicts),
        "unknown_triggers": unknown,
        # With no contacts, every support callout shows the general default: said, so the
        # person knows to add their own.
        "support": {"contacts_set": bool(config.support), "contacts": len(config.support),
                    "safety_plan": find_safety_plan(vault.notes, config.templates_folder)},
    }


def block_problems(vault: Vault) -> list[str]:
    """The notes vaultkit writes a block into but leaves alone, for their markers (blocks.py)."""
    config = vault.config
    paths = [p for p in sorted(vault.files) if p == config.agenda_note
             or (config.reviews_folder and in_folder(p, config.reviews_folder))]
    found = []
    for path in paths:
        problem = BlockNote.parse(path, vault.data_of(path)).problem
        if problem:
            found.append(problem)
    return found


def format_text(facts: dict[str, Any]) -> str:
    counts = facts["counts"]
    lines = [
        f"vault: {facts['vault']}",
        f"notes: {counts['notes']} ({counts['daily_pages']} daily pages), "
        f"{counts['items']} tagged lines, {counts['agenda_items']} on the agenda",
        f"sessions: {counts['sessions']}; last {facts['last_session'] or 'none yet'}; "
        f"next {facts['next_session'] or 'no schedule set'}",
        "settings in force:",
    ]
    sources = facts["sources"]
    for table, values in facts["settings"].items():
        if isinstance(values, dict):
            for key, value in values.items():
                lines.append(f"  {table}.{key} = {value!r}")
        else:
            lines.append(f"  {table} = {values!r}")
    if sources:
        lines.append("  (from " + ", ".join(sorted(set(sources.values()))) + "; the rest built in)")
    lines.append(f"templates: {', '.join(facts['templates'])}")
    support = facts["support"]
    if support["contacts_set"]:
        count = support["contacts"]
        contacts = f"{count} contact{'s' if count != 1 else ''} set"
    else:
        contacts = ("no contacts set yet: add yours under [support] contacts in vaultkit.toml "
                    "(until then, pages show your local emergency number and findahelpline.com)")
    plan = support["safety_plan"] or "none yet (vaultkit new safety-plan makes one to fill in " \
                                     "with your therapist)"
    lines.append(f"support: {contacts}; safety plan: {plan}")
    sections = [
        ("skipped files", [f"{s['path']}{':' + str(s['line']) if s['line'] else ''}: {s['reason']}"
                           for s in facts["skipped"]]),
        ("warnings", facts["warnings"]),
        ("sync conflict copies (not read; merge them by hand)", facts["sync_conflicts"]),
        ("unknown triggers (left alone)", [f"{u['path']}:{u['line']}: {{{{{u['trigger']}}}}}"
                                           for u in facts["unknown_triggers"]]),
    ]
    for title, entries in sections:
        lines.append(f"{title}: {len(entries) if entries else 'none'}")
        lines.extend(f"  {entry}" for entry in entries)
    return "\n".join(lines)
