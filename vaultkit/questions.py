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

Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .markdown_scan import prose_lines
from .note import split_frontmatter

__all__ = ["Questions", "choose_question", "choose_questions", "parse_questions", "question_line"]

PERSON, ANYTHING = "person", "anything"
STANDARD_SECTIONS = ("emotion", "body", "should", PERSON, ANYTHING)


@dataclass(frozen=True)
class Questions:
    sections: dict[str, tuple[str, ...]]  # "emotion" -> questions, in file order
    cues: dict[str, tuple[str, ...]]  # "emotion" -> cue words/phrases, lower-case


# --- the list -------------------------------------------------------------------------------

_SECTION = re.compile(r"##\s+(.*\S)")
_CUES = re.compile(r"cues\s*:(.*)", re.IGNORECASE)
_ITEM = re.compile(r"[-*+]\s+(.*\S)")


def _normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())


def parse_questions(text: str) -> Questions:
    """Read an ask.md; unknown sections are kept, missing standard ones are empty.

    Questions before any ``## section`` go to "anything", so a plain list of
    questions (like the other prompt files) still works.
    """
    sections: dict[str, list[str]] = {name: [] for name in STANDARD_SECTIONS}
    cues: dict[str, list[str]] = {name: [] for name in STANDARD_SECTIONS}
    current = ANYTHING
    for raw in text.splitlines():
        line = raw.strip()
        if heading := _SECTION.fullmatch(line):
            current = _normal(heading.group(1))
            sections.setdefault(current, [])
            cues.setdefault(current, [])
        elif found := _CUES.fullmatch(line):
            cues[current].extend(c for c in map(_normal, found.group(1).split(",")) if c)
        elif item := _ITEM.fullmatch(line):
            sections[current].append(item.group(1))
    return Questions({k: tuple(v) for k, v in sections.items()},
                     {k: tuple(dict.fromkeys(v)) for k, v in cues.items()})


# --- finding the nearest cue ----------------------------------------------------------------

# Lookarounds rather than \b: "_" must not glue a word to emphasis, and an apostrophe
# followed by a letter ("shouldn't") must.
_WORD_START = r"(?<![^\W_])(?<![^\W_]')"
_WORD_END = r"(?!'?[^\W_])"
_LINK = re.compile(r"!?\[\[([^\[\]]*)\]\]")
_TRIGGER = re.compile(r"\{\{[^{}]*\}\}")
_DATE = re.compile(r"\d{4}-(?:\d{2}-\d{2}|W\d{2})(?!\d)")
_FILE = re.compile(r"\.(?!md$)[A-Za-z0-9]{1,5}$", re.IGNORECASE)


def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so "lump in my throat" wins over "throat" where both start.
    phrases = (r"\s+".join(map(re.escape, cue.split())) for cue in sorted(cues, key=len, reverse=True))
    # The first characters of the cues, tested first: most characters of a line start no cue,
    # and trying fifty cues at each of them made a long line slow.
    first = "".join(sorted({re.escape(cue.split()[0][0]) for cue in cues if cue.split()}))
    return re.compile(rf"(?=[{first}]){_WORD_START}(?:{'|'.join(phrases)}){_WORD_END}",
                      re.IGNORECASE)


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
        parts += (prose[done:link.start()], " " * (link.end() - link.start()))
        done = link.end()
        cue = None if link.group().startswith("!") else _person(link.group(1))
        if cue and (best is None or (link.start(), 0) > best):
            best, found = (link.start(), 0), (PERSON, cue)
    words = "".join(parts) + prose[done:] if parts else prose
    for name, pattern in patterns.items():
        last = None
        for last in pattern.finditer(words):
            pass
        # A later start wins; where two start together, the longer phrase.
        if last and (best is None or (last.start(), len(last.group())) > best):
            best, found = (last.start(), len(last.group())), (name, _normal(last.group()))
    return found


def _nearest_cue(lines: Sequence[str], trigger_line: int, questions: Questions) -> tuple[str, str] | None:
    _, body_start = split_frontmatter(list(lines))
    patterns = {name: _cue_pattern(cues) for name, cues in questions.cues.items() if cues}
    above = prose_lines(list(lines[body_start:trigger_line]))
    for prose in reversed(above):
        if found := _line_cue(prose, patterns):
            return found
    return None


def choose_question(lines: Sequence[str], trigger_line: int, day: dt.date, questions: Questions) -> str:
    """The question for the ``{{ask}}`` at ``lines[trigger_line]``; "" when the list has none.

    The nearest cue above decides the section (no cue: "anything"; an empty
    section: "anything" too).  Within it, crc32 of "day|cue" picks the
    question, so a rerun on the same day never changes it.
    """
    return _question(_nearest_cue(lines, trigger_line, questions), day, questions)


def choose_questions(lines: Sequence[str], trigger_lines: Iterable[int], day: dt.date,
                     questions: Questions) -> dict[int, str]:
    """``choose_question`` for every trigger line of one note, reading the note once.

    Asking ``choose_question`` once per trigger reads everything above each
    one again: quadratic in a note with many triggers.
    """
    wanted = sorted(set(trigger_lines))
    if not wanted:
        return {}
    _, body_start = split_frontmatter(list(lines))
    patterns = {name: _cue_pattern(cues) for name, cues in questions.cues.items() if cues}
    # Each line's last cue, top down; a trigger takes the nearest one above it.
    above = prose_lines(list(lines[body_start:wanted[-1]]))
    nearest: tuple[str, str] | None = None
    chosen: dict[int, str] = {}
    index = body_start
    for trigger in wanted:
        while index < min(trigger, body_start + len(above)):
            nearest = _line_cue(above[index - body_start], patterns) or nearest
            index += 1
        chosen[trigger] = _question(nearest if trigger > body_start else None, day, questions)
    return chosen


def _line_cue(prose: str, patterns: dict[str, re.Pattern[str]]) -> tuple[str, str] | None:
    prose = _TRIGGER.sub(lambda m: " " * len(m.group()), prose).replace("\u2019", "'")
    return _last_cue(prose, patterns)


def _question(found: tuple[str, str] | None, day: dt.date, questions: Questions) -> str:
    section, cue = found or (ANYTHING, "")
    pool = questions.sections.get(section) or questions.sections.get(ANYTHING) or ()
    if not pool:
        return ""
    question = pool[zlib.crc32(f"{day.isoformat()}|{cue}".encode()) % len(pool)]
    # "anything" questions should not use {cue}; if one does with nothing found, keep it readable.
    return question.replace("{cue}", cue or "it")


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
