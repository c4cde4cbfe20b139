"""`vaultkit brief`: the agenda's facts as one page for the therapist.

The page is the `brief` template (Markdown, overridable like any template) rendered over the
same agenda the next-session note shows, with the mood chart drawn inline, then turned into
one self-contained HTML page by brief.py. Whole entries appear only when asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .agenda import Agenda, is_summary, period_entries
from .brief import brief_html
from .note import split_lines
from .tend import Tender


@dataclass(frozen=True)
class Entry:
    title: str
    date: dt.date
    text: str  # the body, without frontmatter


def entries_of(tender: Tender, agenda: Agenda) -> list[Entry]:
    """The whole entries of the period, oldest first (only for --include-entries)."""
    notes = [n for n in period_entries(tender.vault.notes.values(), tender.config,
                                       agenda.last_date)
             if n.date <= tender.today and not is_summary(n.path, tender.config)]
    found = []
    for note in sorted(notes, key=lambda n: (n.date, n.path)):
        data = tender.vault.data_of(note.path)
        if data is None:
            continue
        lines = split_lines(data.decode("utf-8", "replace"))
        found.append(Entry(note.title, note.date, "\n".join(lines[note.body_start:]).strip()))
    return found


def make_brief(tender: Tender, since: dt.date | None, include_entries: bool) -> str:
    """The brief as HTML text."""
    agenda = tender.agenda(since=since)
    entries = entries_of(tender, agenda) if include_entries else []
    markdown = tender.render("brief", "Brief", tender.today, agenda, since=since,
                             entries=entries)
    svgs = {}
    if agenda.chart and agenda.chart_data:
        svgs[agenda.chart] = agenda.chart_data.svg("Mood since the last session")
    title = f"Before my session, {tender.today.isoformat()}"
    return brief_html(markdown, title=title, svgs=svgs)
