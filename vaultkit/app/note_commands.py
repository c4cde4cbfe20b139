"""`new` and `session`: a note asked for by hand, made from its template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vaultkit.app.command_errors import Failed, Refused
from vaultkit.app.creating import CannotCreate, create_note, record_session
from vaultkit.app.report import Report
from vaultkit.app.tender import Tender
from vaultkit.render.templates import TemplateProblem
from vaultkit.store.vault import Vault


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
