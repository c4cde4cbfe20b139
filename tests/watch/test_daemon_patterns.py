"""The daemon keeps the weekly reviews, the mood charts and `{{ask}}` up to date while a person
writes, and leaves a review alone when nothing it depends on changed."""

from __future__ import annotations

from support.daemon import Running, make_vault, save_in_place, wait_for

LAST_WEEK = "Journal/2026-11-17.md"  # week 47 ends on 11-22; 2026-11-22 is its Sunday
TWO_WEEKS_AGO = "Journal/2026-11-10.md"  # week 46
REVIEW = "Reviews/2026-W46.md"
CHART = "Reviews/Charts/2026-W46.svg"


def test_a_change_to_a_past_week_updates_its_review_and_chart(tmp_path):
    vault = make_vault(
        tmp_path / "vault",
        {
            TWO_WEEKS_AGO: "---\nmood: 4\n---\nTight chest at work.\n",
            LAST_WEEK: "---\nmood: 6\n---\nA walk.\n",
        },
    )
    with Running(vault) as running:
        running.wait_text(REVIEW, "You wrote on Tuesday: [[2026-11-10]].")
        chart = (vault / CHART).read_bytes()
        review = (vault / REVIEW).read_bytes()

        # A note of this week cannot change a review of a finished one: it is left alone.
        save_in_place(vault / LAST_WEEK, "---\nmood: 7\n---\nA walk. {{ask}}\n")
        running.wait_text("Next session.md", "4 to 7 (1–10), on 2 days")  # no session yet
        wait_for(running.idle, what="the daemon idle")
        assert running.actions("updated", REVIEW) == []

        save_in_place(
            vault / "Journal/2026-11-11.md", "---\nmood: 2\n---\nTight chest again.\n\n{{ask}}\n"
        )
        running.wait_text(
            REVIEW, "You wrote on Tuesday and Wednesday: [[2026-11-10]], [[2026-11-11]]."
        )
        running.wait_text(REVIEW, '"tight chest" — on 2 days')
        running.wait_text(REVIEW, "2 to 4 (1–10)")
        wait_for(lambda: (vault / CHART).read_bytes() != chart, what="the chart redrawn")
        assert (vault / REVIEW).read_bytes() != review
        running.wait_text("Journal/2026-11-11.md", "{{ask}}", present=False)
        assert "*" in (vault / "Journal/2026-11-11.md").read_text().splitlines()[-1]
