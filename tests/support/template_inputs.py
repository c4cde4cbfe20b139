"""The inputs every built-in template is rendered with in the template tests: a rich agenda,
a week's review and the variables the tender passes."""

from __future__ import annotations

import datetime as dt

from vaultkit.facts.agenda import build_agenda
from vaultkit.facts.reviews import Review, build_review
from vaultkit.render import support
from vaultkit.render.templates import TemplateSet, choose_prompt
from vaultkit.settings.config import Config
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.text.note import parse_note

FORMATS = {"date": "YYYY-MM-DD", "time": "HH:mm", "daily": "YYYY-MM-DD"}

BUILTINS = sorted(p.stem for p in builtin_templates_dir().glob("*.md"))


def rich_agenda(config: Config, today: dt.date):
    def note(path: str, text: str):
        return parse_note(path, text.encode(), 0, config.note_rules)

    notes = [
        note("Sessions/2026-11-05 session.md", "## What I will try\n- older\n"),
        note("Sessions/2026-11-12 session.md", "## What I will try\n- walk daily\n"),
        note("Journal/2026-11-01.md", "- [ ] old task #next\n"),
        note("Journal/2026-11-06.md", "---\nmood: 3\n---\n"),
        note(
            "Journal/2026-11-14.md",
            "---\nmood: 6\n---\n- [ ] email Sam #next #work\n- the panic #next/urgent\n",
        ),
        note("Journal/2026-11-16.md", "---\nmood: 8\n---\n- more #next #work\n"),
    ]
    agenda = build_agenda(notes, config, today)
    return agenda.marked({e.key: "x" for e in agenda.items if e.text == "email Sam #work"}, {})


def _review(agenda, config: Config):
    """The review of the week the rich agenda's notes fall in, or an empty week's."""
    if not agenda.items:
        return Review(2026, 46, dt.date(2026, 11, 9), dt.date(2026, 11, 15), ["[[2026-11-10]]"])
    notes = [
        parse_note(
            "Journal/2026-11-14.md",
            b"---\nmood: 6\n---\n[emotion:: sad] [intensity:: 40]\n#work\n",
            0,
            config.note_rules,
        ),
        parse_note(
            "Thought records/2026-11-15.md",
            b"---\ntype: thought-record\ndistress_before: 70\ndistress_after: 40\n---\n#work\n",
            0,
            config.note_rules,
        ),
    ]
    return build_review(notes, config, 2026, 46, [dt.date(2026, 11, 12)])


def template_variables(name: str, agenda, config: Config, day: dt.date) -> dict:
    templates = TemplateSet(builtin_templates_dir(), {})
    return {
        "review": _review(agenda, config),
        "since": None,
        "entries": [],
        "title": "Untitled" if name == "unsent-letter" else f"{day.isoformat()} {name}",
        "date": day,
        "now": dt.datetime.combine(day, dt.time(8, 30)),
        "config": config.as_dict(),
        "prompt": choose_prompt(templates.prompts(name), day),
        "threads": list(agenda.threads),
        "agenda": agenda,
        "support_callout": support.callout(config, None, collapsed=False),
        "support_callout_collapsed": support.callout(config, None, collapsed=True),
        "support_contacts": support.plan_lines(config),
    }
