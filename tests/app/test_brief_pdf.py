"""The brief printed to PDF by headless Chromium says what the Markdown says.

Skipped when no Chromium is on PATH, unless VAULTKIT_REQUIRE_TOOLS=1 (CI with
the browser installed), where a missing browser is a failure.
"""

from __future__ import annotations

import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from support.chromium import chromium_or_skip, print_pdf
from vaultkit.render.brief_html import brief_html

CHART_NAME = "Reviews/Charts/Next session.svg"

# Hand-made, in the shape of vaultkit's chart: a title, a line and axis labels.
CHART = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg xmlns="http://www.w3.org/2000/svg" width="560" height="160" viewBox="0 0 560 160" font-family="DejaVu Sans, sans-serif" font-size="13">
  <title>Mood since the last session</title>
  <text x="10" y="18" font-weight="bold">Mood since the last session</text>
  <line x1="40" y1="130" x2="550" y2="130" stroke="#888"/>
  <polyline points="40,90 120,70 200,100 280,60 360,50 440,80 520,40" fill="none" stroke="#222" stroke-width="2"/>
  <text x="10" y="135">1</text>
  <text x="10" y="45">5</text>
  <text x="40" y="152">Nov 10</text>
  <text x="490" y="152">Nov 18</text>
</svg>
"""

BRIEF = """\
# Next session: Thursday, November 20th

What I have noted since the last session, on Thursday, November 13th. Tick what we talked about.

## Bring up first

- [ ] The phone call with [[People/Mum|Mum]] on Sunday, and why it stayed with me
- [x] Panic on the bus again <b>twice</b>

## Since last session

### Friday, November 14th

- [ ] Woke at 4 and could not get back to sleep %% it was the radiator %%
- [ ] Wrote the [[Letters/To Dad|unsent letter]] after all

### Monday, November 17th

- [ ] Said no to the extra shift and felt guilty, see [[Journal/2026-11-17]]

%%
Not for the session: the list of things I still need to sort out.
%%

## What repeated

- Anxiety — 4 entries
- Sleep — 3 entries

## Mood

![[Reviews/Charts/Next session.svg]]

▁▃▂▅▆▄▇ — 3.4 on average (1–5) over 7 days; 2.9 the period before.

> [!note] Between sessions
> Breathing: in for 4, out for 6.
"""


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> list[str]:
    """The text of each page of the brief printed to PDF."""
    browser = chromium_or_skip()
    folder = tmp_path_factory.mktemp("brief")
    html = folder / "brief.html"
    html.write_text(
        brief_html(BRIEF, title="Next session", svgs={CHART_NAME: CHART}), encoding="utf-8"
    )
    pdf = folder / "brief.pdf"
    try:
        print_pdf(html, pdf, browser)
    except subprocess.CalledProcessError as error:
        pytest.fail(f"chromium failed: {error.stderr.decode(errors='replace')[-2000:]}")
    # NFKC undoes the "fi" ligatures the serif font prints with.
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(pdf).pages]


def test_the_brief_fits_on_one_page(printed):
    assert len(printed) == 1


def test_headings_and_items_are_printed(printed):
    text = "\n".join(printed)
    for words in (
        "Next session: Thursday, November 20th",
        "Bring up first",
        "Since last session",
        "Friday, November 14th",
        "Woke at 4 and could not get back to sleep",
        "Said no to the extra shift",
        "What repeated",
        "Anxiety — 4 entries",
        "Mood",
        "3.4 on average",
        "Between sessions",
        "Breathing: in for 4, out for 6.",
    ):
        assert words in text, words


def test_checkboxes_are_printed(printed):
    text = "\n".join(printed)
    assert text.count("☐") == 4
    assert text.count("☑") == 1


def test_chart_is_printed(printed):
    text = "\n".join(printed)
    assert "Mood since the last session" in text
    assert "Nov 18" in text


def test_wikilinks_print_as_names(printed):
    text = "\n".join(printed)
    assert "The phone call with Mum on Sunday" in text
    assert "Wrote the unsent letter after all" in text
    assert "Journal/2026-11-17" in text
    assert "People/Mum" not in text and "Letters/To Dad" not in text


def test_no_obsidian_syntax_or_comments_are_printed(printed):
    text = "\n".join(printed)
    for mark in ("[[", "]]", "%%", "[!note]", "[ ]", "[x]"):
        assert mark not in text, mark
    assert "radiator" not in text and "Not for the session" not in text


def test_raw_html_prints_as_text(printed):
    assert "Panic on the bus again <b>twice</b>" in "\n".join(printed)


def test_no_header_or_footer(printed):
    # Chromium's default header and footer print the file's path and the date.
    text = "\n".join(printed)
    assert "file:" not in text and "brief.html" not in text
