"""`vaultkit brief` on the patterns vault: what the page holds, what it leaves out, and that it
writes nothing into the vault. One brief is printed to PDF in headless Chromium."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from support.bench import load_generator
from support.chromium import chromium_or_skip, print_pdf
from support.paths import FIXTURES
from support.vaults import copy_vault, tree_bytes
from vaultkit.facts.agenda import build_agenda
from vaultkit.settings.config import load_config
from vaultkit.store.vault import load_vault

PATTERNS = FIXTURES / "patterns" / "input"
PRIVATE = "The private sentence nobody else reads."


@pytest.fixture
def vault(tmp_path):
    return copy_vault(PATTERNS, tmp_path / "vault")


def brief(cli, vault: Path, *args: str) -> str:
    result = cli("--vault", str(vault), "--today", "2026-11-19", "brief", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_brief_holds_the_agenda_and_the_pattern(cli, vault):
    before = tree_bytes(vault)
    page = brief(cli, vault)
    for expected in (
        "<h1>Before my session on Thursday, November 19th</h1>",
        "the weekend plans (Mon 16 Nov)",
        "ask about the tight chest (Fri 13 Nov)",
        "write down what I wanted to say",
        "Manager</span> — on 3 days",
        "&quot;tight chest&quot; — on 2 days",
        "counted, not interpreted",
        "— 5, 6, 6, 8, 7</p>",
        "5 to 8 (1–10), on 5 days; last time 3 to 4, on 2 days.",
        "anxious on 1 day (70)",
        "<svg",
        "Mood since the last session",
    ):
        assert expected in page, expected
    assert PRIVATE not in page and "[[" not in page and "http" not in page
    assert "average" not in page and "distress" not in page and "×" not in page
    assert "555-0100" not in page  # the support contacts are the person's, not the brief's
    assert tree_bytes(vault) == before  # a brief is printed, never kept in the vault


def test_whole_entries_only_when_asked_for(cli, vault):
    page = brief(cli, vault, "--include-entries")
    assert PRIVATE in page and "<h2>The entries</h2>" in page
    assert "<h3>2026-11-19" not in page  # the page vaultkit made today: nobody wrote in it


def test_private_text_stays_out_even_with_the_entries(cli, vault):
    journal = vault / "Journal"
    (journal / "2026-11-16.md").write_text(
        (journal / "2026-11-16.md").read_text() + "What I told no one. #private\n"
    )
    (vault / "Letters").mkdir()
    (vault / "Letters" / "To Manager.md").write_text(
        "---\ntype: letter\ndate: 2026-11-17\n---\nThe letter I keep. Tight chest. #work\n"
        "- ask how to say it #next\n"
    )
    (journal / "2026-11-18.md").write_text("---\nprivate: true\n---\nOnly mine. #work\n")
    page = brief(cli, vault, "--include-entries")
    for hidden in ("What I told no one", "The letter I keep", "Only mine", "To Manager"):
        assert hidden not in page, hidden
    assert "ask how to say it (Tue 17 Nov)" in page  # the person put it on the agenda
    assert "#work — on 2 days" in page  # 11-13 and 11-14, not the letter's or 11-18's


def test_list_shows_what_the_brief_would_hold(cli, vault, tmp_path):
    before = tree_bytes(vault)
    out = brief(cli, vault, "--list", "--out", str(tmp_path / "brief.html"))
    assert tree_bytes(vault) == before and not (tmp_path / "brief.html").exists()
    assert out.startswith("What the brief would hold (nothing is written):\n")
    for expected in (
        (
            "The period: since the session on Thursday, November 12th 2026, up to Thursday, "
            "November 19th 2026."
        ),
        "Bring up first:\n- the weekend plans (Mon 16 Nov)\n",
        "Since last session:\n- ask about the tight chest (Fri 13 Nov)\n",
        "Threads from last session:\n- write down what I wanted to say\n",
        (
            "What repeated:\n- [[Manager]] — on 3 days\n- #work — on 2 days\n"
            '- "tight chest" — on 2 days\n'
        ),
        "Mood: on 5 days (Fri 13 Nov, Sat 14 Nov, Sun 15 Nov, Mon 16 Nov, Tue 17 Nov).",
        (
            "With --include-entries, these entries too:\n"
            "- Thought records/2026-11-12 (Thu 12 Nov)\n- Journal/2026-11-13 (Fri 13 Nov)\n"
        ),
    ):
        assert expected in out, expected
    entries = out.split("these entries too:\n", 1)[1]
    page = brief(cli, vault, "--include-entries")
    assert [line[2:].split("/")[-1].split(" (")[0] for line in entries.splitlines()] == [
        h.split(" (")[0] for h in page.split("<h3>")[1:]
    ]


def test_since_starts_the_period_on_that_day(cli, vault):
    page = brief(cli, vault, "--since", "2026-11-06")
    assert "What I noted since Friday, November 6th 2026" in page
    assert "on 7 days" in page  # 11-06 and 11-08 count now


def test_out_writes_the_page_to_a_file(cli, vault, tmp_path):
    out = tmp_path / "brief.html"
    result = cli("--vault", str(vault), "--today", "2026-11-19", "brief", "--out", str(out))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_bad_since_is_a_usage_error(cli, vault):
    result = cli("--vault", str(vault), "brief", "--since", "last week")
    assert result.exit_code == 2 and "'last week' is not a date (YYYY-MM-DD)" in result.output


def test_the_brief_prints_to_pdf(cli, vault, tmp_path):
    browser = chromium_or_skip()
    html, pdf = tmp_path / "brief.html", tmp_path / "brief.pdf"
    html.write_text(brief(cli, vault), encoding="utf-8")
    try:
        print_pdf(html, pdf, browser)
    except subprocess.CalledProcessError as error:
        pytest.fail(f"chromium failed: {error.stderr.decode(errors='replace')[-2000:]}")
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    for expected in (
        "Bring up first",
        "the weekend plans",
        "What repeated",
        "Manager — on 3 days",
        "Mood since the last session",
    ):
        assert expected in text, expected
    assert PRIVATE not in text and "Between sessions" not in text


def test_the_brief_matches_its_golden_copy(cli, vault):
    """The whole page, byte for byte (VAULTKIT_UPDATE_GOLDEN=1 rewrites it; read the diff)."""
    golden = PATTERNS.parent / "brief.html"
    page = brief(cli, vault)
    if os.environ.get("VAULTKIT_UPDATE_GOLDEN"):
        golden.write_text(page, encoding="utf-8")
    assert page == golden.read_text(encoding="utf-8")
    assert brief(cli, vault) == page  # and the same bytes every time


# --- where --out may write ----------------------------------------------------------------------


def brief_to(cli, vault: Path, out: object, *args: str):
    return cli("--vault", str(vault), "--today", "2026-11-19", "brief", "--out", str(out), *args)


def no_temps(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if ".vaultkit-" in p.name]


def test_out_refuses_an_existing_file_without_force(cli, vault, tmp_path):
    out = tmp_path / "brief.html"
    out.write_text("last week's brief\n")
    result = brief_to(cli, vault, out)
    assert result.exit_code == 2
    assert result.stderr == f"{out}: already exists; pass --force to replace it\n"
    assert out.read_text() == "last week's brief\n"


def test_out_with_force_replaces_the_file_and_keeps_its_mode(cli, vault, tmp_path):
    out = tmp_path / "brief.html"
    out.write_text("last week's brief\n")
    out.chmod(0o600)
    result = brief_to(cli, vault, out, "--force")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert out.stat().st_mode & 0o777 == 0o600
    assert result.stderr == f"{out}\n" and no_temps(tmp_path)


def test_out_never_writes_into_the_vault(cli, vault, tmp_path, monkeypatch):
    before = tree_bytes(vault)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "into the journal").symlink_to(vault / "Journal", target_is_directory=True)
    (outside / "a note.html").symlink_to(vault / "Journal" / "2026-11-18.md")
    (outside / "dangling.html").symlink_to(vault / "Journal" / "not yet.html")
    monkeypatch.chdir(vault)
    for out, force in [
        ("Journal/2026-11-18.md", False),
        ("Journal/2026-11-18.md", True),
        (vault / "sub" / "new.html", False),
        (vault / "brief.html", True),
        (outside / "into the journal" / "brief.html", False),
        (outside / "a note.html", True),
        (outside / "dangling.html", True),
        (vault / ".." / vault.name / "brief.html", False),
    ]:
        result = brief_to(cli, vault, out, *(["--force"] if force else []))
        assert result.exit_code == 2, (out, result.output)
        assert result.stderr == f"{out}: inside the vault; the brief is written only outside it\n"
    assert tree_bytes(vault) == before
    assert not (vault / "sub").exists() and not (vault / "brief.html").exists()


def test_out_on_a_full_disk_is_one_line_and_leaves_nothing(cli, vault, tmp_path, monkeypatch):
    import errno

    out = tmp_path / "brief.html"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = brief_to(cli, vault, out)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == f"{out}: no space left on device\n"
    assert not out.exists() and no_temps(tmp_path)


def test_the_brief_of_a_long_journal_with_no_session_counts_what_it_folds(cli, tmp_path):
    """No session yet, years of pages: the brief covers the agenda's window and says how
    much each section folds, as the agenda does, without pointing the reader at a command."""
    root = tmp_path / "long"
    load_generator().generate(root, 1200, seed=5, kind="long-history")
    config, _ = load_config(root)
    notes = list(load_vault(root, config).notes.values())
    agenda = build_agenda(notes, config, dt.date(2026, 11, 22))
    assert agenda.still_open_more > 0
    result = cli("--vault", str(root), "--today", "2026-11-22", "brief")
    assert result.exit_code == 0, result.output
    page = result.output
    assert "What I noted in the 14 days up to Sunday, November 22nd 2026." in page
    assert f"And {agenda.still_open_more} more, in my notes." in page
    assert "vaultkit agenda" not in page
    listed = cli("--vault", str(root), "--today", "2026-11-22", "brief", "--list").output
    assert "The period: the 14 days up to Sunday, November 22nd 2026." in listed
    assert "Still open from earlier:\n" in listed
    assert f"- And {agenda.still_open_more} more, in my notes.\n" in listed
