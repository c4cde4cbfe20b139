"""Every word vaultkit writes into a journal is held to the care rules: no clinical or judging
vocabulary, no literature references.

Checked: every built-in template and prompt list as shipped, every built-in template as rendered
(with an empty and with a full agenda), and every text vaultkit wrote into the golden vaults
(tests/fixtures/*/expected/, and the patterns case's brief.html). The person's own words are
theirs: a file or line copied from the case's input is not checked, and neither is a piece of a
generated line that quotes the input (an agenda item, a phrase that repeated, an emotion word).
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.paths import FIXTURES
from support.template_inputs import BUILTINS, FORMATS, rich_agenda, template_variables
from vaultkit.facts.agenda import build_agenda
from vaultkit.render.templates import TemplateSet, render
from vaultkit.settings.config import Config
from vaultkit.store.resources import builtin_templates_dir, example_vault_dir

TEMPLATES = builtin_templates_dir()

# Whole words, any case. Each entry is a regular expression for one word and its inflections.
WORDS = [
    # The care rules' own list: clinical words for a person's feelings, or words that grade
    # them ("improved", "worse") or push them to keep going ("streak", "compliance").
    r"distress(?:ed|ing)?",  # "distress score" is caught by this too
    r"symptoms?",
    r"disorders?",
    r"negative thoughts?",
    r"distortions?",
    r"patients?",  # the person is not a patient in their own journal
    r"compliance|compliant|non-compliant",
    r"streaks?",
    r"improv(?:e|ed|es|ing|ement|ements)",
    r"worse|worsen(?:ed|ing|s)?",
    # A companion, never a therapist: no diagnosis and no condition names.
    r"diagnos\w*",
    r"depression|depressive|PTSD|bipolar|OCD|ADHD|BPD|borderline|psychosis|psychotic",
    r"clinical|CBT|DBT",  # therapy jargon, and the names the old reference comments used
    # Numbers are the person's own ratings, never a grade.
    r"scor(?:e|es|ed|ing)",
    # Kindness, never judgement: of the person, or of their thoughts.
    r"fail|fails|failed|failing|failure|failures",
    r"should have|should've",
    r"irrational|maladaptive|dysfunctional",
    # No pressure to write.
    r"homework|overdue",
]
# "better" is left out on purpose: it is an ordinary, kind word ("if it helps you feel better");
# the rule against "better/worse" is about numbers, and "worse" and "improved" hold that line.
# "average" is left out too: whether an average is shown is a setting, not a choice of words.

# Literature references belong in docs/templates.md. Names are matched with their capital letter.
AUTHORS = [
    "Pennebaker",
    "Linehan",
    "Beck",
    "Padesky",
    "Greenberger",
    "Beall",
    "Smyth",
    "Stanley & Brown",
    "Wells",
    "Clara Hill",
    "Mind Over Mood",
    "et al",
]
_MONTHS_AND_DAYS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|"
    "Wednesday|Thursday|Friday|Saturday|Sunday|Week|Mood"
)
# "Pennebaker & Beall, 1986", "(Beck, 1979)", "Linehan (1993)", "Smyth et al. 2016"; a date
# ("November 2026", "Week 47, 2026") is not a reference.
AUTHOR_YEAR = re.compile(
    rf"\b(?!(?:{_MONTHS_AND_DAYS})\b)[A-Z][\w'’-]+(?:\s+(?:&|and)\s+[A-Z][\w'’-]+|\s+et al\.?)?"
    r",?\s+(?:\((?:1[89]|20)\d\d[a-z]?\)|(?:1[89]|20)\d\d[a-z]?\b)"
)

_WORD = re.compile("|".join(rf"(?<![^\W_])(?:{w})(?![^\W_])" for w in WORDS), re.IGNORECASE)
_AUTHOR = re.compile("|".join(rf"(?<![^\W_]){re.escape(a)}(?![^\W_])" for a in AUTHORS))
# The frontmatter keys notes already hold and the code reads: allowed as keys, nowhere else.
_KEY = re.compile(r"^\s*distress_(?:before|after)(?=\s*:)")


@dataclass(frozen=True)
class Hit:
    where: str
    line: int
    column: int
    word: str
    text: str

    def __str__(self) -> str:
        return (
            f"{self.where}:{self.line}:{self.column}: {self.word!r} in {self.text.strip()[:160]!r}"
        )


def hits_in_line(line: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of every clinical or judging word and literature reference."""
    line = _KEY.sub(lambda m: " " * len(m.group()), line)  # blanked, so columns stay right
    found = [
        (m.start(), m.end(), m.group())
        for pattern in (_WORD, _AUTHOR, AUTHOR_YEAR)
        for m in pattern.finditer(line)
    ]
    return sorted(set(found))


def hits_in_text(where: str, text: str) -> list[Hit]:
    return [
        Hit(where, n, start + 1, word, line)
        for n, line in enumerate(text.splitlines(), 1)
        for start, _, word in hits_in_line(line)
    ]


def report(hits: list[Hit]) -> str:
    return "\n".join(str(h) for h in hits)


# --- the checker itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, words",
    [
        ("Your distress score today: 70", ["distress", "score"]),
        ("Fewer SYMPTOMS, improved since last week.", ["SYMPTOMS", "improved"]),
        (
            "Catch the negative thoughts and their distortions.",
            ["negative thoughts", "distortions"],
        ),
        ("A 5-day streak! Don't break it.", ["streak"]),
        ("You failed to write; you should have.", ["failed", "should have"]),
        (
            "Expressive writing (Pennebaker & Beall, 1986).",
            ["Pennebaker", "Pennebaker & Beall, 1986"],
        ),
        ("as in Linehan (1993)", ["Linehan", "Linehan (1993)"]),
        ("Smyth et al. 2016 found", ["Smyth", "Smyth et al. 2016"]),
        ("Greenberger & Padesky's Mind Over Mood", ["Greenberger", "Padesky", "Mind Over Mood"]),
        ("%% CBT thought record (Beck). %%", ["Beck", "CBT"]),
        ("Fill in distress_before when you begin.", ["distress"]),
    ],
)
def test_the_checker_finds(line, words):
    assert set(words) <= {w for _, _, w in hits_in_line(line)}


@pytest.mark.parametrize(
    "line",
    [
        "distress_before: # how strong it feels, 0–100, as you begin",
        "distress_after: 45",
        "In the dream: impatient, then a polite kind of panic.",
        "# Week 46 of 2026: November 9th to November 15th",
        "Sunday, November 22nd 2026 — November 2026",
        "How strong it was (0–100), and what came right before.",
        "A bit numb, but better.",
        "Rebecca wrote 1986 lines",
    ],
)
def test_the_checker_lets_pass(line):
    assert hits_in_line(line) == []


# --- the templates as shipped ---------------------------------------------------------------

SHIPPED = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.md"))


def _blank(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group())  # blanked, not removed, so line numbers stay right


def _what_a_person_reads(text: str) -> str:
    # A {# comment #} is for whoever edits the template and never reaches a note. A prompt
    # list's "cues:" line lists the words vaultkit listens for in the person's writing
    # ("should've" among them); it is never written anywhere.
    text = re.sub(r"\{#.*?#\}", _blank, text, flags=re.DOTALL)
    return re.sub(r"^cues:.*$", _blank, text, flags=re.MULTILINE)


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_template_or_prompt_list_uses_kind_plain_words(name):
    text = _what_a_person_reads((TEMPLATES / name).read_text("utf-8"))
    hits = hits_in_text(f"templates/{name}", text)
    assert not hits, "\n" + report(hits)


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_template_holds_no_hidden_comment(name):
    # A %% comment %% is hidden only in Obsidian's reading view; everywhere else it sits in the
    # person's journal. Sources go in docs/templates.md.
    text = (TEMPLATES / name).read_text("utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "%%" in line or "<!--" in line]
    assert not lines, f"templates/{name}: a comment on line(s) {lines}"


# --- the templates as rendered --------------------------------------------------------------


@pytest.mark.parametrize("rich", [False, True], ids=["empty-agenda", "full-agenda"])
@pytest.mark.parametrize("name", BUILTINS)
def test_a_rendered_builtin_template_uses_kind_plain_words(name, rich):
    day = dt.date(2026, 11, 20)
    config = Config(schedule="weekly:thu", support=("My therapist: 555-0100",))
    agenda = rich_agenda(config, day) if rich else build_agenda([], Config(), day)
    templates = TemplateSet(builtin_templates_dir(), {})
    out = render(
        templates.get(name), template_variables(name, agenda, config, day), date_formats=FORMATS
    )
    hits = hits_in_text(f"{name} (rendered)", out)
    assert not hits, "\n" + report(hits)


# --- what vaultkit wrote into the golden vaults ---------------------------------------------

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "case.toml").is_file())
TEXT_SUFFIXES = (".md", ".svg", ".html", ".toml")
_TAG = re.compile(r"<[^>]*>")
# Where a generated line joins its own words to the person's: list and task markers, the
# " — " before a source link, link brackets, a colon or comma after a label, brackets, quotes.
_SEPARATOR = re.compile(r"\x00| — |\[\[|\]\]|\||: |, |\(|\)|^[\s>*+-]*(?:\[.\]\s)?|\"|“|”")
_HASHTAG = re.compile(r"(?<![\w&])#[\w/-]+")


def _input_of(case: Path) -> Path:
    spec = tomllib.loads((case / "case.toml").read_text("utf-8"))
    return example_vault_dir() if spec.get("input") == "example" else case / "input"


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # a file the case feeds in as broken on purpose; vaultkit never writes one


def _quotable(text: str) -> str:
    # vaultkit never quotes a comment (the agenda, the reviews and the brief all leave them out),
    # so a comment in the input is no one's words to echo. This matters: the example vault's notes
    # hold the reference comments of templates past, and a template writing the same comment
    # today must still be caught.
    return re.sub(r"%%.*?(?:%%|$)|<!--.*?(?:-->|$)", " ", text, flags=re.DOTALL)


def _norm(text: str) -> str:
    text = _HASHTAG.sub(" ", text.lower().replace("[[", " ").replace("]]", " "))
    return " ".join(text.split())


def _visible(path: Path, text: str) -> str:
    """The text a reader sees, line for line: for SVG and HTML, tags become separators."""
    if path.suffix in (".svg", ".html"):
        text = re.sub(
            r"<style>.*?</style>", lambda m: "\n" * m.group().count("\n"), text, flags=re.DOTALL
        )  # the brief's stylesheet is no one's reading
        return html.unescape(_TAG.sub("\x00", text))
    return text


def _quotes_the_person(line: str, start: int, end: int, corpus: str) -> bool:
    """Whether the piece of a generated line around a hit is copied from the person's notes."""
    cuts = [0, *(p for m in _SEPARATOR.finditer(line) for p in (m.start(), m.end())), len(line)]
    left = max(c for c in cuts if c <= start)
    right = min(c for c in cuts if c >= end)
    piece = _norm(line[left:right]).strip(" .,;:!?'’\"")
    return bool(piece) and piece in corpus


def _written_lines(text: str, before: str | None) -> set[int] | None:
    """The line numbers vaultkit wrote: all of a new file, or the lines it added to one."""
    if before is None:
        return None
    old, new = before.splitlines(), text.splitlines()
    written: set[int] = set()
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("insert", "replace"):
            written.update(range(j1 + 1, j2 + 1))
    return written


def golden_hits(case_name: str) -> list[Hit]:
    case = FIXTURES / case_name
    source = _input_of(case)
    inputs = {p.relative_to(source).as_posix(): _read(p) for p in source.rglob("*") if p.is_file()}
    corpus = "\n".join(
        _norm(line) for text in inputs.values() if text for line in _quotable(text).splitlines()
    )
    outputs = [
        (
            f"{case_name}/expected/{p.relative_to(case / 'expected').as_posix()}",
            p,
            inputs.get(p.relative_to(case / "expected").as_posix()),
        )
        for p in sorted((case / "expected").rglob("*"))
        if p.suffix in TEXT_SUFFIXES
    ]
    if (case / "brief.html").is_file():
        outputs.append((f"{case_name}/brief.html", case / "brief.html", None))
    hits = []
    for where, path, before in outputs:
        text = _read(path)
        if text is None or text == before:
            continue
        visible = _visible(path, text)
        written = _written_lines(text, before)
        for n, line in enumerate(visible.splitlines(), 1):
            if written is not None and n not in written:
                continue
            for start, end, word in hits_in_line(line):
                if not _quotes_the_person(line, start, end, corpus):
                    hits.append(Hit(where, n, start + 1, word, line.replace("\x00", " ")))
    return hits


def test_the_person_s_own_words_are_theirs():
    corpus = _norm("- [ ] It made it worse, and I should have said no. #next #work\nfailed again")
    line = "- [ ] It made it worse, and I should have said no. #work — [[2026-11-13]]"
    for start, end, _ in hits_in_line(line):
        assert _quotes_the_person(line, start, end, corpus)
    phrase = '- "should have said no" — 2 entries: [[2026-11-13]], [[2026-11-18]]'
    assert all(_quotes_the_person(phrase, s, e, corpus) for s, e, _ in hits_in_line(phrase))
    # vaultkit's own words around a number are not the person's, even when they wrote the word.
    ours = "- thought records: 1, distress 75 → 45, worse than the week before"
    assert [w for s, e, w in hits_in_line(ours) if not _quotes_the_person(ours, s, e, corpus)] == [
        "distress",
        "worse",
    ]


@pytest.mark.parametrize("name", CASES)
def test_what_vaultkit_wrote_into_a_golden_vault_uses_kind_plain_words(name):
    hits = golden_hits(name)
    assert not hits, "\n" + report(hits)
