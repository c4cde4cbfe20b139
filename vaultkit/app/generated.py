"""Writing what vaultkit generates: a block between its markers (the agenda's, a review's),
the person's loose lines kept just below it, and the mood chart beside it."""

from __future__ import annotations

import datetime as dt
import os

from vaultkit.app.gateway import Change
from vaultkit.app.report import Action
from vaultkit.app.tender import Tender
from vaultkit.facts.agenda import ChartData, last_sessions, snapshot_text
from vaultkit.render.chart import mood_chart
from vaultkit.store.reading import Unreadable, Vanished, read_note
from vaultkit.text.blocks import BlockNote, Reading, Written, splice


def write_block(
    tender: Tender, note: BlockNote, written: Written, reading: Reading, what: str
) -> bool:
    """Write a block into its note, the person's loose lines just below it; True when the
    vault holds it afterwards."""
    below = list(reading.loose)
    snapshot = _last_snapshot(tender) if reading.orphans else set()
    for item_line, lines in reading.orphans:
        # An item that left the agenda took its lines into the session's snapshot; any
        # other's lines go below the block, with the item line for context.
        if not all(line.strip() in snapshot for line in lines if line.strip()):
            below.extend([item_line, *lines])
    old = note.text
    new = splice(old or "", note.block, written, below)
    done = new == old or tender.gateway.apply(
        Change(
            note.path,
            None if old is None else old.encode("utf-8"),
            new.encode("utf-8"),
            "updated" if old else "created",
            what,
        )
    )
    if done:
        tender.written.put(note.path, written)
        if below:
            count = sum(1 for line in below if line.strip())
            tender.report.actions.append(
                Action(
                    "moved",
                    note.path,
                    f"{count} line{'s' if count != 1 else ''} written inside "
                    f"the generated part, now just below it",
                )
            )
    return done


def _last_snapshot(tender: Tender) -> set[str]:
    """The lines of the latest session note's snapshot of the agenda."""
    notes = tender.vault.agenda_index.session_notes(dt.date.min)
    sessions = last_sessions(notes, tender.today)
    return snapshot_text(sessions[-1]) if sessions else set()


def chart_svg(data: ChartData, title: str) -> str:
    """The mood chart's SVG document (chart.py) for what it draws."""
    return mood_chart(
        start=data.start,
        end=data.end,
        moods=data.moods,
        emotions=data.emotions,
        sessions=data.sessions,
        scale=data.scale,
        title=title,
    )


# The charts whose drawing is remembered: the agenda's and a few reviews' at once.
CHARTS_KEPT = 16


def write_chart(tender: Tender, rel: str, data: ChartData, title: str) -> None:
    """Write a mood chart when its bytes differ from the file's. A chart is vaultkit's own
    drawing, not a note: no quiet period, but still compare-and-swap."""
    root = tender.vault.root
    drawn = tender.charts.get(rel)
    if drawn is not None and drawn[0] == (data, title):
        new = drawn[1]  # an edit that leaves the moods as they were draws nothing again
    else:
        new = chart_svg(data, title).encode("utf-8")
        tender.charts.pop(rel, None)
        tender.charts[rel] = ((data, title), new)
        while len(tender.charts) > CHARTS_KEPT:
            del tender.charts[next(iter(tender.charts))]
    real = os.path.realpath(root / rel)
    if not real.startswith(os.path.realpath(root) + os.sep):
        return tender.gateway.error(rel, "leads outside the vault; not written")
    try:
        old: bytes | None = read_note(root, rel).data
    except Vanished:
        old = None
    except Unreadable as exc:
        return tender.gateway.error(rel, f"{exc}; not written")
    if new != old:
        tender.gateway.apply(
            Change(rel, old, new, "updated" if old else "created", "mood chart"), quiet=0.0
        )
