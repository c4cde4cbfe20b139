"""`vaultkit brief`: the agenda's facts as one page for the therapist.

The page is the `brief` template (Markdown, overridable like any template) rendered over the
same agenda the next-session note shows, with the mood chart drawn inline, then turned into
one self-contained HTML page by brief.py. Whole entries appear only when asked for, and
never private ones: no note the counts may not read (agenda.is_counted: unsent letters,
`private: true`, released letters), no line tagged #private, no private passage (an unsent
letter written inside a daily page), no page nobody wrote in.
`brief --list` (list_brief) says what the page would hold, and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vaultkit.app.agenda_state import current_agenda
from vaultkit.app.command_errors import Failed, Refused
from vaultkit.app.generated import chart_svg
from vaultkit.app.report import Report
from vaultkit.app.tender import Tender
from vaultkit.facts.agenda import Agenda, AgendaItem, is_written, period_entries
from vaultkit.render.brief_html import brief_html
from vaultkit.render.templates import TemplateProblem
from vaultkit.store.outside_writer import AlreadyExists, InsideVault, is_inside, write_file
from vaultkit.store.vault import Vault
from vaultkit.text.moment import format_moment
from vaultkit.text.note_lines import split_lines
from vaultkit.text.private_passages import is_private_line, private_passage_lines


@dataclass(frozen=True)
class BriefEntry:
    title: str
    date: dt.date
    text: str  # the body, without frontmatter, lines tagged #private and private passages
    path: str = ""


def entries_of(tender: Tender, agenda: Agenda) -> list[BriefEntry]:
    """The whole entries of the period the person wrote in, oldest first (only for
    --include-entries)."""
    notes = [
        n
        for n in period_entries(tender.vault.notes.values(), tender.config, agenda.last_date)
        if n.date <= tender.today
    ]
    texts = tender.phrases.of(notes, tender.today)
    found = []
    for note in sorted(notes, key=lambda n: (n.date, n.path)):
        if not is_written(note, texts):
            continue
        data = tender.vault.data_of(note.path)
        if data is None:
            continue
        lines = split_lines(data.decode("utf-8", "replace"))[note.body_start :]
        hidden = private_passage_lines(lines)
        body = [
            line
            for index, line in enumerate(lines)
            if index not in hidden and not is_private_line(line)
        ]
        found.append(BriefEntry(note.title, note.date, "\n".join(body).strip(), note.path))
    return found


def make_brief(tender: Tender, since: dt.date | None, include_entries: bool) -> str:
    """The brief as HTML text."""
    agenda = current_agenda(tender, since=since)
    entries = entries_of(tender, agenda) if include_entries else []
    markdown = tender.context.render(
        "brief", "Brief", tender.today, agenda, since=since, entries=entries
    )
    svgs = {}
    if agenda.chart and agenda.chart_data:
        svgs[agenda.chart] = chart_svg(agenda.chart_data, "Mood since the last session")
    title = f"Before my session, {tender.today.isoformat()}"
    return brief_html(markdown, title=title, svgs=svgs)


def list_brief(tender: Tender, since: dt.date | None) -> str:
    """What the brief would hold, as plain text: the period, the items, the threads, what
    repeated, the days with a mood, and the entries --include-entries would add. So the
    person sees what would be shared before anything is."""
    agenda = current_agenda(tender, since=since)

    def day(date: dt.date, form: str = "ddd D MMM") -> str:
        return format_moment(date, form)

    def items(title: str, entries: list[AgendaItem], more: int) -> list[str]:
        # What the agenda folded is said as the brief says it: counted, not listed.
        if not entries and not more:
            return []
        lines = [f"- {e.text} ({day(e.item.date)})" for e in entries]
        return [f"{title}:", *lines, *([f"- And {more} more, in my notes."] if more else []), ""]

    long = "dddd, MMMM Do YYYY"
    if agenda.last_date is None and agenda.window_days:
        days = "day" if agenda.window_days == 1 else f"{agenda.window_days} days"
        period = f"the {days} up to {day(agenda.today, long)}"
    elif agenda.last_date is None:
        period = f"up to {day(agenda.today, long)}"
    elif since is None:
        period = (
            f"since the session on {day(agenda.last_date, long)}, up to {day(agenda.today, long)}"
        )
    else:
        period = f"since {day(agenda.last_date, long)}, up to {day(agenda.today, long)}"
    out = ["What the brief would hold (nothing is written):", "", f"The period: {period}.", ""]
    out += items("Bring up first", agenda.urgent, agenda.urgent_more)
    recent = [e for d in agenda.since for e in d.items]
    out += items("Since last session", recent, agenda.since_folded)
    out += items("Still open from earlier", agenda.still_open, agenda.still_open_more)
    if agenda.threads:
        out += ["Threads from last session:", *(f"- {t}" for t in agenda.threads), ""]
    repeated = agenda.repeated + agenda.phrases
    if repeated:
        out += [
            "What repeated:",
            *(
                f"- {r.name} — on {r.days} days"
                + (f"; worked on in {', '.join(r.worked_on)}" if r.worked_on else "")
                for r in repeated
            ),
            "",
        ]
    mood = agenda.mood
    if mood is not None and mood.days:
        count = len(mood.days)
        out.append(
            f"Mood: on {count} {'day' if count == 1 else 'days'} "
            f"({', '.join(day(d) for d, _ in mood.days)})."
        )
    if mood is not None and mood.emotions:
        out.append(
            "Emotions noted: "
            + ", ".join(
                f"{e.name} on {e.days} {'day' if e.days == 1 else 'days'}" for e in mood.emotions
            )
            + "."
        )
    if mood is not None:
        out.append("")
    entries = entries_of(tender, agenda)
    out.append(
        "With --include-entries, these entries too:"
        if entries
        else "With --include-entries: no entries to add."
    )
    out += [f"- {e.path[:-3]} ({day(e.date)})" for e in entries]
    return "\n".join(out).rstrip("\n") + "\n"


OUT_INSIDE = "{}: inside the vault; the brief is written only outside it"
OUT_EXISTS = "{}: already exists; pass --force to replace it"


def check_out(out: Path, root: Path, force: bool) -> None:
    """Refuse a FILE inside the vault, or one that exists when --force is not given: asked
    before any work, so that a refusal costs nothing."""
    if is_inside(out, root):
        raise Refused(OUT_INSIDE.format(out))
    if not force and os.path.lexists(out):
        raise Refused(OUT_EXISTS.format(out))


def write_out(out: Path, page: str, root: Path, force: bool) -> None:
    """Write the page to FILE whole or not at all; Refused as check_out, a WriteError when
    the machine refuses."""
    try:
        # The same checks again where they cannot be raced: a file made meanwhile is not
        # replaced, and the vault is looked for through every symlink once more.
        write_file(out, page.encode("utf-8"), replace=force, outside=root)
    except AlreadyExists:
        raise Refused(OUT_EXISTS.format(out)) from None
    except InsideVault:
        raise Refused(OUT_INSIDE.format(out)) from None


def brief_listing(
    vault: Vault, today: dt.date, now: dt.datetime | None, since: dt.date | None
) -> tuple[str, Report]:
    """`brief --list`: what the brief would hold; nothing is written."""
    tender = Tender(vault, today, now=now)
    listing = list_brief(tender, since)
    return listing, tender.finish()


def brief(
    vault: Vault,
    today: dt.date,
    now: dt.datetime | None,
    since: dt.date | None,
    include_entries: bool,
    deliver: Callable[[str], None],
) -> Report:
    """Make the brief's page and hand it to `deliver`; Failed when a template fails."""
    tender = Tender(vault, today, now=now)
    try:
        page = make_brief(tender, since, include_entries)
    except TemplateProblem as exc:
        raise Failed(str(exc)) from exc
    deliver(page)
    return tender.finish()
