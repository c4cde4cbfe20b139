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

A question never digs into a crisis.  Before any cue is looked for, the lines
above the trigger (up to ``WINDOW`` non-empty ones, back to the nearest
heading, which is read too) are read for a risk statement: the ``## support``
section's ``cues:`` phrases, less its ``except:`` ones.  When one is there the
answer is ``SUPPORT``, and the caller puts the support callout (support.py)
where the question would go.  Nothing is counted, logged or kept.  Reading them:

* Word by word, not character by character: a phrase matches across a line
  break, inside a longer paragraph, in any case and around any punctuation.
* "..." in a phrase lets up to ``GAP`` other words come between ("want to ...
  die" holds "wanted to just die").
* A word matches its other forms, by a small stemmer applied to the phrase
  and the text alike (kill, kills, killed, killing; die, died, dying), and a
  one-letter slip in a longer word (suicde, myslef) or a doubled letter
  (kil, beter).  Contractions are read in full, with or without the
  apostrophe ("can't", "cant", "cannot": can not; "I'm", "im": I am;
  "wanna": want to); "my self" is "myself".
* my, myself and I also match the other persons (your, his, her, their...;
  yourself, himself...; you, he, she, they, we): someone writing about a
  friend's crisis is offered support too.  "me" is only "me": "better off
  without her" is everyday, "better off without me" is not.
* A cue match that shares a word with an ``except:`` match does not count:
  "I don't want to die" is not read as "want to die", "I killed myself
  laughing" is not "kill myself".  Negation is otherwise never guessed at:
  "I don't want to live" is support because "not want to live" is a cue.

Everything runs in time linear in the text: one regex pass finds the words,
each word is looked up in dicts, and a phrase tries at most ``GAP + 1`` words
per step from each place its first word appears.

Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zlib
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from vaultkit.text.markdown_scan import prose_lines
from vaultkit.text.note import split_frontmatter

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
WINDOW = 5  # non-empty lines above the trigger read for a risk statement
GAP = 3  # the most words a "..." in a phrase lets through


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
_TRIGGER = re.compile(r"\{\{[^{}]*\}\}")
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
    if risk is not None and risk.found(_window(above, len(above)), above, {}, {}):
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
            if _read_for_risk(prose):
                if _HEADING_LINE.match(prose):
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


# --- risk: support in place of a question ---------------------------------------------------

_HEADING_LINE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_RUN = re.compile(r"(.)\1+")
_GAP_MARK = re.compile(r"\.\.\.|\u2026")
_APOSTROPHES = str.maketrans("\u2019\u2018\u02bc", "'''")

# Words written without their apostrophe, or run together, as they are read.
_SPELLED_OUT = {
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "aint": "am not",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "theyre": "they are",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "hafta": "have to",
    "nobody": "no one",
    "noone": "no one",
    "everybody": "everyone",
    "anybody": "anyone",
    "somebody": "someone",
    "anymore": "any more",
    "selfharm": "self harm",
}
# The words before "n't" that make a negation ("ca" in "can't"); any other "n't" is a slip
# ("wan't" for "want").
_NOT_BASES = {
    "do": "do",
    "does": "does",
    "did": "did",
    "ca": "can",
    "wo": "will",
    "sha": "shall",
    "would": "would",
    "could": "could",
    "should": "should",
    "is": "is",
    "are": "are",
    "was": "was",
    "were": "were",
    "have": "have",
    "has": "has",
    "had": "had",
    "ai": "am",
    "must": "must",
    "need": "need",
    "might": "might",
}
_AFTER_APOSTROPHE = {"m": "am", "re": "are", "ve": "have", "ll": "will", "d": "would", "s": "is"}
# The persons, so that a phrase in the first person holds the others too.
_REFLEXIVE = frozenset(
    {
        "myself",
        "yourself",
        "himself",
        "herself",
        "themselves",
        "themself",
        "ourselves",
        "yourselves",
        "oneself",
    }
)
_POSSESSIVE = frozenset({"my", "your", "his", "her", "their", "our"})
_SUBJECT = frozenset({"i", "you", "he", "she", "they", "we"})
_SELF, _MY, _I = "~self", "~my", "~i"
_FUZZY_MIN, _FUZZY_MAX = 5, 24  # the phrase stems a one-letter slip is looked for in


def _words(text: str) -> list[str]:
    """The words of a text, lower-case, contractions spelled out, "my self" as "myself"."""
    out: list[str] = []
    for token in _WORD.findall(text.translate(_APOSTROPHES).lower()):
        if "'" in token:
            if token.endswith("n't"):
                base = _NOT_BASES.get(token[:-3])
                if base is None:
                    out.append(token.replace("'", ""))
                else:
                    out += (base, "not")
                continue
            head, _, tail = token.partition("'")
            out += (head, _AFTER_APOSTROPHE.get(tail, tail.replace("'", "")))
            continue
        spelled = _SPELLED_OUT.get(token)
        if spelled is not None:
            out += spelled.split()
        elif token in ("self", "selves") and out and out[-1] in _POSSESSIVE:
            out[-1] = "myself"  # any reflexive does: they all read as one
        else:
            out.append(token)
    return out


def _stem(word: str) -> str:
    """One stem for the forms of a word that matter here (kill, kills, killed, killing; die,
    dies, died, dying; live, lives, lived, living), worked out the same way for the phrases
    and the text.  A doubled letter counts once, so "kil" is "kill" and "beter" "better"."""
    if len(word) > 1:
        word = _RUN.sub(r"\1", word)
    if len(word) >= 5 and word.endswith("ying"):
        word = word[:-4] + "ie"
    elif len(word) >= 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) >= 5 and word.endswith("ied"):
        word = word[:-3] + "y"
    elif len(word) >= 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) >= 5 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) >= 4 and word.endswith("es"):
        word = word[:-2]
    elif len(word) >= 4 and word.endswith("s"):
        word = word[:-1]
    return word[:-1] if len(word) >= 3 and word.endswith("e") else word


def _phrase_key(word: str) -> str:
    if word in _REFLEXIVE:
        return _SELF
    if word in _POSSESSIVE:
        return _MY
    if word in _SUBJECT:
        return _I
    return _stem(word)


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


Steps = tuple[tuple[str, int], ...]  # (key, the most other words allowed before it)


class _Risk:
    """The support section's phrases, ready to read windows of lines with."""

    def __init__(self, cues: tuple[str, ...], exceptions: tuple[str, ...]):
        self.cues = self._compile(cues)
        self.exceptions = self._compile(exceptions)
        self.vocabulary = {
            key
            for phrases in (self.cues, self.exceptions)
            for all_steps in phrases.values()
            for steps in all_steps
            for key, _ in steps
        }
        # A phrase stem, and each of it one letter shorter -> (the stem, its length): a word
        # one edit from a stem shares one of these with it (the symmetric-delete way of
        # finding near words with a few dict lookups, however many phrases there are).
        self.near: dict[str, set[tuple[str, int]]] = {}
        surfaces = [(key, key) for key in self.vocabulary if not key.startswith("~")]
        if _SELF in self.vocabulary:
            surfaces += [(_stem(word), _SELF) for word in _REFLEXIVE]
        for surface, key in surfaces:
            if _FUZZY_MIN <= len(surface) <= _FUZZY_MAX:
                for variant in (surface, *_deletions(surface)):
                    self.near.setdefault(variant, set()).add((key, len(surface)))

    @staticmethod
    def _compile(phrases: tuple[str, ...]) -> dict[str, list[Steps]]:
        """first key -> the phrases starting with it, as steps."""
        by_first: dict[str, list[Steps]] = {}
        for phrase in phrases:
            steps: list[tuple[str, int]] = []
            for number, part in enumerate(_GAP_MARK.split(phrase)):
                for index, word in enumerate(_words(part)):
                    steps.append((_phrase_key(word), GAP if number and not index else 0))
            if steps:
                by_first.setdefault(steps[0][0], []).append(tuple(steps))
        return by_first

    def keys(self, word: str) -> frozenset[str]:
        """What a word of the text can stand for in a phrase (empty: nothing)."""
        stem = _stem(word)
        keys = {stem} if stem in self.vocabulary else set()
        if word in _REFLEXIVE:
            keys.add(_SELF)
        elif word in _SUBJECT:
            keys.add(_I)
        if word in _POSSESSIVE:
            keys.add(_MY)
        if not keys and _FUZZY_MIN - 1 <= len(stem) <= _FUZZY_MAX:
            for variant in (stem, *_deletions(stem)):
                keys.update(
                    key for key, size in self.near.get(variant, ()) if abs(size - len(stem)) <= 1
                )
        return frozenset(keys & self.vocabulary)

    def found(
        self,
        window: tuple[int, ...],
        above: Sequence[str],
        tokens: dict[int, list[frozenset[str]]],
        memo: dict[str, frozenset[str]],
    ) -> bool:
        """Whether the lines `window` (indexes into `above`, nearest first) hold a cue match
        that shares no word with an exception match.  `tokens` keeps each line's words and
        `memo` each word's keys, for the next window."""
        text: list[frozenset[str]] = []
        for line in reversed(window):
            if line not in tokens:
                words = []
                for word in _words(_TRIGGER.sub(" ", above[line])):
                    keys = memo.get(word)
                    if keys is None:
                        keys = memo[word] = self.keys(word)
                    words.append(keys)
                tokens[line] = words
            text += tokens[line]
        # held[i]: how many of the words before i an exception match holds.
        opened = [0] * (len(text) + 1)
        for start, ends in self._matches(text, self.exceptions):
            opened[start] += 1
            opened[ends[-1] + 1] -= 1
        held, depth = [0] * (len(text) + 1), 0
        for index in range(len(text)):
            depth += opened[index]
            held[index + 1] = held[index] + (depth > 0)
        return any(
            held[ends[0] + 1] == held[start] for start, ends in self._matches(text, self.cues)
        )

    @staticmethod
    def _matches(text: list[frozenset[str]], phrases: dict[str, list[Steps]]):
        """(start, the word indexes it can end at, in order) of each phrase match."""
        if not phrases:
            return
        size = len(text)
        for start, keys in enumerate(text):
            for key in keys:
                for steps in phrases.get(key, ()):
                    ends = [start]
                    for step, gap in steps[1:]:
                        ends = sorted(
                            {
                                later
                                for end in ends
                                for later in range(end + 1, min(end + 2 + gap, size))
                                if step in text[later]
                            }
                        )
                        if not ends:
                            break
                    if ends:
                        yield start, ends


@functools.lru_cache(maxsize=8)
def _compiled_risk(cues: tuple[str, ...], exceptions: tuple[str, ...]) -> _Risk:
    return _Risk(cues, exceptions)


def _risk(questions: Questions) -> _Risk | None:
    cues = questions.cues.get(SUPPORT_SECTION, ())
    if not cues:
        return None
    return _compiled_risk(cues, questions.exceptions.get(SUPPORT_SECTION, ()))


def _read_for_risk(line: str) -> bool:
    """Whether a line counts towards the window: not blank, not only a trigger."""
    return bool(line.strip()) and ("{{" not in line or bool(_TRIGGER.sub("", line).strip()))


def _window(above: Sequence[str], end: int) -> tuple[int, ...]:
    """The lines read for a risk statement above `above[end]`: up to WINDOW non-empty ones,
    nearest first, back to the nearest heading (read too: a heading can say it)."""
    found: list[int] = []
    for index in range(end - 1, -1, -1):
        line = above[index]
        if not _read_for_risk(line):
            continue
        found.append(index)
        if len(found) == WINDOW or _HEADING_LINE.match(line):
            break
    return tuple(found)


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
