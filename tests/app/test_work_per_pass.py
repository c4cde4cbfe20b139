"""The work one pass does, counted (never timed): the agenda built once per pass, each date
link parsed once, one note parsed per edit, and every "top few" stopping at its few.

Each counter wraps the function where the code under test looks it up, so a second build,
parse or ranking anywhere in the pass shows up as a number."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from support.daemon import Running, make_vault, save_in_place, wait_for
from support.vaults import age_tree
from vaultkit.app import agenda_state, generated, phrase_cache
from vaultkit.app.tend import AGENDA_ONLY, NEW_DAY, run_all, tend
from vaultkit.app.tender import Tender
from vaultkit.facts import repeated
from vaultkit.facts.agenda import build_agenda
from vaultkit.facts.agenda_folding import REPEATED_SHOWN
from vaultkit.render import templates
from vaultkit.render.placeholders import translate_placeholders
from vaultkit.settings.config import Config, load_config
from vaultkit.store import vault as vault_module
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.store.vault import load_vault
from vaultkit.text import recurring_phrases
from vaultkit.text.note import parse_note

TODAY = dt.date(2026, 11, 22)
AGENDA = "Next session.md"


class Calls:
    """How often a function was called, and the first argument of each call."""

    def __init__(self, function):
        self.function = function
        self.firsts: list = []

    def __call__(self, *args, **kwargs):
        self.firsts.append(args[0] if args else None)
        return self.function(*args, **kwargs)

    @property
    def count(self) -> int:
        return len(self.firsts)

    def reset(self) -> None:
        self.firsts.clear()


def counted(monkeypatch, module, name: str) -> Calls:
    calls = Calls(getattr(module, name))
    monkeypatch.setattr(module, name, calls)
    return calls


def journal_vault(root: Path, days: int = 20, **extra: str) -> Path:
    """Daily pages with #next lines and tasks, a session, a mood: an agenda with every part."""
    files = {
        f"Journal/{TODAY - dt.timedelta(days=n):%Y-%m-%d}.md": (
            f"---\nmood: {n % 7 + 2}\n---\nSlept badly again, walked to the river #sleep\n"
            f"- [ ] ask about the letter {n} #next\n"
            f"Thought about [[Sam]] and [[{TODAY - dt.timedelta(days=n + 1):%Y-%m-%d}]]\n"
        )
        for n in range(1, days + 1)
    }
    files["Sessions/2026-11-12 session.md"] = "---\ntype: session\ndate: 2026-11-12\n---\n"
    files.update(extra)
    return make_vault(root, files, quiet=0)


# --- 1. the agenda is built once per pass -------------------------------------------------------


def test_one_build_per_run_on_a_new_vault_a_second_run_and_a_new_day(tmp_path, cli, monkeypatch):
    vault = journal_vault(tmp_path / "v", **{"Letters/to Sam.md": "Dear Sam\n\n{{letter}}\n"})
    builds = counted(monkeypatch, agenda_state, "build_agenda")
    # The first run makes today's page, expands a trigger, writes the agenda and the reviews.
    assert cli("--vault", str(vault), "--today", TODAY.isoformat(), "run").exit_code == 0
    assert (vault / f"Journal/{TODAY}.md").exists() and (vault / AGENDA).exists()
    assert "This letter is not meant to be sent." in (vault / "Letters/to Sam.md").read_text()
    assert builds.count == 1
    builds.reset()
    age_tree(vault)
    assert cli("--vault", str(vault), "--today", TODAY.isoformat(), "run").exit_code == 0
    assert builds.count == 1
    builds.reset()
    tomorrow = TODAY + dt.timedelta(days=1)
    assert cli("--vault", str(vault), "--today", tomorrow.isoformat(), "run").exit_code == 0
    assert (vault / f"Journal/{tomorrow}.md").exists()
    assert builds.count == 1


def test_one_build_for_the_new_day_of_a_running_daemon(tmp_path, monkeypatch):
    vault = journal_vault(tmp_path / "v")
    builds = counted(monkeypatch, agenda_state, "build_agenda")
    tender = Tender(load_vault(vault, load_config(vault)[0]), TODAY)
    run_all(tender)
    builds.reset()
    tender.today = TODAY + dt.timedelta(days=1)  # what Tending.new_day does at midnight
    tend(tender, NEW_DAY)
    assert (vault / f"Journal/{tender.today}.md").exists()
    assert builds.count == 1


def test_a_pass_over_unchanged_notes_builds_nothing_again(tmp_path, monkeypatch):
    """The daemon passes again for a conflict copy or a file passed over: the notes are the
    same, so is the agenda built from them. A tick in the agenda note changes its source: the
    agenda is built again for it, once."""
    vault = journal_vault(tmp_path / "v")
    builds = counted(monkeypatch, agenda_state, "build_agenda")
    tender = Tender(load_vault(vault, load_config(vault)[0]), TODAY)
    run_all(tender)  # the reviews written after the agenda are notes: the next pass builds
    tend(tender, AGENDA_ONLY)
    builds.reset()
    tend(tender, AGENDA_ONLY)
    assert builds.count == 0
    agenda = vault / AGENDA
    save_in_place(
        agenda,
        agenda.read_text("utf-8").replace(
            "[ ] ask about the letter 1 ", "[x] ask about the letter 1 "
        ),
    )
    age_tree(vault)
    tender.vault.refresh(AGENDA)
    tend(tender, AGENDA_ONLY)
    assert "- [x] ask about the letter 1 #next" in (vault / "Journal/2026-11-21.md").read_text()
    assert builds.count == 1


def test_a_chart_is_drawn_again_only_when_what_it_draws_changed(tmp_path, monkeypatch):
    vault = journal_vault(tmp_path / "v")
    drawn = counted(monkeypatch, generated, "mood_chart")
    tender = Tender(load_vault(vault, load_config(vault)[0]), TODAY)
    run_all(tender)
    chart = vault / "Reviews/Charts/Next session.svg"
    first = chart.read_bytes()
    page = vault / "Journal/2026-11-21.md"

    def edit(text: str) -> None:
        save_in_place(page, text)
        age_tree(vault)
        tender.vault.refresh("Journal/2026-11-21.md")
        drawn.reset()
        tend(tender, AGENDA_ONLY)

    edit(page.read_text("utf-8") + "call the clinic #next\n")
    assert drawn.count == 0 and chart.read_bytes() == first
    chart.unlink()  # gone: written again, the same bytes, without drawing
    edit(page.read_text("utf-8") + "call the clinic again #next\n")
    assert drawn.count == 0 and chart.read_bytes() == first
    assert "mood: 3\n" in page.read_text("utf-8")
    edit(page.read_text("utf-8").replace("mood: 3", "mood: 9"))
    assert drawn.count == 1 and chart.read_bytes() != first


def test_a_template_that_shows_the_agenda_still_gets_the_agenda(tmp_path, cli):
    """The agenda is built for a page only when its template reads it; when it does, the page
    shows the agenda as the pass began."""
    template = (
        "Open before today:\n{% for item in agenda.still_open %}- {{ item.text }}\n{% endfor %}"
    )
    vault = journal_vault(tmp_path / "v", **{"Templates/daily.md": template})
    assert cli("--vault", str(vault), "--today", TODAY.isoformat(), "run").exit_code == 0
    page = (vault / f"Journal/{TODAY}.md").read_text()
    assert "- ask about the letter" in page


def test_one_build_and_one_note_parsed_per_edit_of_the_daemon(tmp_path, monkeypatch):
    vault = journal_vault(tmp_path / "v")
    builds = counted(monkeypatch, agenda_state, "build_agenda")
    parsed = counted(monkeypatch, vault_module, "parse_note")
    edited = vault / "Journal/2026-11-21.md"
    with Running(vault) as running:
        wait_for(running.idle, 10, "the first pass to settle")
        for n in range(3):
            builds.reset()
            parsed.reset()
            save_in_place(edited, edited.read_text("utf-8") + f"call the clinic {n} #next\n")
            running.wait_text(AGENDA, f"call the clinic {n}")
            wait_for(running.idle, 10, "the edit to settle")
            assert builds.count == 1
            # The edited note is parsed once; the only other note read again is the one
            # vaultkit wrote in the pass (the agenda, a page of bounded size).
            assert parsed.firsts.count("Journal/2026-11-21.md") == 1
            assert set(parsed.firsts) <= {"Journal/2026-11-21.md", AGENDA}


# --- 2. date links are parsed once per target -------------------------------------------------


def test_date_links_are_parsed_once_per_target(monkeypatch):
    repeated.is_date_name.cache_clear()
    parses = counted(monkeypatch, repeated, "parse_moment")
    config = Config()
    days = [f"2026-11-{d:02d}" for d in range(1, 11)]
    links = "".join(f"[[{day}]] " for day in days) + "[[Sam]]\n"
    notes = [
        parse_note(
            f"Notes/{n}.md",
            f"---\ndate: {dt.date(2024, 1, 1) + dt.timedelta(days=n)}\n---\n{links}".encode(),
            0.0,
            config.note_rules,
        )
        for n in range(1000)
    ]
    found, more = repeated.repeated_names(notes, config, {})
    assert [r.name for r in found] == ["[[Sam]]"] and more == 0
    targets = {link for note in notes for link in note.links}
    assert len(targets) == 11
    assert parses.count <= 2 * len(targets)


# --- 4. every aggregate is bounded by its output -----------------------------------------------


def topic_pages(config: Config, topics: int, days: tuple[int, ...]) -> list:
    """A daily page of November for each of `days`, every one tagged #topic0, #topic1, ..."""
    line = " ".join(f"#topic{t}" for t in range(topics)).encode() + b"\n"
    return [
        parse_note(f"Journal/2026-11-{day:02d}.md", line, 0.0, config.note_rules) for day in days
    ]


def test_repeated_names_ranks_and_links_only_the_few_it_shows(monkeypatch):
    linked = counted(monkeypatch, repeated, "_entry_links")
    config = Config()
    notes = topic_pages(config, 2000, (1, 2))
    found, more = repeated.repeated_names(notes, config, {}, limit=12)
    assert len(found) == 12 and found[0].name == "#topic0"
    assert more == 2000 - 12
    assert linked.count == 12


def test_the_agenda_links_only_the_names_it_shows_and_counts_the_rest(monkeypatch):
    config = Config()
    notes = topic_pages(config, 500, (20, 21))
    linked = counted(monkeypatch, repeated, "_entry_links")
    agenda = build_agenda(notes, config, dt.date(2026, 11, 22))
    assert len(agenda.repeated) == REPEATED_SHOWN
    assert agenda.repeated_more == 500 - REPEATED_SHOWN
    assert linked.count == REPEATED_SHOWN
    linked.reset()
    whole = build_agenda(notes, config, dt.date(2026, 11, 22), whole=True)
    assert len(whole.repeated) == 500 and whole.repeated_more == 0
    assert linked.count == 500


def test_repeated_phrases_judges_only_until_it_has_its_few(monkeypatch):
    class CountingHeap:
        def __init__(self):
            self.pops = 0

        def heapify(self, items):
            import heapq

            heapq.heapify(items)

        def heappop(self, items):
            import heapq

            self.pops += 1
            return heapq.heappop(items)

    heap = CountingHeap()
    monkeypatch.setattr(recurring_phrases, "heapq", heap)
    phrases = {f"w{n} v{n}": f"w{n} v{n}" for n in range(20_000)}
    entries = {"a.md": phrases, "b.md": phrases}
    found = recurring_phrases.repeated_phrases(entries, limit=8)
    assert len(found) == 8
    assert heap.pops == 8


def dated_or_not(root: Path, dated: bool) -> Path:
    """Thirty journal pages, and 600 reference notes in five languages, dated years ago or not
    dated at all (a fresh clone: every modification time "today")."""
    words = ["sommeil", "Schlaf", "sueño", "sonno", "sleep"]
    files = {
        f"Journal/{TODAY - dt.timedelta(days=n):%Y-%m-%d}.md": f"Tired hands again, {n}.\n"
        for n in range(1, 31)
    }
    for n in range(600):
        head = "---\ndate: 2019-03-04\n---\n" if dated else ""
        files[f"Help/{words[n % 5]}/{n}.md"] = (
            f"{head}{words[n % 5]} notes and the same words {n}\n"
        )
    root = make_vault(root, files)
    if not dated:
        age_tree(root, mtime=dt.datetime.combine(TODAY, dt.time(9)).timestamp())
    return root


def test_notes_dated_today_by_their_mtime_cost_what_dated_notes_cost(tmp_path, cli, monkeypatch):
    read = counted(monkeypatch, phrase_cache, "read_entry")
    counted_days: list[int] = []
    count = recurring_phrases.Recurrence.repeated

    def repeated_days(self, days, limit=8):
        counted_days.append(len(days))
        return count(self, days, limit)

    monkeypatch.setattr(recurring_phrases.Recurrence, "repeated", repeated_days)
    work = []
    for dated in (True, False):
        vault = dated_or_not(tmp_path / f"dated-{dated}", dated)
        read.reset()
        counted_days.clear()
        assert cli("--vault", str(vault), "--today", TODAY.isoformat(), "run").exit_code == 0
        days_counted = sum(counted_days)
        work.append((read.count, days_counted))
    assert work[0] == work[1]
    assert work[0][0] <= 31  # the journal pages, and today's page: no reference note


# --- 4. a first run compiles the layouts while it reads ------------------------------------------


def test_a_first_run_compiles_each_layout_once_beside_the_read(tmp_path, cli, monkeypatch):
    """The agenda's and the reviews' layouts are compiled on a thread of their own while the
    notes are read (templates.compile_ahead), and the pass that renders them after the read
    does not compile them again. A run with an index reads few notes, and starts no thread."""
    vault = journal_vault(tmp_path / "v")
    compiled: list[tuple[str, str]] = []  # (thread, source)
    compile_source = templates.ENV.from_string

    def from_string(source, *args, **kwargs):
        compiled.append((threading.current_thread().name, source))
        return compile_source(source, *args, **kwargs)

    monkeypatch.setattr(templates.ENV, "from_string", from_string)
    layouts = {
        translate_placeholders((builtin_templates_dir() / f"{name}.md").read_text())
        for name in ("next-session", "weekly-review")
    }
    templates._compiled.cache_clear()
    assert cli("--vault", str(vault), "--today", TODAY.isoformat(), "run").exit_code == 0
    assert sorted(source for _, source in compiled) == sorted({s for _, s in compiled})  # once
    assert {source for thread, source in compiled if thread == "compile templates"} == layouts

    compiled.clear()
    templates._compiled.cache_clear()
    save_in_place(vault / f"Journal/{TODAY}.md", "A line for the agenda #next\n")
    age_tree(vault)
    assert cli("--vault", str(vault), "--today", TODAY.isoformat(), "run").exit_code == 0
    assert {source for _, source in compiled} >= layouts
    assert {thread for thread, _ in compiled} == {"MainThread"}


@pytest.fixture(autouse=True)
def _fresh_date_names():
    yield
    repeated.is_date_name.cache_clear()
