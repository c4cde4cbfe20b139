"""Every scanner is linear: no regular expression or loop whose time grows faster than its input.

The class of bug this guards against: a pattern (or a find-the-closer loop) that, when it fails,
rescans to the end of the input from each of many start positions.  An alternative like
`!?\\[\\[[^\\]\\n]*\\]\\]` tried from every "[[" of a line with no "]]", or `(`+)[^\\n]*?\\1`
from every backtick, costs (number of openers) x (length): a 4 MB note of "[[" took hours.
Lazy `.*?` before `\\s*$`, and two quantifiers in a row over the same characters, are the same
bug in a smaller disguise (quadratic, or worse, in a run of spaces or underscores).  So is a
loop that, for each of many things in a note, reads the whole note again.

Each function that reads a person's text is fed each adversarial token repeated to 1 KB, 16 KB
and 256 KB (`VAULTKIT_FUZZ=1`: 256 bytes, 4 KB, 64 KB and 1 MB), as one line and as 80-character
lines.  Each step is 16 times longer, so a linear function takes about 16 times as long, a
quadratic one 256 times: the ratio of CPU times (time.process_time, best of three for the
shorter input) must stay under 64.  The small steps are there so quadratic (or cubic) code fails
in seconds instead of running for hours: a run is stopped as soon as its CPU time proves the
ratio too high.  Ratios are not judged when the longer run takes under 50 ms (too short to
measure); 256 KB is enough for that: quadratic in 3,300 lines or 128,000 openers is seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import itertools
import os
import signal
import string
import time
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from vaultkit.app import adding
from vaultkit.render import brief_html as brief
from vaultkit.render import placeholders
from vaultkit.settings.config import Config
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.text import (
    block_markers,
    blocks,
    edits,
    expansion,
    markdown_scan,
    moment,
    plain_yaml,
    tags_links,
)
from vaultkit.text.note import Note, parse_note
from vaultkit.text.phrases import note_phrases, template_phrases
from vaultkit.text.private_passages import private_passage_lines
from vaultkit.text.questions import (
    choose_question,
    choose_questions,
    parse_questions,
    question_line,
)
from vaultkit.text.ratings import read_rating
from vaultkit.text.recurring_phrases import repeated_phrases
from vaultkit.text.sections import section_list_items

SIZES = (
    (256, 4 * 1024, 64 * 1024, 1024 * 1024)
    if os.environ.get("VAULTKIT_FUZZ")
    else (1024, 16 * 1024, 256 * 1024)
)
STEP = 16  # each size is this many times the one before
LIMIT = 64  # linear is about STEP, quadratic about STEP ** 2
FLOOR = 0.05  # seconds: a longer run faster than this says nothing either way
LINE = 80

T = TypeVar("T")
CONFIG = Config()
DAY = dt.date(2026, 11, 20)
MTIME = 1793880000.0
ASK = parse_questions((builtin_templates_dir() / "prompts" / "ask.md").read_text(encoding="utf-8"))

# (id, token, tail): the token repeated, then the tail once (at the end of the one line, or of
# every line).  A tail ends a run of spaces with something that is not a space, which is what
# makes `.*?\s*$` or `\s*(?:x\s*)*\s*` backtrack.
TOKENS = [
    ("open-link", "[[", ""),
    ("close-link", "]]", ""),
    ("hash", "#", ""),
    ("tag", "#a ", ""),
    ("lt", "<", ""),
    ("tag-open", "<a ", ""),
    ("comment-open", "<!--", ""),
    ("tick", "`", ""),
    ("ticks", "``", ""),
    ("jinja", "{{", ""),
    ("jinja-block", "{%", ""),
    ("percent", "%%", ""),
    ("dollar", "$", ""),
    ("dollars", "$$", ""),
    ("star", "*", ""),
    ("underscore", "_", ""),
    ("bracket", "[", ""),
    ("paren", "(", ""),
    ("colons", "::", ""),
    ("field", "[x:: ", ""),
    ("url", "http://", ""),
    ("backslash", "\\", ""),
    ("rule", "---\n", ""),
    ("task", "- [ ] ", ""),
    ("quote", "> ", ""),
    ("link-a", "[[a", ""),
    ("mixed", "a #b [[c", ""),
    # Closed links and embeds, a Markdown link, a block id, inline math and a date placeholder
    # with no end.
    ("mixed-closed", "[[a]] ![[b]] [c]( ^d $e {{date:", ""),
    ("spaces", " ", "x"),
    ("words", "a ", "x"),
]


@functools.cache
def adversarial(token: str, tail: str, size: int, lines: bool) -> str:
    """`size` characters of `token` repeated: one line, or lines of LINE characters."""
    if not lines:
        body = size - len(tail)
        return (token * (body // len(token) + 1))[:body] + tail
    width = LINE - 1 - len(tail)  # the "\n" ends each line
    line = (token * (width // len(token) + 1))[:width] + tail
    return "\n".join([line] * (size // LINE))


# --- the readers ----------------------------------------------------------------------------
# Each is (prepare, call): `prepare` turns the adversarial text into the function's input
# (untimed), `call` is the function under test, which is timed.


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _wrapped(text: str, wraps: tuple[tuple[str, str], ...]) -> str:
    """The text's lines, each between the next (prefix, suffix) of `wraps` in turn, so one
    run puts every line reader of a function to work.  A text of one line is cut into as many
    lines as there are wraps first: each of them still meets a long line."""
    lines = text.split("\n")
    if len(lines) == 1:
        size = -(-len(text) // len(wraps))
        lines = [text[i : i + size] for i in range(0, len(text), size)]
    return "\n".join(
        f"{before}{line}{after}" for (before, after), line in zip(itertools.cycle(wraps), lines)
    )


# As the text itself, then as what each of parse_note's line readers reads: an agenda item
# (with a block id), an inline field, a whole-line field, a mood and a trigger.
NOTE_LINES = (
    ("", ""),
    ("- [ ] #next ", " ^id"),
    ("[emotion:: ", "] x"),
    ("emotion:: a", " b"),
    ("mood:: 5", ""),
    ("{{ a", " }}"),
)
# As the text itself, in a list item behind a box, and after a word.
PHRASE_LINES = (("", ""), ("- [ ] ", ""), ("word ", ""))
# A session note's section: list items, headings, other lines.
SECTION_LINES = (("- ", ""), ("## ", " #"), ("", ""))
TASK_LINES = (("", ""), ("- [ ] a", ""))


def _note(data: bytes) -> Note:
    return parse_note("Journal/2026-11-20.md", data, MTIME, CONFIG.note_rules)


def _keyed(text: str) -> str:
    return "\n".join(f"k{i}: x{line}x" for i, line in enumerate(text.split("\n")))


def _asked(text: str) -> list[str]:
    return [*text.split("\n"), "{{ask}}"]


_SESSION = parse_note(f"{CONFIG.sessions_folder}/2026-11-20.md", b"", MTIME, CONFIG.note_rules)


def _session(text: str) -> Note:
    # The section readers read a session note's lines (parse_note keeps them for those).
    lines = ("# Plan", *_wrapped(text, SECTION_LINES).split("\n"))
    return dataclasses.replace(_SESSION, lines=lines)


def _last_line(data: bytes) -> tuple[bytes, int]:
    return data, data.count(b"\n")


def _per_line(fn: Callable[[str], object]) -> Callable[[list[str]], object]:
    return lambda lines: [fn(line) for line in lines]


def _same(text: str) -> str:
    return text


# Characters choose_question's own patterns react to (links, triggers, cue words, the
# frontmatter fence); the rest of what it reads is prose_lines, tested on every token.
_CUE_CHARACTERS = string.ascii_letters + "[{-! \t"

Reader = tuple[Callable[[str], Any], Callable[[Any], object], str | None]

# name -> (prepare, call, which tokens): None for every token, else only the tokens holding
# one of these characters, where a function adds only their handling to what is tested
# elsewhere.
READERS: dict[str, Reader] = {
    "prose_lines": (_lines, markdown_scan.prose_lines, None),
    "line_tags": (_lines, _per_line(tags_links.line_tags), None),
    "line_wikilinks": (_lines, _per_line(tags_links.line_wikilinks), None),
    # The whole note: tags, links, fields, items, moods, triggers.
    "parse_note": (lambda text: _wrapped(text, NOTE_LINES).encode(), _note, None),
    # The frontmatter: plain_mapping, or PyYAML where it is not plain.
    "parse_note-frontmatter": (
        lambda text: f"---\n{_keyed(text)}\n---\nbody\n".encode(),
        _note,
        None,
    ),
    "section_list_items": (_session, lambda note: section_list_items(note, "Plan"), None),
    "note_phrases": (lambda text: _wrapped(text, PHRASE_LINES), note_phrases, None),
    # Inside an HTML block a line is the person's words with its tags taken out (read_entry).
    "note_phrases in an HTML block": (lambda text: f"<div>\n{text}\n", note_phrases, "<"),
    # Beyond note_phrases: template syntax, which opens with "{" or "<%".
    "template_phrases": (lambda text: [text], template_phrases, "{<"),
    "choose_question": (
        _asked,
        lambda lines: choose_question(lines, len(lines) - 1, DAY, ASK),
        _CUE_CHARACTERS,
    ),
    "choose_questions": (
        _asked,
        lambda lines: choose_questions(lines, range(0, len(lines), 2), DAY, ASK),
        _CUE_CHARACTERS,
    ),
    "parse_questions": (_same, parse_questions, None),
    "question_line": (_same, question_line, None),
    "plain_mapping": (_same, plain_yaml.plain_mapping, None),
    "plain_mapping-values": (_keyed, plain_yaml.plain_mapping, None),
    "plain_mapping-list": (
        lambda text: "k:\n" + "\n".join(f"- x{line}" for line in text.split("\n")),
        plain_yaml.plain_mapping,
        None,
    ),
    "parse_moment": (_same, lambda text: moment.parse_moment(text, CONFIG.daily_format), None),
    "parse_moment-prefix": (
        _same,
        lambda text: moment.parse_moment(text, "YYYY-MM-DD", prefix=True),
        None,
    ),
    # A format is configuration (compiled once, cached) and cannot be long in practice: only
    # format_moment, which templates call with any {{date:FORMAT}}, reads a long one here.
    "format_moment": (_same, lambda text: moment.format_moment(DAY, text), None),
    "translate_placeholders": (_same, placeholders.translate_placeholders, None),
    "strip_frontmatter": (lambda text: f"---\n{text}", expansion.strip_frontmatter, None),
    "set_mark": (
        lambda text: _last_line(f"- [ ] {text}".encode()),
        lambda given: edits.set_mark(*given, "x"),
        None,
    ),
    "line_span": (
        lambda text: _last_line(text.encode()),
        lambda given: edits.line_span(*given),
        None,
    ),
    "BlockNote.parse": (str.encode, lambda data: blocks.BlockNote.parse("Agenda.md", data), None),
    "BlockNote.parse-markers": (
        lambda text: f"{block_markers.BEGIN}\n{text}\n{block_markers.END}\n".encode(),
        lambda data: blocks.BlockNote.parse("Agenda.md", data),
        None,
    ),
    "replace_lines": (
        lambda text: text.encode(),
        lambda data: edits.replace_lines(data, {i: "x" for i in range(0, data.count(b"\n"), 2)}),
        None,
    ),
    "set_marks": (
        lambda text: "\n".join(f"- [ ] {line}" for line in text.split("\n")).encode(),
        lambda data: edits.set_marks(data, dict.fromkeys(range(data.count(b"\n")), "x")),
        None,
    ),
    "brief._strip_comments": (_same, brief._strip_comments, None),
    # blocks.normal reads lines with the same pattern.
    "blocks.checkbox": (
        lambda text: _lines(_wrapped(text, TASK_LINES)),
        _per_line(blocks.checkbox),
        None,
    ),
    # What the first hour added: closing what a page leaves open before `add`, the add itself,
    # the section a trigger sits in, a template fitted under it, private passages, a rating.
    "closer_at_end": (_lines, markdown_scan.closer_at_end, None),
    "appended": (str.encode, lambda data: adding.appended(data, "- 09:00 a line #next\n"), None),
    "section_levels": (
        _lines,
        lambda lines: expansion.section_levels(lines, 0, range(0, len(lines), 3)),
        None,
    ),
    "fit": (_same, lambda text: expansion.fit(text, 2), None),
    "private_passage_lines": (_lines, private_passage_lines, None),
    "read_rating": (_same, lambda text: read_rating(text, 1, 10), None),
}
# Which shapes each reader is fed, where not both.  A function called on one line at a time
# learns nothing from many short lines; question_line makes one line of whatever it is
# given, and a format's line breaks are characters like any other; choose_questions is
# choose_question for many triggers, one a line.
ONE_LINE = ("one-line",)
SHAPES = {
    "line_tags": ONE_LINE,
    "line_wikilinks": ONE_LINE,
    "blocks.checkbox": ONE_LINE,
    "question_line": ONE_LINE,
    "format_moment": ONE_LINE,
    "choose_question": ONE_LINE,
    "choose_questions": ("lines",),
}

# Known super-linear cases, each with its fix, marked xfail until fixed (none now).
KNOWN: dict[tuple[str, str, str], str] = {}


# What many short lines can show that one long line cannot is a bug in what a reader carries
# from line to line: code fences, math blocks, comments, HTML blocks, frontmatter, lists,
# quotes, headings, indented code, fields, template tags.  Tokens that open none of those
# (links, brackets, URLs, escapes, "_") are fed as one line only.
SPANNING = "`$<%->{ #*:"


def _cases():
    for reader, (_, _, only) in READERS.items():
        for token in TOKENS:
            if only is not None and not any(c in token[1] for c in only):
                continue
            shapes = SHAPES.get(reader, ("one-line", "lines"))
            if "\n" in token[1]:
                shapes = shapes[:1]  # many lines either way
            elif not any(c in token[1] for c in SPANNING):
                shapes = tuple(shape for shape in shapes if shape == "one-line") or shapes
            for shape in shapes:
                marks = ()
                if (reason := KNOWN.get((reader, token[0], shape))) is not None:
                    marks = (pytest.mark.xfail(reason=reason, strict=False),)
                yield pytest.param(
                    reader, token, shape, marks=marks, id=f"{reader}-{token[0]}-{shape}"
                )


# --- timing ----------------------------------------------------------------------------------


class _OverBudget(Exception):
    pass


_deadline: float | None = None  # the process_time() at which the run under way is stopped


def _stop(signum, frame):
    # SIGALRM counts wall time, which passes at least as fast as this process's CPU time:
    # until the CPU time is spent, wait for the rest.  (A CPU-time timer, ITIMER_PROF, would
    # be more direct, but while one is armed this kernel updates process_time() only now and
    # then, so short runs measured right after one came out as taking no time at all.)
    if _deadline is None:
        return
    left = _deadline - time.process_time()
    if left <= 0:
        raise _OverBudget
    signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def cpu_seconds(fn: Callable[[T], object], given: T, budget: float | None = None) -> float:
    """The CPU time of fn(given); once it passes `budget` the call is stopped (Python code and
    the re engine both stop for a signal)."""
    global _deadline
    gc.disable()  # a collection now would charge this call for the garbage of earlier ones
    previous = signal.signal(signal.SIGALRM, _stop)
    start = time.process_time()
    try:
        try:
            if budget is not None:
                _deadline = start + budget
                signal.setitimer(signal.ITIMER_REAL, budget)
            fn(given)
        finally:
            _deadline = None
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _OverBudget:
        pass
    finally:
        signal.signal(signal.SIGALRM, previous)
        gc.enable()
    return time.process_time() - start


def growth(fn: Callable[[T], object], make: Callable[[int], T]) -> str | None:
    """The first step whose time grew too fast, described; None when every step looks linear.
    `make(size)` is the input of each size."""
    small_time = min(cpu_seconds(fn, make(SIZES[0])) for _ in range(3))
    for small, big in itertools.pairwise(SIZES):
        given = make(big)
        # Past this the ratio is too high however long the rest would take: stop there.
        budget = max(LIMIT * small_time, FLOOR)
        big_time = cpu_seconds(fn, given, budget)
        if big_time >= FLOOR and big_time >= LIMIT * small_time:
            # Once more, in case something else took the CPU's caches meanwhile.
            big_time = min(big_time, cpu_seconds(fn, given, budget))
        if big_time >= FLOOR and big_time >= LIMIT * small_time:
            stopped = " (stopped there)" if big_time >= budget else ""
            return (
                f"{small:,} -> {big:,}: {small_time:.4f} s -> {big_time:.3f} s"
                f"{stopped}, ratio >= {big_time / max(small_time, 1e-9):.0f}"
                f" (linear ~{STEP}, quadratic ~{STEP**2})"
            )
        if big != SIZES[-1]:
            small_time = min([big_time] + [cpu_seconds(fn, given) for _ in range(2)])
    return None


@pytest.mark.parametrize(("reader", "token", "shape"), list(_cases()))
def test_time_grows_linearly(reader: str, token: tuple[str, str, str], shape: str):
    _, text, tail = token
    prepare, call, _ = READERS[reader]
    slow = growth(call, lambda size: prepare(adversarial(text, tail, size, shape == "lines")))
    assert slow is None, f"{reader} on {text!r} repeated ({shape}) is super-linear: {slow}"


def _phrase_entries(size: int) -> dict[str, dict[str, str]]:
    """About `size` characters of distinct two-word phrases, none sharing a word, in two
    notes: every one repeated, none hiding another."""
    count = max(size // 16, 1)
    words = [
        f"w{i:x}".translate(str.maketrans("0123456789", "ghijklmnop")) for i in range(2 * count)
    ]
    phrases = {f"{words[2 * i]} {words[2 * i + 1]}": "" for i in range(count)}
    return {"a.md": phrases, "b.md": phrases}


def test_repeated_phrases_grows_linearly():
    """Ranking a vault's phrases checked each one against every one ranked above it."""
    slow = growth(lambda entries: repeated_phrases(entries, limit=8), _phrase_entries)
    assert slow is None, f"repeated_phrases is super-linear in the number of phrases: {slow}"


def _find_the_closer_from_each_opener(text: str) -> None:
    start = text.find("[[")
    while start != -1:
        text.find("]]", start)  # the cheapest quadratic there is: C-speed, from each opener
        start = text.find("[[", start + 2)


def _each_line_against_every_line(text: str) -> None:
    lines = text.split("\n")
    for line in lines:
        lines.count(line)


@pytest.mark.parametrize(
    ("quadratic", "shape"),
    [
        (_find_the_closer_from_each_opener, "one-line"),
        (_find_the_closer_from_each_opener, "lines"),
        (_each_line_against_every_line, "lines"),
    ],
)
def test_the_sizes_are_enough_to_catch_quadratic_code(quadratic, shape):
    # The measure itself, held to the bug it is for: the cheapest quadratic code there is, in
    # openers or in lines, is caught at these sizes.
    slow = growth(quadratic, lambda size: adversarial("[[", "", size, shape == "lines"))
    assert slow is not None
