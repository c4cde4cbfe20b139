"""`vaultkit brief` on the patterns vault: what the page holds, what it leaves out, and that it
writes nothing into the vault. One brief is printed to PDF in headless Chromium."""

from __future__ import annotations

import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from chromium import print_pdf
from conftest import copy_vault, tree_bytes
from test_brief_pdf import _browser

PATTERNS = Path(__file__).parent / "fixtures" / "patterns" / "input"
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
    for expected in ("<h1>Before my session on Thursday, November 19th</h1>",
                     "the weekend plans (Mon 16 Nov)", "ask about the tight chest (Fri 13 Nov)",
                     "write down what I wanted to say", "Manager</span> — 3 entries",
                     "&quot;tight chest&quot; — 2 entries",
                     "6.4 on average (1–10) over 5 days; 3.5 the period before.",
                     "anxious ×1 (70)", "<svg", "Mood since the last session"):
        assert expected in page, expected
    assert PRIVATE not in page and "[[" not in page and "http" not in page
    assert "555-0100" not in page  # the support contacts are the person's, not the brief's
    assert tree_bytes(vault) == before  # a brief is printed, never kept in the vault


def test_whole_entries_only_when_asked_for(cli, vault):
    page = brief(cli, vault, "--include-entries")
    assert PRIVATE in page and "<h2>The entries</h2>" in page


def test_since_starts_the_period_on_that_day(cli, vault):
    page = brief(cli, vault, "--since", "2026-11-06")
    assert "What I noted since Friday, November 6th 2026" in page
    assert "over 7 days" in page  # 11-06 and 11-08 count now


def test_out_writes_the_page_to_a_file(cli, vault, tmp_path):
    out = tmp_path / "brief.html"
    result = cli("--vault", str(vault), "--today", "2026-11-19", "brief", "--out", str(out))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_bad_since_is_a_usage_error(cli, vault):
    result = cli("--vault", str(vault), "brief", "--since", "last week")
    assert result.exit_code == 2 and "'last week' is not a date (YYYY-MM-DD)" in result.output


def test_the_brief_prints_to_pdf(cli, vault, tmp_path):
    browser = _browser()
    html, pdf = tmp_path / "brief.html", tmp_path / "brief.pdf"
    html.write_text(brief(cli, vault), encoding="utf-8")
    try:
        print_pdf(html, pdf, browser)
    except subprocess.CalledProcessError as error:
        pytest.fail(f"chromium failed: {error.stderr.decode(errors='replace')[-2000:]}")
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    for expected in ("Bring up first", "the weekend plans", "What repeated", "Manager — 3 entries",
                     "Mood since the last session"):
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
    for out, force in [("Journal/2026-11-18.md", False), ("Journal/2026-11-18.md", True),
                       (vault / "sub" / "new.html", False), (vault / "brief.html", True),
                       (outside / "into the journal" / "brief.html", False),
                       (outside / "a note.html", True), (outside / "dangling.html", True),
                       (vault / ".." / vault.name / "brief.html", False)]:
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
