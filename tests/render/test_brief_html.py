"""brief_html: the therapist brief as one self-contained, escaped HTML page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.render.brief_html import brief_html

CHART = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="320" height="80" viewBox="0 0 320 80">
  <title>Mood over 12 days</title>
  <polyline points="10,60 40,50 70,55 100,30" fill="none" stroke="black"/>
  <text x="10" y="75">Mood, 1 to 5</text>
</svg>
"""

BRIEF = """\
# Next session: Thursday, November 20th

What I have noted since the last session. Tick what we talked about.

## Bring up first

- [ ] The call with [[People/Mum|Mum]] on Sunday
- [x] Sleeping badly again, see [[Journal/2026-11-14]]

## Mood

![[Reviews/Charts/Next session.svg]]

![[Attachments/photo.jpg]]

> [!note] Between sessions
> Crisis line: 116 123
"""


def render(text: str, **kwargs) -> str:
    kwargs.setdefault("title", "Brief")
    return brief_html(text, **kwargs)


def body(html: str) -> str:
    """The page between <main> and </main>, without the stylesheet."""
    return html.split("<main>", 1)[1].split("</main>", 1)[0]


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def test_page_skeleton():
    html = render(BRIEF, title="Brief for Thursday <20th> & after")
    assert html.startswith("<!DOCTYPE html>\n")
    assert '<html lang="en">' in html
    assert '<meta charset="utf-8">' in html
    assert "<title>Brief for Thursday &lt;20th&gt; &amp; after</title>" in html
    assert html.count("<style>") == 1
    assert "@media print" in html and "@page { margin: 18mm; }" in html
    assert "max-width: 42rem" in html


def test_nothing_external_can_load():
    html = render(BRIEF, svgs={"Reviews/Charts/Next session.svg": CHART})
    lowered = html.lower()
    for needle in (
        "<link",
        "<script",
        "<img",
        "<iframe",
        "url(",
        "@import",
        "http",
        "href=",
        "src=",
    ):
        assert needle not in lowered, needle


def test_links_are_printed_not_followed():
    html = body(
        render(
            "See [the leaflet](https://nhs.example/leaflet?a=1&b=2), <https://auto.example> and [a note](Other%20note.md).\n"
        )
    )
    assert 'the leaflet <span class="url">(https://nhs.example/leaflet?a=1&amp;b=2)</span>' in html
    assert "https://auto.example" in html
    assert "a note" in html and "Other%20note.md" not in html
    assert "<a " not in html and "href" not in html


def test_images_show_their_alt_text_only():
    html = body(render("![a tracking pixel](https://tracker.example/p.gif) and ![](local.png)\n"))
    assert "a tracking pixel" in html
    assert "tracker.example" not in html and "local.png" not in html
    assert "<img" not in html


def test_same_input_gives_same_bytes():
    svgs = {"Reviews/Charts/Next session.svg": CHART}
    assert render(BRIEF, svgs=svgs) == render(BRIEF, svgs=dict(svgs))


class _TagChecker(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> with {self.stack[-3:]} open")
        else:
            self.stack.pop()


@pytest.mark.parametrize(
    "text", [BRIEF, "", "<div>\n<p>unclosed\n", "</main></body></html>\n", "> [!warning]\n"]
)
def test_tags_are_balanced(text):
    checker = _TagChecker()
    checker.feed(render(text, svgs={"Reviews/Charts/Next session.svg": CHART}))
    checker.close()
    assert checker.errors == []
    assert checker.stack == []


# ---------------------------------------------------------------------------
# The person's own text is shown, never run
# ---------------------------------------------------------------------------


def test_raw_html_is_escaped():
    text = (
        "Today <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n\n"
        "<div onclick=alert(3)>a block of html</div>\n\n"
        "- [ ] <b>bold?</b>\n"
    )
    html = body(render(text))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;div onclick=alert(3)&gt;a block of html&lt;/div&gt;" in html
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html
    assert "<script" not in html and "<img" not in html and "<div" not in html and "<b>" not in html


def test_wikilink_and_callout_text_is_escaped():
    html = body(render("[[<script>x</script>]] [[a|<i>b</i>]]\n\n> [!note] <u>title</u>\n> body\n"))
    assert "<script" not in html and "<i>" not in html and "<u>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&lt;i&gt;b&lt;/i&gt;" in html
    assert "<strong>&lt;u&gt;title&lt;/u&gt;</strong>" in html


def test_a_callout_type_cannot_inject_a_class():
    html = body(render('> [!x" onclick="y] title\n'))
    assert 'onclick="' not in html and "callout" not in html


# Every tag the renderer itself writes; anything else would be the person's
# text interpreted as HTML.
_OUR_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "strong", "em", "code", "pre",
    "del", "mark", "span", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}  # fmt: skip
_PIECES = st.sampled_from(
    ["<script>", "</p>", "<img src=x>", "<!--", "-->", "%%", "[[", "]]", "![[", "|", "> [!note] ", "- [ ] ",
     "```", "`", "\n", "\n\n", "*", "[a](javascript:x)", "<a href=x>", "&amp;", "\"", "x", " ", "▃▅"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_any_text_yields_only_our_own_tags(text):
    html = body(render(text))
    assert set(re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", html)) <= _OUR_TAGS
    assert not re.search(r"<[^>]*\s(?:on\w+|href|src)=", html)


# ---------------------------------------------------------------------------
# Obsidian syntax
# ---------------------------------------------------------------------------


def test_svg_is_inlined_where_it_was_embedded():
    html = body(render(BRIEF, svgs={"Reviews/Charts/Next session.svg": CHART}))
    mood = html.index("<h2>Mood</h2>")
    chart = html.index('<span class="chart"><svg')
    callout = html.index('<blockquote class="callout callout-note">')
    assert mood < chart < callout
    assert "<title>Mood over 12 days</title>" in html
    assert "<?xml" not in html and "xmlns" not in html
    assert html.count("<svg") == 1


def test_unknown_embeds_are_removed():
    html = body(
        render(
            "Before\n\n![[Attachments/photo.jpg]]\n\nAnd ![[Other.svg|300]] inline\n\n![[Reviews/Charts/Next session.svg]]\n"
        )
    )
    assert "photo" not in html and "Other" not in html and "Next session" not in html
    assert "![[" not in html and "[[" not in html
    assert "<p></p>" not in html
    assert "<p>And  inline</p>" in html


def test_wikilinks_show_their_name_or_alias():
    html = body(
        render("With [[People/Mum|Mum]], about [[Sleep]] and [[Journal/2026-11-14#Night]].\n")
    )
    assert '<span class="wikilink">Mum</span>' in html
    assert '<span class="wikilink">Sleep</span>' in html
    assert '<span class="wikilink">Journal/2026-11-14 &gt; Night</span>' in html
    assert "People/Mum" not in html
    assert "[[" not in html and "]]" not in html


def test_wikilink_alias_in_a_table():
    html = body(render("| What | When |\n|---|---|\n| [[People/Sam\\|Sam]] | Monday |\n"))
    assert '<td><span class="wikilink">Sam</span></td>' in html


def test_comments_are_removed():
    text = (
        "Before %% an aside %% after.\n"
        "\n"
        "%%\n"
        "A private paragraph.\n"
        "\n"
        "Another one, still hidden.\n"
        "%%\n"
        "\n"
        "- first\n"
        "- %% a hidden item %%\n"
        "- second <!-- also hidden -->\n"
        "\n"
        "Visible, then %% a comment to the end\n"
        "of this paragraph %% and on.\n"
    )
    html = body(render(text))
    assert "%%" not in html
    assert "aside" not in html and "private" not in html and "still hidden" not in html
    assert (
        "hidden item" not in html and "also hidden" not in html and "comment to the end" not in html
    )
    assert "Before  after." in html
    assert "<li>first</li>\n<li>second</li>" in html
    assert "Visible, then\nand on." in html


def test_an_unclosed_comment_runs_to_the_end():
    html = body(render("Shown.\n\n%% not closed\n\n## Hidden heading\n"))
    assert "Shown." in html and "Hidden" not in html and "%%" not in html


def test_code_is_kept_verbatim():
    text = (
        "Inline `%% not a comment %%` and `[[not a link]]`.\n"
        "\n"
        "```\n"
        "%% kept %%\n"
        "[[Kept]] ![[chart.svg]]\n"
        "<script>kept as text</script>\n"
        "```\n"
        "\n"
        "- in a list:\n"
        "  ~~~~\n"
        "  %%\n"
        "  ~~~~\n"
        "\n"
        "After %% gone %% the code.\n"
    )
    html = body(render(text, svgs={"chart.svg": CHART}))
    assert "<code>%% not a comment %%</code>" in html
    assert "<code>[[not a link]]</code>" in html
    assert (
        "<pre><code>%% kept %%\n[[Kept]] ![[chart.svg]]\n&lt;script&gt;kept as text&lt;/script&gt;\n</code></pre>"
        in html
    )
    assert "<pre><code>%%\n</code></pre>" in html
    assert "After  the code." in html
    assert "<svg" not in html


@pytest.mark.parametrize("kind", ["note", "question", "warning", "tip", "my-own"])
def test_callouts_get_their_title_in_bold(kind):
    html = body(render(f"> [!{kind}] Worth saying\n> The body of it.\n"))
    assert f'<blockquote class="callout callout-{kind}">' in html
    assert '<p class="callout-title"><strong>Worth saying</strong></p>' in html
    assert "<p>The body of it.</p>" in html
    assert "[!" not in html


def test_a_callout_without_title_is_named_by_its_type():
    html = body(render("> [!WARNING]-\n> - go slowly\n"))
    assert '<blockquote class="callout callout-warning">' in html
    assert "<strong>Warning</strong>" in html
    assert "<li>go slowly</li>" in html


def test_a_plain_quote_stays_plain():
    html = body(render("> Just a quote, [!not] a callout.\n"))
    assert "<blockquote>\n<p>Just a quote, [!not] a callout.</p>\n</blockquote>" in html


def test_checkboxes():
    html = body(render("- [ ] open item\n- [x] talked about\n- [X] also\n- plain\n"))
    assert '<li class="task"><span class="box">☐</span> open item</li>' in html
    assert '<li class="task done"><span class="box">☑</span> talked about</li>' in html
    assert '<li class="task done"><span class="box">☑</span> also</li>' in html
    assert "<li>plain</li>" in html
    assert "<input" not in html and "[ ]" not in html and "[x]" not in html


def test_highlight_and_strikethrough():
    html = body(render("==this== and ~~not this~~\n"))
    assert "<mark>this</mark>" in html and "<del>not this</del>" in html


def test_the_template_output_reads_well():
    html = body(render(BRIEF, svgs={"Reviews/Charts/Next session.svg": CHART}))
    text = re.sub(r"<[^>]+>", "", html)
    for words in (
        "Bring up first",
        "The call with Mum on Sunday",
        "Journal/2026-11-14",
        "Between sessions",
        "116 123",
    ):
        assert words in text
    for mark in ("[[", "]]", "%%", "[!", "[ ]", "[x]"):
        assert mark not in text


# ---------------------------------------------------------------------------
# Screen readers
# ---------------------------------------------------------------------------


def test_a_sparkline_is_hidden_from_screen_readers_and_its_words_are_not():
    text = "## Mood\n\n▁▃▅▆█ — 1, 3, 5, 6 and 10 (1–10), on 5 days.\n\nAnd ▂ alone: 2.\n"
    html = body(render(text))
    assert (
        '<p><span aria-hidden="true">▁▃▅▆█</span> — 1, 3, 5, 6 and 10 (1–10), on 5 days.</p>'
        in html
    )
    assert 'And <span aria-hidden="true">▂</span> alone: 2.' in html
    # Everything a screen reader is left with still holds the values.
    heard = re.sub(r'<span aria-hidden="true">[^<]*</span>', "", html)
    assert not re.search("[▁▂▃▄▅▆▇█]", heard)
    assert "1, 3, 5, 6 and 10 (1–10), on 5 days." in heard


def test_a_sparkline_in_code_is_left_as_written():
    html = body(render("`▁▂▃`\n\n```\n▄▅▆\n```\n"))
    assert "<code>▁▂▃</code>" in html and "<pre><code>▄▅▆\n</code></pre>" in html
    assert "aria-hidden" not in html


def test_the_person_s_text_around_a_sparkline_is_still_escaped():
    html = body(render("<b>▃▅</b>\n"))
    assert '&lt;b&gt;<span aria-hidden="true">▃▅</span>&lt;/b&gt;' in html
