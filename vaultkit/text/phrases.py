"""The phrases of one note, for the "What repeated" section of the agenda (which of them recur
across notes is recurring_phrases.py).

A phrase is two or three content words in a row inside one clause, once stop-words are set
aside. It is plain counting the person can check by eye: it repeats their own words and
never names a condition or an interpretation.

Reading a note for this (`read_entry`) also tells whether the person wrote in it at all, and
keeps two kinds of text out of the count:

- a line tagged #private is the person's alone: it is not read;
- a thought record's "automatic thoughts" (the hot thought) and "evidence for" sections hold
  the version of a thought the person is working on: their phrases are not counted, only
  noted (`EntryText.worked_on`), so "What repeated" can say where it was worked on instead of
  quoting the thought back as if it were still the last word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from vaultkit.text.markdown_scan import (
    LIST_MARKER,
    heading_level,
    markup_block_lines,
    prose_lines,
)
from vaultkit.text.next_finder import NextFinder
from vaultkit.text.note_lines import split_lines
from vaultkit.text.note_metadata import split_frontmatter
from vaultkit.text.phrase_cleaning import cleaned
from vaultkit.text.private_passages import is_private_line, private_passage_lines
from vaultkit.text.stop_words import FILLER, STOP_WORDS

# After more stop-words than this in a row, the words no longer read as one phrase.
_MAX_STOP_RUN = 3

_CALLOUT = re.compile(r"\s*(?:>\s*)+\[![^\]]*\]")
# What opens a line before its text: quote markers, a list marker, a task box.
_PREFIX = re.compile(rf"\s*(?:>\s?)*\s*(?:{LIST_MARKER}\s+)?(?:\[.\]\s+)?")
# A line that opens with "key::" (perhaps in emphasis). Read as `[*_]*[^\W\d][\w \-/]*[*_]*::`,
# which tried every split of a run of "_" between its parts (cubic in the run): what follows
# the key's first character is matched possessively, and the first character is either the
# one after the leading "*" and "_" or the last "_" among them -- if any split works, the one
# with the shortest rest does, since a shorter rest is a suffix of a longer one.
_FIELD_LINE = re.compile(r"(?:[*_]*+[^\W\d]|(?>[*_]*_))[\w \-/]*+[*_]*+::")

# Template syntax: {{ ... }}, {% ... %}, {# ... #} and <% ... %> (Templater), across lines.
_JINJA_START = re.compile(r"\{[{%#]|<%")
_JINJA_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}", "<%": "%>"}
# A word, or what ends a clause: clause breaks in a row (spaces aside) are one token, read
# once rather than one by one. The line separators other than "\n" end a clause as the end
# of a line does.
_BREAK = r"[.!?;:—–,()\[\]{}|…\"“”«»\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"
_TOKEN = re.compile(rf"(?P<w>[^\W\d_]+(?:'[^\W\d_]+)*)|{_BREAK}(?:\s*{_BREAK})*")


# The headings (any level, numbered or not: "## 3. Automatic thoughts") whose sections hold a
# thought being worked on in a thought record (templates/thought-record.md).
WORKED_HEADINGS = ("automatic thought", "hot thought", "evidence for")
_NUMBERING = re.compile(r"\d+\s*[.):]?\s*")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


@dataclass(frozen=True)
class Boilerplate:
    """What vaultkit itself puts into notes: the templates', prompt lists' and questions' words,
    the threads copied from sessions, the support lines. Never the person's."""

    phrases: frozenset[str] = frozenset()  # phrase keys (note_phrases)
    lines: frozenset[str] = frozenset()  # line keys (_line_key): whole lines, as rendered


@dataclass(frozen=True)
class EntryText:
    """What one note's text says to the counts."""

    phrases: dict[str, str]  # key -> how it was written, as note_phrases gives them
    worked_on: frozenset[str] = frozenset()  # phrase keys in a thought record's worked sections
    # The note holds a line of prose that is not a line of a template, prompt list,
    # question, copied thread or support callout (_has_own_words): the person wrote in it.
    own_words: bool = True


def _worked_heading(line: str) -> tuple[int, bool]:
    """A heading line's level, and whether it opens a section of a thought being worked on."""
    text = line.strip()
    level = len(text) - len(text.lstrip("#"))
    text = text[level:].strip().rstrip("#").strip().strip("*_").lower()
    numbering = _NUMBERING.match(text)
    if numbering:
        text = text[numbering.end() :]
    return level, text.startswith(WORKED_HEADINGS)


# What a line of a note is to the counts (_prose_lines).
_COUNTED, _WORKED, _MARKUP = range(3)
# A tag or a character entity (`&nbsp;`) of HTML: markup, no one's words. A tag holds no "<",
# so each "<" is looked past once, not to the line's end.
_TAG = re.compile(r"<[^<>]*>|&#?\w+;")


def _prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of running prose, without frontmatter, headings, callout titles, field lines,
    line prefixes and lines tagged #private; what is not prose inside a line (code, math,
    comments, HTML: markdown_scan.prose_lines) is a line break, which no phrase runs across.
    Each with what it is: _WORKED when it sits in a section of a thought being worked on
    (WORKED_HEADINGS, which runs to the next heading of its level or above), _MARKUP for the
    text of a line of an HTML or math block (no phrases, but the person's words), else
    _COUNTED."""
    lines = split_lines(text)
    if "%" in text:
        # A private passage is never counted.
        hidden = private_passage_lines(lines)
        if hidden:
            lines = [" " if index in hidden else line for index, line in enumerate(lines)]
    # Unclosed frontmatter is not frontmatter (as in Obsidian): then the text is all prose.
    _, start = split_frontmatter(lines)
    body = lines[start:]
    markup = markup_block_lines(body) if "<" in text or "$" in text else [False] * len(body)
    worked = 0  # the level of the worked section's heading; 0 outside one
    for line, prose, in_markup in zip(body, prose_lines(body, fill="\n"), markup, strict=True):
        if in_markup:
            if not is_private_line(line):
                yield _MARKUP, _TAG.sub(" ", line)
            continue
        if not prose or prose.isspace():
            continue
        if heading_level(prose):
            level, opens = _worked_heading(line)
            if worked and level <= worked:
                worked = 0
            if not worked and opens:
                worked = level
            continue
        if _CALLOUT.match(line):
            continue
        cut = prefix.end() if (prefix := _PREFIX.match(line)) else 0  # it always matches
        if not _FIELD_LINE.match(line, cut) and not is_private_line(line[cut:]):
            yield (_WORKED if worked else _COUNTED), prose[cut:]


def _prose(text: str) -> tuple[str, str, str]:
    """The running prose of a text, cleaned for counting: (the counted part, the part in
    sections of a thought being worked on, the text of HTML and math blocks)."""
    parts: tuple[list[str], list[str], list[str]] = ([], [], [])
    text = text.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    for kind, body in _prose_lines(text):
        parts[kind].append(body)
    counted, worked, markup = ("\n".join(part) if part else "" for part in parts)
    return cleaned(counted), cleaned(worked) if worked else "", markup


def _line_key(segment: str) -> str:
    """A stretch of cleaned prose as its words (lower-case, in order, dates and times aside):
    what tells a template's line from the person's, whatever punctuation or digits a rendering
    put around them."""
    return " ".join(w for w in map(str.lower, _WORD.findall(segment)) if w not in FILLER)


def _has_own_words(prose: str, template_lines: frozenset[str]) -> bool:
    """Whether a stretch of cleaned prose holds a line vaultkit did not write: a line with a
    word in it that is not, as a whole, a line of the templates, prompts, questions or threads.
    Removed constructs (links, tags, fields, code) end a stretch, as they end a phrase."""
    return any(
        (key := _line_key(segment)) and key not in template_lines for segment in prose.split("\n")
    )


def _surface(span: str) -> str:
    if "'" not in span:
        return " ".join(span.lower().split())
    # Stray single quotes are quotation marks, not apostrophes inside a word.
    return " ".join(filter(None, (t.strip("'") for t in span.lower().split())))


def read_entry(text: str, boilerplate: Boilerplate | frozenset[str] = Boilerplate()) -> EntryText:
    """What one note's text says to the counts: its phrases (without #private lines and the
    sections of a thought being worked on), the phrases of those sections, and whether the
    person wrote anything in it. `boilerplate` (template_boilerplate) is left out; a frozenset
    is phrase keys alone."""
    if not isinstance(boilerplate, Boilerplate):
        boilerplate = Boilerplate(frozenset(boilerplate))
    counted, worked, markup = _prose(text)
    own = any(
        part and _has_own_words(part, boilerplate.lines) for part in (counted, worked, markup)
    )
    return EntryText(
        _phrases(counted, boilerplate.phrases),
        frozenset(_phrases(worked, boilerplate.phrases)) if worked else frozenset(),
        own,
    )


def note_phrases(text: str, boilerplate: frozenset[str] = frozenset()) -> dict[str, str]:
    """The distinct phrases of one note: key -> how it was written.

    key = the content words (lower-case) joined by single spaces, e.g. "afraid dark";
    surface = the original span of words lower-cased with whitespace collapsed, e.g.
    "afraid of the dark" (the shortest, then first, surface for that key within the note).
    Keys in `boilerplate` are left out, and so is what read_entry leaves out.
    """
    return read_entry(text, boilerplate).phrases


def _phrases(prose: str, boilerplate: frozenset[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    w1 = w2 = ""  # the two content words before this one in the clause, "" for none
    s1 = s2 = 0  # where they start in `prose`
    stops = 0
    for m in _TOKEN.finditer(prose):
        word = m.group("w")
        if word is None:  # end of a clause
            w1 = w2 = ""
            stops = 0
            continue
        if len(word) < 2:
            continue
        word = word.lower()
        if word in STOP_WORDS:
            stops += 1
            if stops > _MAX_STOP_RUN:
                w1 = w2 = ""
            continue
        stops = 0
        grams = []
        if w2 and w2 != word:
            grams.append((s2, f"{w2} {word}"))
        if w1 and not w1 == w2 == word:
            grams.append((s1, f"{w1} {w2} {word}"))
        for start, key in grams:
            if key in boilerplate:
                continue
            raw = prose[start : m.end()]
            old = found.get(key)
            if old is None:
                found[key] = _surface(raw)
            elif raw != old and len(surface := _surface(raw)) < len(old):
                found[key] = surface
        w1, s1, w2, s2 = w2, s2, word, m.start()
    return found


def template_phrases(texts: Iterable[str]) -> frozenset[str]:
    """The phrase keys of the person's templates and prompt lists: boilerplate, never reported."""
    return template_boilerplate(texts).phrases


def template_boilerplate(texts: Iterable[str]) -> Boilerplate:
    """The phrase keys and line keys of the templates, prompt lists, questions and other text
    vaultkit copies into notes (threads, support lines): never the person's words."""
    keys: set[str] = set()
    lines: set[str] = set()
    for text in texts:
        # Template syntax is replaced by a clause break, not joined text, so the words on
        # either side of "{{ date }}" are not one phrase (neither are they in the daily page).
        # A line's key joins them: "Today is {{date:dddd}}" is "today is" either way.
        bare = _without_template_syntax(text)
        counted, worked, markup = _prose(bare)
        for prose in (counted, worked):
            keys.update(_phrases(prose, frozenset()))
        for prose in (counted, worked, markup):
            lines.update(key for segment in prose.split("\n") if (key := _line_key(segment)))
        if "<" in bare or "&" in bare:
            lines.update(_markup_keys(bare))
    return Boilerplate(frozenset(keys), frozenset(lines))


def _markup_keys(text: str) -> Iterator[str]:
    """Each line's key read both as markup (tags as spaces) and as prose (tags as breaks).
    Template syntax that renders to nothing (`<% tp.file.cursor() %>`) is a line in the
    template and a blank line in the page, which moves where an HTML block starts or ends:
    a page may read a template line the other way."""
    for line in text.split("\n"):
        if "<" in line or "&" in line:
            yield _line_key(_TAG.sub(" ", line))
            yield from filter(None, map(_line_key, _TAG.split(line)))


def _without_template_syntax(text: str) -> str:
    """Each template tag replaced by " | ": the first closer after an opener ends it, and an
    opener with no closer after it is text."""
    closers: dict[str, NextFinder] = {}
    live = frozenset(_JINJA_CLOSE)  # the openers that may still find a closer
    search = _JINJA_START.search
    out: list[str] = []
    last = pos = 0
    while (m := search(text, pos)) is not None:
        start, opener = m.start(), m.group()
        finder = closers.get(opener)
        if finder is None:
            finder = closers[opener] = NextFinder(text, _JINJA_CLOSE[opener])
        close = finder.find(start + 2)
        if close < 0:
            # Nor will any later opener of this kind: stop stopping at them.
            live -= {opener}
            if not live:
                break
            search = _jinja_start(live).search
            pos = start + 1
            continue
        out.append(text[last:start])
        out.append(" | ")
        last = pos = close + 2
    out.append(text[last:])
    return "".join(out)


@functools.lru_cache(maxsize=16)
def _jinja_start(openers: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(openers))))
