"""`add`: a line, with the time, at the end of today's page; the page made first when it is
not there yet. Never loses the line: when it cannot go in, the caller gets the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vaultkit.app.adding import Waiting, append_when_quiet, appended, entry
from vaultkit.app.agenda_state import current_agenda
from vaultkit.app.gateway import Change
from vaultkit.app.pages import ensure_daily
from vaultkit.app.tender import Tender
from vaultkit.settings.config import Config
from vaultkit.store.vault import Vault
from vaultkit.store.writer import Outcome
from vaultkit.text.moment import format_moment


def line_for(words: str, config: Config, now: dt.datetime | None) -> str:
    """The entry for what was typed, with the clock's time when there is one; "" for nothing."""
    return entry(words, format_moment(now, config.time_format) if now else None)


@dataclass(frozen=True)
class NewPage:
    """What making today's page for `add` did."""

    created: list[str]  # the actions that made it, to say
    problems: list[str]  # `PATH[:LINE]: what is wrong` of notes left alone on the way
    failed: str | None  # the first action that was not a creation: the page is not there
    added: bool  # the line went in right after the page's own write


def add_with_new_page(
    vault: Vault, rel: str, added: str, today: dt.date, now: dt.datetime | None
) -> NewPage:
    # Made the way every daily page is made, then the line added as the writer's second,
    # compare-and-swap write; the page is vaultkit's own write, so no quiet period holds it.
    tender = Tender(vault, today, now=now)
    ensure_daily(tender, lambda: current_agenda(tender))
    actions = tender.report.actions
    created = [str(action) for action in actions if action.action == "created"]
    problems = list(tender.report.problems)
    failed = [action for action in actions if action.action != "created"]
    if failed:
        return NewPage(created, problems, str(failed[0]), False)
    old = tender.vault.data_of(rel) if rel in tender.gateway.own_writes else None
    if old is not None and tender.gateway.apply(Change(rel, old, appended(old, added), "added")):
        tender.gateway.own_writes.save()  # the next `add` finds the page as vaultkit left it
        return NewPage(created, problems, None, True)
    return NewPage(created, problems, None, False)


def add_when_quiet(
    root: Path, rel: str, added: str, config: Config, waiting: Callable[[Waiting], None]
) -> str | None:
    """Append to the page once it has rested; None when added, else the writer's reason."""
    result = append_when_quiet(root, rel, added, config.quiet_seconds, waiting=waiting)
    return None if result.outcome is Outcome.WRITTEN else result.reason
