"""The therapist brief as one self-contained HTML page, to print or to show.

``brief_html`` turns the brief's Markdown (the agenda, threads, what repeated,
the mood chart) into a page that needs nothing else: no fonts, stylesheets,
scripts or images are fetched, so it prints the same on any machine and
opening it tells no one anything.

The Markdown holds the person's own words, so mistune runs with
``escape=True``: raw HTML in a note is shown as text, never interpreted.

Obsidian syntax is made to read well for someone without the vault:

* ``![[NAME]]`` inlines ``svgs[NAME]`` (trusted SVG made by vaultkit); any
  other embed is dropped, as there is nothing to show.
* ``[[Target|alias]]`` shows ``alias``, ``[[Target]]`` shows ``Target``.
* ``%% comments %%`` and ``<!-- comments -->`` are dropped, even across
  lines: a comment is something the person chose not to show.
* ``> [!type] Title`` callouts become a blockquote with the title in bold.
* ``- [ ]`` / ``- [x]`` become ☐ / ☑, which survive printing and copying
  text out of a PDF (a form checkbox does neither reliably).
* A sparkline (a run of ``▁▂▃▄▅▆▇█``) is hidden from screen readers, which
  would read out every block's name; the values are in words beside it.

Links are printed, not followed: a brief is read on paper, so a link shows its
text and, for an address with a scheme, the address in brackets.  The page
has no ``href`` or ``src`` at all; images in notes show their alt text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from html import escape
from typing import Any

import mistune

from vaultkit.facts.mood import SPARK

__all__ = ["brief_html"]

# mistune's built-in plugins that match what Obsidian shows; "url" (bare URLs
# turned into links) is left out because links are printed as text anyway.
_PLUGINS = ["strikethrough", "mark", "table", "task_lists"]


def brief_html(markdown_text: str, *, title: str, svgs: Mapping[str, str] = {}) -> str:
    """The brief as a complete HTML document; the same input gives the same bytes."""
    renderer = _BriefRenderer({name: _inline_svg(svg) for name, svg in svgs.items()})
    markdown = mistune.create_markdown(
        escape=True, renderer=renderer, plugins=[*_PLUGINS, _obsidian]
    )
    body = markdown(_strip_comments(markdown_text))
    assert isinstance(body, str)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>\n{_CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        f"<main>\n{body}</main>\n"
        "</body>\n"
        "</html>\n"
    )


# ---------------------------------------------------------------------------
# Comments, removed from the Markdown text before parsing
# ---------------------------------------------------------------------------

# A fence may sit in a list item or a quote, so any run of indentation and
# quote markers is allowed before it.
_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})")
_COMMENT_OR_CODE = re.compile(r"`+|%%|<!--")
_CLOSERS = {"%%": "%%", "<!--": "-->"}
# What is left of a line that held only a comment, maybe in a list item or quote.
_BARE_MARKERS = re.compile(r"[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+\[[ xX]\])?)?\s*")


def _strip_comments(text: str) -> str:
    """``text`` without ``%%`` and ``<!-- -->`` comments outside code.

    Done on the text rather than as a mistune rule because a comment may span
    paragraphs, which mistune's inline rules never see at once.  An unclosed
    comment runs to the end of the note, as in Obsidian.  A line that held
    only a comment (perhaps after a list or quote marker) is dropped whole:
    it would otherwise leave an empty bullet or split a list in two.
    """
    kept: list[str] = []
    fence: str | None = None  # the fence that will close the open code block
    closer: str | None = None  # the closer of the open comment
    for line in text.splitlines(keepends=True):
        if fence is not None:
            kept.append(line)
            m = _FENCE.match(line)
            if (
                m
                and m.group(1)[0] == fence[0]
                and len(m.group(1)) >= len(fence)
                and not line[m.end() :].strip()
            ):
                fence = None
            continue
        if closer is None:
            m = _FENCE.match(line)
            # A backtick fence's info string may not hold a backtick (CommonMark).
            if m and not (m.group(1)[0] == "`" and "`" in line[m.end() :]):
                fence = m.group(1)
                kept.append(line)
                continue
        stripped, closer = _strip_line(line, closer)
        if stripped == line or not _BARE_MARKERS.fullmatch(stripped):
            kept.append(stripped)
    return "".join(kept)


class _BacktickRuns:
    """Where each run of backticks on a line starts, by its length: a code span's closer is
    looked up, not searched for again from every opener (quadratic on a line of them)."""

    def __init__(self, line: str):
        self.starts: dict[int, list[int]] = {}
        for run in re.finditer(r"`+", line):
            self.starts.setdefault(len(run.group()), []).append(run.start())

    def closing(self, length: int, after: int) -> int | None:
        """The end of the first run of exactly `length` backticks starting at or after `after`."""
        starts = self.starts.get(length, [])
        i = bisect.bisect_left(starts, after)
        return starts[i] + length if i < len(starts) else None


def _strip_line(line: str, closer: str | None) -> tuple[str, str | None]:
    """One line without its comments, and the closer of a comment left open."""
    pieces: list[str] = []
    pos = 0
    runs: _BacktickRuns | None = None  # built on the first code span: most lines have none
    while pos < len(line):
        if closer is not None:
            end = line.find(closer, pos)
            if end < 0:
                # The text before the comment keeps its line break.
                return "".join(pieces) + ("\n" if line.endswith("\n") else ""), closer
            pos, closer = end + len(closer), None
            continue
        m = _COMMENT_OR_CODE.search(line, pos)
        if m is None:
            pieces.append(line[pos:])
            break
        pieces.append(line[pos : m.start()])
        token = m.group()
        if token[0] == "`":
            # A code span is kept verbatim up to the same run of backticks;
            # without one the backticks are plain text.
            if runs is None:
                runs = _BacktickRuns(line)
            end = runs.closing(len(token), m.end()) or m.end()
            pieces.append(line[m.start() : end])
            pos = end
        else:
            closer = _CLOSERS[token]
            pos = m.end()
    return "".join(pieces), closer


# ---------------------------------------------------------------------------
# Embeds and wikilinks, as mistune inline rules (so never inside code)
# ---------------------------------------------------------------------------

# No capture groups: mistune joins all rules into one regex, so group numbers
# would not be ours; the match is sliced instead.
_EMBED = r"!\[\[[^\[\]\n]+?\]\]"
_WIKILINK = r"\[\[[^\[\]\n]+?\]\]"


def _split_link(inner: str) -> tuple[str, str]:
    # Inside a table the pipe before an alias is written "\|".
    target, _, alias = inner.replace("\\|", "|").partition("|")
    return target.strip(), alias.strip()


def _parse_embed(inline: Any, m: re.Match[str], state: Any) -> int:
    target, _ = _split_link(m.group()[3:-2])
    state.append_token({"type": "embed", "attrs": {"name": target}})
    return m.end()


def _parse_wikilink(inline: Any, m: re.Match[str], state: Any) -> int:
    target, alias = _split_link(m.group()[2:-2])
    if not alias:
        # Obsidian shows [[Note#Heading]] as "Note > Heading".
        note, _, heading = target.partition("#")
        alias = " > ".join(part for part in (note, heading.lstrip("^")) if part)
    state.append_token({"type": "wikilink", "raw": alias})
    return m.end()


def _obsidian(md: mistune.Markdown) -> None:
    # Before "link", so "[[" and "![[" are not read as a link's "[" or "![".
    md.inline.register("embed", _EMBED, _parse_embed, before="link")
    md.inline.register("wikilink", _WIKILINK, _parse_wikilink, before="link")


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------

# The SVG is parsed as HTML, which puts <svg> in the SVG namespace by itself,
# so the XML prologue and namespace declarations are dropped: that keeps the
# page free of any address, even a namespace URI that is never fetched.
_XML_PROLOGUE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>", re.IGNORECASE)
_W3_XMLNS = re.compile(r"""\s+xmlns(?::\w+)?\s*=\s*(["'])https?://www\.w3\.org/[^"']*\1""")

_CALLOUT = re.compile(r"<p>\[!([A-Za-z0-9_-]+)\][+-]?[ \t]*(.*?)(?:<br />)?(</p>\n|\n)")
_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SPARKLINE = re.compile(f"[{SPARK}]+")


def _inline_svg(svg: str) -> str:
    return _W3_XMLNS.sub("", _XML_PROLOGUE.sub("", svg)).strip()


class _BriefRenderer(mistune.HTMLRenderer):
    def __init__(self, svgs: Mapping[str, str]) -> None:
        super().__init__(escape=True)
        self._svgs = svgs

    def text(self, text: str) -> str:
        # "lower one eighth block, lower five eighths block, …" tells a listener nothing; the
        # sentence around the sparkline gives the same values in words.
        return _SPARKLINE.sub(r'<span aria-hidden="true">\g<0></span>', super().text(text))

    def embed(self, name: str) -> str:
        svg = self._svgs.get(name)
        # A span (shown as a block) because the embed sits inside a <p>.
        return f'<span class="chart">{svg}</span>' if svg else ""

    def wikilink(self, text: str) -> str:
        return f'<span class="wikilink">{escape(text, quote=False)}</span>'

    def link(self, text: str, url: str, title: str | None = None) -> str:
        shown = escape(url, quote=False)
        if text in (shown, shown.removeprefix("mailto:")) or not _HAS_SCHEME.match(url):
            # An autolink already shows its address; a relative link points
            # into the vault, which the reader does not have.
            return text
        return f'{text} <span class="url">({shown})</span>'

    def image(self, text: str, url: str, title: str | None = None) -> str:
        # Never an <img>: it would be fetched, and vault images are not here.
        return f'<span class="image">{text}</span>' if text else ""

    def paragraph(self, text: str) -> str:
        # A paragraph that held only a dropped embed leaves nothing behind.
        return super().paragraph(text) if text.strip() else ""

    def task_list_item(self, text: str, checked: bool = False) -> str:
        box = '<span class="box">☑</span> ' if checked else '<span class="box">☐</span> '
        text = text.replace("<p>", "<p>" + box, 1) if text.startswith("<p>") else box + text
        return f'<li class="task{" done" if checked else ""}">{text}</li>\n'

    def block_quote(self, text: str) -> str:
        m = _CALLOUT.match(text)
        if m is None:
            return super().block_quote(text)
        kind = m.group(1).lower()
        heading = m.group(2).strip() or escape(kind.capitalize())
        rest = text[m.end() :] if m.group(3) != "\n" else "<p>" + text[m.end() :]
        return (
            f'<blockquote class="callout callout-{kind}">\n'
            f'<p class="callout-title"><strong>{heading}</strong></p>\n'
            f"{rest}</blockquote>\n"
        )


# One stylesheet, inline.  No url(), no @import, no web fonts: the first
# installed font of each list is used.
_CSS = """\
:root { color-scheme: light; }
html { background: #fff; color: #1c1c1c; }
body {
  font: 12pt/1.55 Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "DejaVu Serif", serif;
  max-width: 42rem; margin: 2rem auto; padding: 0 1.25rem;
}
h1 { font-size: 1.6rem; line-height: 1.2; margin: 0 0 .75rem; }
h2 { font-size: 1.25rem; line-height: 1.25; margin: 1.75rem 0 .5rem; padding-bottom: .15rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .35rem; }
p { margin: .5rem 0; }
ul, ol { padding-left: 1.5rem; margin: .4rem 0; }
li { margin: .2rem 0; }
li.task { list-style: none; }
.box { display: inline-block; width: 1.3em; margin-left: -1.3em; font-family: "DejaVu Sans", "Segoe UI Symbol", sans-serif; }
.url { color: #444; font-size: .9em; overflow-wrap: anywhere; }
blockquote { margin: 1rem 0; padding: .1rem 1rem; border-left: 3px solid #999; color: #333; }
.callout { border-left-width: 4px; border-left-color: #555; }
.callout-question, .callout-help, .callout-faq { border-left-color: #2b5fad; }
.callout-warning, .callout-caution, .callout-attention, .callout-danger, .callout-error { border-left-color: #b0500f; }
.callout-title { margin-bottom: .2rem; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .88em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f2; padding: .5rem .75rem; border-radius: 4px; }
table { border-collapse: collapse; margin: .75rem 0; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
mark { background: #fbeb8c; color: inherit; }
hr { border: 0; border-top: 1px solid #bbb; margin: 1.5rem 0; }
.chart { display: block; margin: 1rem 0; }
.chart svg { display: block; max-width: 100%; height: auto; }
@page { margin: 18mm; }
@media print {
  html, body { background: none; color: #000; }
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  blockquote, .url { color: #000; }
  pre, mark { background: none; }
  mark { text-decoration: underline; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, blockquote, pre, tr, .chart { break-inside: avoid; page-break-inside: avoid; }
  p { orphans: 3; widows: 3; }
}
"""
