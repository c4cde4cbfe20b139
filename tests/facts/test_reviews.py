"""Weekly reviews: which weeks, their path, the exercises and distress figures, and a review
the person wrote in."""

from __future__ import annotations

import datetime as dt

from support.vaults import copy_vault, tree_bytes
from vaultkit.facts.reviews import build_review, exercises, finished_weeks, review_path
from vaultkit.settings.config import Config
from vaultkit.text.note import parse_note

D = dt.date
CONFIG = Config()


def note(path: str, text: str):
    return parse_note(path, text.encode(), 0, CONFIG.note_rules)


def test_finished_weeks_are_the_last_ones_before_this_week():
    # Wednesday 2026-11-18 is in week 47: weeks 44 to 46 are finished, 47 is not.
    assert finished_weeks(D(2026, 11, 18), 3) == [(2026, 44), (2026, 45), (2026, 46)]
    assert finished_weeks(D(2026, 11, 16), 1) == [(2026, 46)]  # on Monday too
    assert finished_weeks(D(2026, 11, 18), 0) == []


def test_the_iso_week_year_names_the_review():
    # 2026 has 53 ISO weeks; 2027-01-01 falls in 2026-W53.
    assert finished_weeks(D(2027, 1, 6), 2) == [(2026, 52), (2026, 53)]
    assert review_path(CONFIG, 2026, 53) == "Reviews/2026-W53.md"
    assert review_path(Config(reviews_folder="Weeks"), 2027, 1) == "Weeks/2027-W01.md"


def test_how_strong_it_felt_per_kind_of_exercise():
    notes = [
        note(
            "Thought records/a.md",
            "---\ntype: thought-record\ndistress_before: 80\ndistress_after: 50\n---\n",
        ),
        note(
            "Thought records/b.md",
            "---\ntype: thought-record\ndistress_before: 70\ndistress_after: 40\n---\n",
        ),
        note("Thought records/c.md", "---\ntype: thought-record\ndistress_before: 90\n---\n"),
        # a kind told by its folder when the note has no type:
        note("Letters/To Mum.md", "Dear Mum\n"),
        note(
            "Free writing/x.md",
            "---\ntype: free-writing\ndistress_before: 101\ndistress_after: 20\n---\n",
        ),  # 101 is no rating
        note("Journal/2026-11-10.md", "---\ntype: daily\n---\n"),  # not an exercise
    ]
    found = {
        e.kind: (e.label, e.count, e.rated, e.ratings, e.shown) for e in exercises(notes, CONFIG)
    }
    assert found == {
        # each pair as rated, never an average of them
        "thought-record": ("thought records", 3, 2, ((80, 50), (70, 40)), "80 → 50, 70 → 40"),
        # an unsent letter is private: it is no exercise of a review's
        "free-writing": ("free writing", 1, 0, (), ""),
    }


def test_a_week_without_entries_has_no_review():
    notes = [note("Journal/2026-11-20.md", "later\n"), note("Reviews/2026-W46.md", "x\n")]
    assert build_review(notes, CONFIG, 2026, 46, []) is None


def test_a_review_keeps_what_the_person_wrote_around_it(tmp_path, cli):
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    (vault / "Journal" / "2026-11-10.md").write_text("---\nmood: 4\n---\nA long day.\n")
    copy = copy_vault(vault, tmp_path / "copy")
    assert cli("--vault", str(copy), "--today", "2026-11-18", "run").exit_code == 0
    review = copy / "Reviews" / "2026-W46.md"
    text = review.read_text()
    assert "You wrote on Tuesday: [[2026-11-10]]." in text
    assert "▃ — 4\n\n4 (1–10), on 1 day.\n" in text
    review.write_text("My own thoughts on the week.\n\n" + text + "\nAnd after.\n")
    (copy / "Journal" / "2026-11-11.md").write_text("---\nmood: 6\n---\nBetter.\n")
    from support.vaults import age_tree

    age_tree(copy)
    assert cli("--vault", str(copy), "--today", "2026-11-18", "run").exit_code == 0
    now = review.read_text()
    assert now.startswith("My own thoughts on the week.\n\n%% vaultkit:begin ")
    assert now.endswith("%% vaultkit:end %%\n\nAnd after.\n")
    assert "You wrote on Tuesday and Wednesday: [[2026-11-10]], [[2026-11-11]]." in now
    assert "4 to 6 (1–10), on 2 days." in now


def test_reviews_can_be_turned_off(tmp_path, cli):
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    (vault / "Journal" / "2026-11-10.md").write_text("---\nmood: 4\n---\nA long day.\n")
    (vault / "vaultkit.toml").write_text("[reviews]\nweeks = 0\n")
    copy_vault(vault, tmp_path / "copy")
    cli("--vault", str(tmp_path / "copy"), "--today", "2026-11-18", "run")
    assert not any(p.startswith("Reviews/2026-W") for p in tree_bytes(tmp_path / "copy"))


def test_a_bad_reviews_setting_names_its_line(tmp_path, cli):
    (tmp_path / "vaultkit.toml").write_text("[mood]\nscale = 10\n[reviews]\nweeks = -1\n")
    result = cli("--vault", str(tmp_path), "run")
    assert result.exit_code == 2
    assert "vaultkit.toml:4: 'weeks' must be between 0 and 520" in result.output


def test_a_review_names_the_days_written_once_each():
    notes = [
        note("Journal/2026-11-09.md", "Monday.\n"),
        note("Emotions/2026-11-09.md", "Again.\n"),
        note("Journal/2026-11-12.md", "Thursday.\n"),
        note("Journal/2026-11-13.md", "Friday.\n"),
    ]
    review = build_review(notes, CONFIG, 2026, 46, [])
    assert review.days == [D(2026, 11, 9), D(2026, 11, 12), D(2026, 11, 13)]
    assert review.days_in_words == "Monday, Thursday and Friday"


def test_a_note_the_person_did_not_write_in_is_not_counted():
    from vaultkit.text.phrases import EntryText

    notes = [
        note("Journal/2026-11-09.md", "Made by vaultkit.\n"),
        note("Journal/2026-11-10.md", "---\nmood: 4\n---\nMade by vaultkit.\n"),
        note("Thought records/2026-11-11.md", "---\ntype: thought-record\n---\nx\n"),
    ]
    untouched = {n.path: EntryText({}, own_words=False) for n in notes}
    review = build_review(notes, CONFIG, 2026, 46, [], phrases=untouched)
    # a rating is the person's own even on a page with no words of theirs
    assert review.entries == ["[[2026-11-10]]"] and review.exercises == []
    assert build_review(notes[:1], CONFIG, 2026, 46, [], phrases=untouched) is None
