"""The next question: one follow-up for a line that is exactly ``{{ask}}``.

The question comes from a curated list (``templates/prompts/ask.md``, or the
person's own copy) and is picked by the nearest thing the entry above the
trigger names: an emotion word, a person's ``[[link]]``, a "should", a body
sensation.  It only ever invites description; what it means is the writer's.

Matching decisions:

* Cues are whole words, case-insensitive; a multi-word cue allows any
  whitespace between its words.  Letters and digits are word characters, and
  so is an apostrophe between letters: "should" does not match inside
  "shouldn't" (which is a cue of its own), "sad" does not match "sadly", but
  "_sad_", "'sad'" and "#sad" all hold "sad".  Curly apostrophes count as
  straight ones.
* Words inside a ``[[link]]`` or ``![[embed]]`` are not cues: a link is one
  mention, of a person, or of nothing at all.
* A person is a ``[[link]]`` (not an embed) whose target's last path part is
  not a date (``2026-11-20``, ``2026-W47``, or a name starting with one) and
  not a file with an extension other than ``.md``.
* Only prose counts: frontmatter, code, math, ``%%`` and HTML comments and
  other ``{{...}}`` triggers are skipped (``markdown_scan.prose_lines``).

A question never digs into a crisis: the lines above the trigger are read for
a risk statement first (risk.py), and when one is there the answer is
``SUPPORT``, and the caller puts the support callout (support.py) where the
question would go.

Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from vaultkit.text.markdown_scan import HEADING, prose_lines
from vaultkit.text.note_metadata import split_frontmatter
from vaultkit.text.risk import TRIGGER_SPAN, WINDOW, Risk, compiled_risk, read_for_risk, risk_window

__all__ = [
    "SUPPORT",
    "SUPPORT_SECTION",
    "Questions",
    "choose_question",
    "choose_questions",
    "keep_support",
    "parse_questions",
    "question_line",
]

PERSON, ANYTHING = "person", "anything"
STANDARD_SECTIONS = ("emotion", "body", "should", PERSON, ANYTHING)
SUPPORT_SECTION = "support"  # risk phrases: support in place of a question, never a question
# What choose_question gives for a risk statement.  Never a question: every question is one line.
SUPPORT = "\n{support}\n"


@dataclass(frozen=True)
class Questions:
    sections: dict[str, tuple[str, ...]]  # "emotion" -> questions, in file order
    cues: dict[str, tuple[str, ...]]  # "emotion" -> cue words/phrases, lower-case
    # "support" -> phrases whose match cancels a cue match it shares a word with
    exceptions: dict[str, tuple[str, ...]] = field(default_factory=dict)


# --- the list -------------------------------------------------------------------------------

_SECTION = re.compile(r"##\s+(.*\S)")
_CUES = re.compile(r"cues\s*:(.*)", re.IGNORECASE)
_EXCEPT = re.compile(r"except\s*:(.*)", re.IGNORECASE)
_ITEM = re.compile(r"[-*+]\s+(.*\S)")


def _normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())


def parse_questions(text: str) -> Questions:
    """Read an ask.md; unknown sections are kept, missing standard ones are empty.

    Questions before any ``## section`` go to "anything", so a plain list of
    questions (like the other prompt files) still works.  A list without a
    ``## support`` section has no "support" key at all (see keep_support).
    """
    sections: dict[str, list[str]] = {name: [] for name in STANDARD_SECTIONS}
    cues: dict[str, list[str]] = {name: [] for name in STANDARD_SECTIONS}
    exceptions: dict[str, list[str]] = {}
    current = ANYTHING
    for raw in text.splitlines():
        line = raw.strip()
        if heading := _SECTION.fullmatch(line):
            current = _normal(heading.group(1))
            sections.setdefault(current, [])
            cues.setdefault(current, [])
        elif found := _CUES.fullmatch(line):
            cues[current].extend(c for c in map(_normal, found.group(1).split(",")) if c)
        elif found := _EXCEPT.fullmatch(line):
            exceptions.setdefault(current, []).extend(
                c for c in map(_normal, found.group(1).split(",")) if c
            )
        elif item := _ITEM.fullmatch(line):
            sections[current].append(item.group(1))
    return Questions(
        {k: tuple(v) for k, v in sections.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in cues.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in exceptions.items()},
    )


def keep_support(questions: Questions, builtin: Questions) -> Questions:
    """``questions`` with the built-in risk phrases when it has no ``## support`` section.

    A person's own ask.md replaces the built-in one as a whole, and one copied before the
    section existed (or with it left out) must not turn support off unnoticed; a
    ``## support`` section of their own, even an empty one, is theirs to keep.
    """
    if SUPPORT_SECTION in questions.cues:
        return questions
    cues = {**questions.cues, SUPPORT_SECTION: builtin.cues.get(SUPPORT_SECTION, ())}
    exceptions = {
        **questions.exceptions,
        SUPPORT_SECTION: builtin.exceptions.get(SUPPORT_SECTION, ()),
    }
    return Questions(questions.sections, cues, exceptions)


# --- finding the nearest cue ----------------------------------------------------------------

# Lookarounds rather than \b: "_" must not glue a word to emphasis, and an apostrophe
# followed by a letter ("shouldn't") must.
_WORD_START = r"(?<![^\W_])(?<![^\W_]')"
_WORD_END = r"(?!'?[^\W_])"
_LINK = re.compile(r"!?\[\[([^\[\]]*)\]\]")
_DATE = re.compile(r"\d{4}-(?:\d{2}-\d{2}|W\d{2})(?!\d)")
_FILE = re.compile(r"\.(?!md$)[A-Za-z0-9]{1,5}$", re.IGNORECASE)


def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so "lump in my throat" wins over "throat" where both start.
    phrases = (
        r"\s+".join(map(re.escape, cue.split())) for cue in sorted(cues, key=len, reverse=True)
    )
    # The first characters of the cues, tested first: most characters of a line start no cue,
    # and trying fifty cues at each of them made a long line slow.
    first = "".join(sorted({re.escape(cue.split()[0][0]) for cue in cues if cue.split()}))
    return re.compile(
        rf"(?=[{first}]){_WORD_START}(?:{'|'.join(phrases)}){_WORD_END}", re.IGNORECASE
    )


def _person(inner: str) -> str | None:
    """The link as a cue (``[[Target]]`` or ``[[Target|alias]]``), or None if it names no person."""
    target, _, alias = inner.replace("\\|", "|").partition("|")
    target = target.partition("#")[0].strip()  # a heading or block in the note is still the note
    last = target.rsplit("/", 1)[-1].strip()
    if not last or _DATE.match(last) or _FILE.search(last):
        return None
    alias = " ".join(alias.split())
    return f"[[{target}|{alias}]]" if alias else f"[[{target}]]"


def _last_cue(prose: str, patterns: dict[str, re.Pattern[str]]) -> tuple[str, str] | None:
    """(section, cue) of the cue that starts last on the line, the one nearest the trigger."""
    best: tuple[int, int] | None = None
    found: tuple[str, str] | None = None
    # The line with its links blanked, built once: blanking one link at a time copied the
    # whole line per link (quadratic in a line of links).
    parts: list[str] = []
    done = 0
    for link in _LINK.finditer(prose):
        parts += (prose[done : link.start()], " " * (link.end() - link.start()))
        done = link.end()
        cue = None if link.group().startswith("!") else _person(link.group(1))
        if cue and (best is None or (link.start(), 0) > best):
            best, found = (link.start(), 0), (PERSON, cue)
    words = "".join(parts) + prose[done:] if parts else prose
    for name, pattern in patterns.items():
        last = None
        for last in pattern.finditer(words):  # noqa: B007 - the last match is the one wanted
            pass
        # A later start wins; where two start together, the longer phrase.
        if last and (best is None or (last.start(), len(last.group())) > best):
            best, found = (last.start(), len(last.group())), (name, _normal(last.group()))
    return found


def _patterns(questions: Questions) -> dict[str, re.Pattern[str]]:
    # The support section's phrases are read by _Risk, never as the cue of a question.
    return {
        name: _cue_pattern(cues)
        for name, cues in questions.cues.items()
        if cues and name != SUPPORT_SECTION
    }


def _nearest_cue(above: Sequence[str], questions: Questions) -> tuple[str, str] | None:
    patterns = _patterns(questions)
    for prose in reversed(above):
        if found := _line_cue(prose, patterns):
            return found
    return None


def choose_question(
    lines: Sequence[str], trigger_line: int, day: dt.date, questions: Questions
) -> str:
    """The question for the ``{{ask}}`` at ``lines[trigger_line]``; "" when the list has none;
    ``SUPPORT`` when the lines above read as a risk statement.

    The nearest cue above decides the section (no cue: "anything"; an empty
    section: "anything" too).  Within it, crc32 of "day|cue" picks the
    question, so a rerun on the same day never changes it.
    """
    _, body_start = split_frontmatter(list(lines))
    above = prose_lines(list(lines[body_start:trigger_line]))
    risk = _risk(questions)
    if risk is not None and risk.found(risk_window(above, len(above)), above, {}, {}):
        return SUPPORT
    return _question(_nearest_cue(above, questions), day, questions)


def choose_questions(
    lines: Sequence[str], trigger_lines: Iterable[int], day: dt.date, questions: Questions
) -> dict[int, str]:
    """``choose_question`` for every trigger line of one note, reading the note once.

    Asking ``choose_question`` once per trigger reads everything above each
    one again: quadratic in a note with many triggers.  The lines read for a
    risk statement are split into words once each, and a window met again
    (above the next of a run of triggers) is not read again.
    """
    wanted = sorted(set(trigger_lines))
    if not wanted:
        return {}
    _, body_start = split_frontmatter(list(lines))
    patterns = _patterns(questions)
    risk = _risk(questions)
    # Each line's last cue, top down; a trigger takes the nearest one above it.
    above = prose_lines(list(lines[body_start : wanted[-1]]))
    nearest: tuple[str, str] | None = None
    chosen: dict[int, str] = {}
    tokens: dict[int, list[frozenset[str]]] = {}
    memo: dict[str, frozenset[str]] = {}
    windows: dict[tuple[int, ...], bool] = {}
    # The lines a risk statement is read in, kept up to date going down: looking back from
    # each trigger instead would cross the same run of blank lines again for every one.
    recent: deque[int] = deque(maxlen=WINDOW)
    index = body_start
    for trigger in wanted:
        while index < min(trigger, body_start + len(above)):
            prose = above[index - body_start]
            nearest = _line_cue(prose, patterns) or nearest
            if read_for_risk(prose):
                if HEADING.match(prose):
                    recent.clear()
                recent.append(index - body_start)
            index += 1
        if risk is not None and trigger > body_start:
            window = tuple(reversed(recent))
            if window not in windows:
                windows[window] = risk.found(window, above, tokens, memo)
            if windows[window]:
                chosen[trigger] = SUPPORT
                continue
        chosen[trigger] = _question(nearest if trigger > body_start else None, day, questions)
    return chosen


def _line_cue(prose: str, patterns: dict[str, re.Pattern[str]]) -> tuple[str, str] | None:
    prose = TRIGGER_SPAN.sub(lambda m: " " * len(m.group()), prose).replace("\u2019", "'")
    return _last_cue(prose, patterns)


def _question(found: tuple[str, str] | None, day: dt.date, questions: Questions) -> str:
    section, cue = found or (ANYTHING, "")
    pool = questions.sections.get(section) or questions.sections.get(ANYTHING) or ()
    if not pool:
        return ""
    question = pool[zlib.crc32(f"{day.isoformat()}|{cue}".encode()) % len(pool)]
    # "anything" questions should not use {cue}; if one does with nothing found, keep it readable.
    return question.replace("{cue}", cue or "it")


def _risk(questions: Questions) -> Risk | None:
    cues = questions.cues.get(SUPPORT_SECTION, ())
    if not cues:
        return None
    return compiled_risk(cues, questions.exceptions.get(SUPPORT_SECTION, ()))


# --- writing it -----------------------------------------------------------------------------

# A link, left as it stands, or a character to escape: one pass over the line, rather than a
# substitution for every piece between links.
_LINK_OR_ESCAPE = re.compile(r"(\[\[[^\[\]]*\]\])|[\\*_]")


def question_line(question: str) -> str:
    """The Markdown line that replaces the trigger: the question in italics.

    ``\\``, ``*`` and ``_`` are escaped so they cannot end the italics early or
    start emphasis of their own (but not inside a ``[[link]]``, which Obsidian
    reads as it stands).  Every ``{`` is escaped too: ``\\{`` shows as ``{``,
    and the line can never hold ``{{`` and so never becomes a trigger again.
    "" for an empty question, so the caller leaves the trigger alone.
    """
    text = " ".join(question.split())  # one line, whatever the list held
    if not text:
        return ""
    text = _LINK_OR_ESCAPE.sub(lambda m: m.group(1) or "\\" + m.group(), text)
    return "*" + text.replace("{", "\\{") + "*"
