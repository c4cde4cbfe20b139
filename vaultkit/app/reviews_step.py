"""The reviews step: the weekly review of each of the last few finished weeks, and its chart."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from vaultkit.app.agenda_state import block_note
from vaultkit.app.generated import write_block, write_chart
from vaultkit.app.tender import Tender
from vaultkit.facts.agenda import Agenda, is_counted
from vaultkit.facts.reviews import build_review, finished_weeks, review_path, week_span
from vaultkit.render.templates import TemplateProblem
from vaultkit.text.blocks import Reading, compose, read_block, render_lines
from vaultkit.text.ignore import in_folder


def update_reviews(tender: Tender) -> None:
    """The weekly review of each of the last few finished weeks that has entries
    (reviews.py), and its mood chart. The review's generated part sits between the same
    markers as the agenda's, so what the person adds around it is kept."""
    config, today = tender.config, tender.today
    index = tender.vault.agenda_index
    sessions = index.session_dates(today)
    # A review's template sees the variables every template does; the agenda is not one
    # of its inputs, so an empty one stands in.
    agenda = Agenda(today, None, None)
    for year, week in finished_weeks(today, config.reviews_weeks):
        start, end = week_span(year, week)
        notes = index.between(start, end)
        # Read only what a review may count: its own words decide which days were written.
        entries = [n for n in notes if is_counted(n, config)]
        review = build_review(
            notes,
            config,
            year,
            week,
            sessions,
            index.titles,
            tender.phrases.of(entries, today),
            private=index.private_names,
        )
        if review is None:
            continue
        path = review_path(config, year, week)
        try:
            text = tender.context.render("weekly-review", review.name, end, agenda, review)
        except TemplateProblem as exc:
            tender.gateway.error(path, str(exc))
            continue
        note = block_note(tender.vault, path)
        if note.problem is not None:
            if note.problem:
                tender.report.problems.append(note.problem)
            continue
        rendered = render_lines(text)
        reading = Reading()
        if note.block is not None:
            reading = read_block(
                note.inner(),
                note.block.digest,
                tender.written.get(path, note.block.digest),
                [],
                functools.partial(list, rendered),
            )
        write_block(tender, note, compose(rendered, [], {}, {}), reading, "weekly review")
        if review.chart and review.chart_data:
            write_chart(tender, review.chart, review.chart_data, f"Mood, week {review.name}")


def can_alter(tender: Tender, changed: Iterable[str]) -> bool:
    """Whether a change can alter a weekly review: only notes dated before this week
    can (the reviews cover finished weeks), or a note that is gone, or a template."""
    monday = tender.today - dt.timedelta(days=tender.today.weekday())
    for rel in changed:
        note = tender.vault.notes.get(rel)
        if note is None or note.date < monday or in_folder(rel, tender.config.templates_folder):
            return True
    return False
