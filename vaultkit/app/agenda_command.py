"""`agenda`: regenerate the next-session note, or only show what it would hold."""

from __future__ import annotations

import datetime as dt
import io

from vaultkit.app.report import Report
from vaultkit.app.tend import AGENDA_ONLY, tend
from vaultkit.app.tender import Tender
from vaultkit.store.vault import Vault


def regenerate_agenda(vault: Vault, today: dt.date, *, show_only: bool) -> tuple[Report, str]:
    """The report of updating the agenda note, and (with show_only, which writes nothing)
    the note's text as it would be; "" without show_only."""
    # Diffs of a dry run are not for the person here: the note itself is what they asked for.
    tender = Tender(vault, today, dry_run=show_only, out=io.StringIO())
    tend(tender, AGENDA_ONLY)
    text = ""
    if show_only:
        state = tender.vault.files.get(tender.config.agenda_note)
        text = state.data.decode("utf-8") if state and state.data is not None else ""
        tender.report.actions.clear()
    return tender.finish(), text
