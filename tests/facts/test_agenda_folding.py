"""One page, whatever the vault holds: the agenda's window and caps, counted rather than timed.

A vault of 60,000 tagged lines over decades with no session recorded (what a person bringing
an old journal to vaultkit has) gives a note under MAX_NOTE_BYTES whose fold counts add up to
the real totals; the whole agenda (`vaultkit agenda --all`) lists every item.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from support.template_inputs import FORMATS, template_variables
from vaultkit.facts.agenda import build_agenda
from vaultkit.facts.agenda_folding import (
    DAY_ITEMS_SHOWN,
    DAYS_SHOWN,
    MAX_NOTE_BYTES,
    REPEATED_SHOWN,
    SET_DOWN_SHOWN,
    URGENT_SHOWN,
)
from vaultkit.render.agenda_listing import agenda_listing
from vaultkit.render.templates import TemplateSet, render
from vaultkit.settings.config import Config
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.text.note import parse_note

TODAY = dt.date(2026, 11, 20)
TAGGED = 60_000
# One line of each kind in turn: plain, an open task, a done task, one set down at its source,
# one to bring up first, and a plain one with a second tag; each with a tag of 30 that repeat.
KINDS = (
    "- talk about {n} #next #work #t{t}\n",
    "- [ ] call {n} #next #t{t}\n",
    "- [x] sorted {n} #next #t{t}\n",
    "- [-] let go of {n} #next #t{t}\n",
    "- the knot {n} #next/urgent [[Sam]] #t{t}\n",
    "- about {n} #next #sleep #t{t}\n",
)


def long_history(config: Config, tagged: int = TAGGED, width: int = 0):
    """`tagged` #next lines, newest first: 24 a day for the last 60 days, then 6 a day back
    over decades (about 27 years for 60,000). `width` pads each line's text."""
    notes, n, day = [], 0, TODAY
    pad = "x" * width
    while n < tagged:
        count = min(24 if (TODAY - day).days < 60 else 6, tagged - n)
        text = "".join(
            KINDS[(n + k) % 6].format(n=f"{n + k}{pad}", t=(n + k) % 30) for k in range(count)
        )
        notes.append(parse_note(f"Journal/{day}.md", text.encode(), 0, config.note_rules))
        n += count
        day -= dt.timedelta(days=1)
    return notes


def totals(notes, start: dt.date) -> Counter[str]:
    """What each section holds in truth, counted from the notes' items directly."""
    found: Counter[str] = Counter()
    for note in notes:
        for item in note.items:
            if item.date < start:
                found["still_open" if item.is_task and not item.done else "earlier"] += 1
            elif item.mark == "-":
                found["set_down"] += 1
            elif item.tag == "next/urgent":
                found["urgent"] += 1
            else:
                found["since"] += 1
    return found


def rendered(agenda, config: Config) -> str:
    template = TemplateSet(builtin_templates_dir(), {}).get("next-session")
    variables = template_variables("next-session", agenda, config, TODAY)
    return render(template, variables, date_formats=FORMATS)


def shown_and_folded(agenda) -> dict[str, tuple[int, int]]:
    return {
        "urgent": (len(agenda.urgent), agenda.urgent_more),
        "since": (sum(len(day.items) for day in agenda.since), agenda.since_folded),
        "still_open": (len(agenda.still_open), agenda.still_open_more),
        "set_down": (len(agenda.set_down), agenda.set_down_more),
    }


def test_sixty_thousand_tagged_lines_make_one_page():
    config = Config()
    notes = long_history(config)
    assert sum(len(note.items) for note in notes) == TAGGED
    assert (TODAY - min(note.date for note in notes)).days > 20 * 365  # decades

    agenda = build_agenda(notes, config, TODAY)
    truth = totals(notes, TODAY - dt.timedelta(days=13))
    counts = shown_and_folded(agenda)
    for section, (shown, folded) in counts.items():
        assert shown + folded == truth[section], section
    assert agenda.earlier == truth["earlier"]
    assert sum(s + f for s, f in counts.values()) + agenda.earlier == TAGGED
    # Each section is capped, and something folded in each.
    assert counts["urgent"] == (URGENT_SHOWN, truth["urgent"] - URGENT_SHOWN)
    start = TODAY - dt.timedelta(days=13)
    urgent = sorted(
        (i.date, i.path, i.line)
        for note in notes
        for i in note.items
        if i.tag == "next/urgent" and i.date >= start and i.mark != "-"
    )
    # The most recent few are the ones shown, oldest first.
    assert [(e.item.date, e.item.path, e.item.line) for e in agenda.urgent] == urgent[-10:]
    assert agenda.still_open[0].item.date == start - dt.timedelta(days=1)
    assert counts["still_open"][0] == config.agenda_still_open
    assert counts["set_down"][0] == SET_DOWN_SHOWN
    assert len(agenda.since) == 14  # the window's days
    assert all(len(day.items) == DAY_ITEMS_SHOWN and day.more for day in agenda.since)
    assert len(agenda.repeated) == REPEATED_SHOWN
    assert len(agenda.repeated) + agenda.repeated_more == 33  # 30 #t tags, #work, #sleep, Sam

    text = rendered(agenda, config)
    assert len(text.encode("utf-8")) < MAX_NOTE_BYTES
    assert "What I have noted in the last 14 days." in text
    assert f"And {agenda.urgent_more} more to bring up first." in text
    assert f"And {agenda.still_open_more} older things still open." in text
    assert f"{truth['set_down']} things set down since the last session" in text
    assert f"> - And {agenda.set_down_more} more;" in text
    assert text.count(f"And {agenda.since[0].more} more from this day.") == 14
    assert f"And {agenda.repeated_more} more tags and links that came back" in text
    assert text.count("`vaultkit agenda --all`") == 6  # one pointer a folded section


def test_a_long_window_folds_days_too():
    config = Config(agenda_window_days=60)
    notes = long_history(config, tagged=6_000)
    agenda = build_agenda(notes, config, TODAY)
    truth = totals(notes, TODAY - dt.timedelta(days=59))
    assert len(agenda.since) == DAYS_SHOWN
    assert agenda.since[-1].date == TODAY  # the most recent days are the ones shown
    assert agenda.since_more_days == 60 - DAYS_SHOWN
    shown, folded = shown_and_folded(agenda)["since"]
    assert shown + folded == truth["since"]
    text = rendered(agenda, config)
    assert f"Earlier on, {agenda.since_more} more things on 46 days" in text
    assert len(text.encode("utf-8")) < MAX_NOTE_BYTES


def test_long_lines_fold_before_the_note_grows_past_its_cap():
    config = Config(agenda_still_open=1000)
    notes = long_history(config, tagged=12_000, width=3_000)
    agenda = build_agenda(notes, config, TODAY)
    truth = totals(notes, TODAY - dt.timedelta(days=13))
    for section, (shown, folded) in shown_and_folded(agenda).items():
        assert shown + folded == truth[section], section
    assert len(agenda.still_open) < 1000  # the byte budget, not the count, stopped it
    text = rendered(agenda, config)
    assert len(text.encode("utf-8")) < MAX_NOTE_BYTES
    # Every fold is told, even of a section the budget left with nothing shown.
    assert f"And {agenda.still_open_more} older things still open." in text
    assert f"> - And {agenda.set_down_more} more;" in text
    assert f"Earlier on, {agenda.since_more} more things" in text or not agenda.since_more


def test_nothing_shown_still_tells_what_folded():
    config = Config(agenda_still_open=0)
    notes = long_history(config, tagged=600)
    agenda = build_agenda(notes, config, TODAY)
    assert agenda.still_open == [] and agenda.still_open_more > 0
    text = rendered(agenda, config)
    assert "## Still open from earlier" in text
    assert f"And {agenda.still_open_more} older things still open." in text


def test_a_day_whose_shown_items_are_all_set_down_keeps_its_count():
    config = Config()
    text = "".join(f"- thing {i} #next\n" for i in range(DAY_ITEMS_SHOWN + 3))
    notes = [parse_note(f"Journal/{TODAY}.md", text.encode(), 0, config.note_rules)]
    agenda = build_agenda(notes, config, TODAY)
    assert agenda.since[0].more == 3
    marked = agenda.marked({entry.key: "-" for entry in agenda.items}, {})
    assert marked.since == [] and len(marked.set_down) == DAY_ITEMS_SHOWN
    assert (marked.since_more, marked.since_more_days) == (3, 1)
    assert len(marked.set_down) + marked.since_folded == DAY_ITEMS_SHOWN + 3
    assert "Earlier on, 3 more things on 1 day" in rendered(marked, config)


def test_the_whole_agenda_lists_every_item():
    config = Config()
    notes = long_history(config)
    whole = build_agenda(notes, config, TODAY, whole=True)
    assert whole.window_days is None and whole.folded == 0
    listing = agenda_listing(whole).splitlines()
    lines = {line for line in listing if line.startswith("- [") and " — [[" in line}
    expected = {
        f"- [{item.mark}] {item.text} — [[{item.date}]]" for note in notes for item in note.items
    }
    assert len(expected) == TAGGED
    assert lines == expected


def test_a_window_of_fresh_notes_folds_nothing():
    config = Config()
    notes = [
        parse_note(f"Journal/{TODAY}.md", b"- one #next\n- [ ] two #next\n", 0, config.note_rules)
    ]
    agenda = build_agenda(notes, config, TODAY)
    assert agenda.folded == 0 and agenda.earlier == 0
    text = rendered(agenda, config)
    assert "--all" not in text
    assert "What I have noted in the last 14 days. Tick what we talked about.\n" in text


# --- for any items: shown + folded == total, section by section -----------------------------

LINE = st.tuples(
    st.integers(0, 200),  # days before today
    st.sampled_from(
        [
            "- a{} #next",
            "- [ ] t{} #next",
            "- [x] d{} #next",
            "- [-] s{} #next",
            "- u{} #next/urgent",
            "- [ ] ut{} #next/urgent",
        ]
    ),
    st.integers(1, 30),  # how many such lines that day
    st.sampled_from(["", " #work", " #sleep [[Sam]]", " #t1 #t2 #t3"]),
)


@settings(max_examples=40, deadline=None)
@given(
    lines=st.lists(LINE, max_size=40),
    session=st.one_of(st.none(), st.integers(0, 120)),
    still_open=st.integers(0, 12),
)
def test_shown_and_folded_add_up_to_the_whole(lines, session, still_open):
    config = Config(agenda_still_open=still_open)
    texts: dict[dt.date, list[str]] = {}
    for back, kind, count, tags in lines:
        day = TODAY - dt.timedelta(days=back)
        texts.setdefault(day, []).extend(kind.format(f"{back}-{k}") + tags for k in range(count))
    notes = [
        parse_note(f"Journal/{day}.md", "\n".join(found).encode(), 0, config.note_rules)
        for day, found in texts.items()
    ]
    if session is not None:
        day = TODAY - dt.timedelta(days=session)
        notes.append(
            parse_note(
                f"Sessions/{day} session.md",
                f"---\ntype: session\ndate: {day}\n---\n".encode(),
                0,
                config.note_rules,
            )
        )
    agenda = build_agenda(notes, config, TODAY)
    if session is None:  # the window: compare with the truth counted from the notes
        truth = totals(notes, TODAY - dt.timedelta(days=config.agenda_window_days - 1))
        for section, (shown, folded) in shown_and_folded(agenda).items():
            assert shown + folded == truth[section], section
        return
    # A session starts the period: the whole agenda has the same period, nothing folded.
    whole = build_agenda(notes, config, TODAY, whole=True)
    every = {
        "urgent": len(whole.urgent),
        "since": sum(len(day.items) for day in whole.since),
        "still_open": len(whole.still_open),
        "set_down": len(whole.set_down),
    }
    for section, (shown, folded) in shown_and_folded(agenda).items():
        assert shown + folded == every[section], section
    assert {e.key for e in agenda.items} <= {e.key for e in whole.items}
    assert len(agenda.repeated) + agenda.repeated_more == len(whole.repeated)
    assert len(agenda.since) == min(len(whole.since), DAYS_SHOWN)
    assert all(len(day.items) <= DAY_ITEMS_SHOWN for day in agenda.since)
    # Short lines never reach the byte budget: the caps alone decide.
    assert len(agenda.urgent) == min(every["urgent"], URGENT_SHOWN)
    assert len(agenda.still_open) == min(every["still_open"], still_open)
    assert len(agenda.set_down) == min(every["set_down"], SET_DOWN_SHOWN)
