"""The whole agenda as plain Markdown, for `vaultkit agenda --all`: every item of every
section, nothing folded and no window. Written line by line rather than by a template, so that
tens of thousands of items take well under a template's time limit."""

from __future__ import annotations

from collections.abc import Iterable

from vaultkit.facts.agenda import Agenda, AgendaItem
from vaultkit.text.moment import format_moment

_DAY = "dddd, MMMM Do YYYY"  # the year too: the listing may reach back years


def _items(entries: Iterable[AgendaItem]) -> list[str]:
    return [f"- [{entry.mark}] {entry.line}" for entry in entries]


def _section(title: str, lines: list[str]) -> list[str]:
    return ["", f"## {title}", "", *lines] if lines else []


def agenda_listing(agenda: Agenda) -> str:
    """Every item the agenda holds, by section, with the marks it shows; and every tag, link
    and phrase that came back. The note itself shows the most recent few of each."""
    out = ["# Everything on the agenda", ""]
    if agenda.last_date is not None:
        out.append(
            "Everything noted since the last session, on "
            f"{format_moment(agenda.last_date, _DAY)}, with nothing folded away."
        )
    else:
        out.append("Everything noted so far, with nothing folded away.")
    out += _section("Bring up first", _items(agenda.urgent))
    days: list[str] = []
    for day in agenda.since:
        days += ["", f"### {format_moment(day.date, _DAY)}", "", *_items(day.items)]
    if days:
        out += ["", "## Since last session", *days]
    out += _section("Threads from last session", [f"- {thread}" for thread in agenda.threads])
    out += _section("Still open from earlier", _items(agenda.still_open))
    out += _section(
        "What repeated",
        [
            f"- {r.name} — on {r.days} days: {', '.join(r.entries)}"
            for r in agenda.repeated + agenda.phrases
        ],
    )
    out += _section("Set down", _items(agenda.set_down))
    return "\n".join(out) + "\n"
