"""What every template is rendered with: the variables, the vault's templates and the safety
plan's link, remembered between renders."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from vaultkit.facts.agenda import Agenda
from vaultkit.facts.reviews import Review
from vaultkit.render.support import callout, find_safety_plan, plan_lines, plan_link
from vaultkit.render.templates import TemplateSet, choose_prompt, reads, render
from vaultkit.store.vault import Vault, templates_of


class LazyAgenda(Protocol):
    """An agenda built only when asked for (agenda_state.PassAgenda); its threads without."""

    @property
    def threads(self) -> list[str]: ...

    def __call__(self) -> Agenda: ...


class RenderContext:
    """Renders the templates of one vault. `now` pins the time the templates see (tests)."""

    def __init__(self, vault: Vault, now: dt.datetime | None = None):
        self.vault, self.config, self.now = vault, vault.config, now
        self.templates: TemplateSet = templates_of(vault)

    def reload_templates(self) -> None:
        """Take the templates as the vault holds them now (one of them changed)."""
        self.templates = templates_of(self.vault)

    def variables(
        self,
        kind: str,
        title: str,
        day: dt.date,
        agenda: Agenda,
        review: Review | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        now = (
            self.now
            if self.now is not None and self.now.date() == day
            else dt.datetime.combine(day, dt.time())
        )
        plan = self.safety_plan()
        return {
            "title": title,
            "date": day,
            "now": now,
            "config": self.config.as_dict(),
            "prompt": choose_prompt(self.templates.prompts(kind), day),
            "threads": list(agenda.threads),
            "agenda": agenda,
            "review": review,
            # support.py's callout: open at the top of the agenda, folded on writing pages
            "support_callout": callout(self.config, plan, collapsed=False),
            "support_callout_collapsed": callout(self.config, plan, collapsed=True),
            "support_contacts": plan_lines(self.config),  # the safety plan's crisis lines
            **extra,
        }

    def safety_plan(self) -> str | None:
        """How to link the person's safety plan (support.py), or None when there is none.
        Asked at every render: only the notes that may be one are looked at (Vault.plans)."""
        vault = self.vault
        path = find_safety_plan(vault.notes, self.config.templates_folder, vault.plans)
        return plan_link(path, self.vault.agenda_index.titles) if path else None

    def render(
        self,
        kind: str,
        title: str,
        day: dt.date,
        agenda: Agenda | LazyAgenda,
        review: Review | None = None,
        **extra: Any,
    ) -> str:
        template = self.templates.get(kind)
        if not isinstance(agenda, Agenda):
            # Built only for a template that shows it: most read the threads alone.
            shown = reads(template, "agenda")
            agenda = agenda() if shown else Agenda(day, None, None, threads=agenda.threads)
        formats = {
            "date": self.config.date_format,
            "time": self.config.time_format,
            "daily": self.config.daily_format,
        }
        return render(
            template,
            self.variables(kind, title, day, agenda, review, **extra),
            date_formats=formats,
        )
