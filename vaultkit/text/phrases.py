"""Recurring phrases across journal entries, for the "What repeated" section of the agenda.

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
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from vaultkit.text.markdown_scan import NextFinder
from vaultkit.text.note import private_passage_lines, split_lines

# Negations are deliberately NOT stop-words: "can't sleep", "not enough", "don't know" and
# "no energy" are what a person means, and dropping the negation would turn the phrase into
# its opposite. Other contractions ("i'm", "it's", "that's") carry no content of their own.
# Feeling verbs ("feel", "felt") stay too: "feel alone" is the person's wording.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "each",
        "every",
        "all",
        "both",
        "either",
        "such",
        "own",
        "same",
        "other",
        "another",
        "i",
        "me",
        "my",
        "mine",
        "myself",
        "we",
        "us",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "one",
        "ones",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "whatever",
        "whoever",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "done",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "ought",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "than",
        "then",
        "once",
        "as",
        "until",
        "while",
        "upon",
        "within",
        "without",
        "around",
        "across",
        "along",
        "among",
        "behind",
        "beside",
        "besides",
        "toward",
        "towards",
        "via",
        "and",
        "but",
        "if",
        "or",
        "because",
        "so",
        "though",
        "although",
        "yet",
        "nor",
        "whether",
        "also",
        "else",
        "just",
        "really",
        "very",
        "still",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "here",
        "there",
        "now",
        "too",
        "quite",
        "rather",
        "even",
        "ever",
        "maybe",
        "perhaps",
        "only",
        "much",
        "more",
        "most",
        "less",
        "least",
        "lot",
        "lots",
        "bit",
        "kind",
        "sort",
        "pretty",
        "well",
        "actually",
        "basically",
        "probably",
        "definitely",
        "somehow",
        "anyway",
        "already",
        "always",
        "often",
        "soon",
        "few",
        "many",
        "several",
        "like",
        "got",
        "get",
        "gets",
        "getting",
        "thing",
        "things",
        "something",
        "anything",
        "everything",
        "i'm",
        "i've",
        "i'll",
        "i'd",
        "you're",
        "you've",
        "you'll",
        "you'd",
        "he's",
        "he'd",
        "he'll",
        "she's",
        "she'd",
        "she'll",
        "it's",
        "it'll",
        "we're",
        "we've",
        "we'll",
        "we'd",
        "they're",
        "they've",
        "they'll",
        "they'd",
        "that's",
        "there's",
        "here's",
        "what's",
        "who's",
        "let's",
        "how's",
        "where's",
        "when's",
        "why's",
        "that'll",
        "there'll",
        "oh",
        "ok",
        "okay",
        "yes",
        "yeah",
        "etc",
    ]
)

_MAX_STOP_RUN = (
    3  # after more stop-words than this in a row, the words no longer read as one phrase
)

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}#{1,6}(?:\s|$)")
_CALLOUT = re.compile(r"\s*(?:>\s*)+\[![^\]]*\]")
# Possessive: "\s*(?:>\s?)*\s*" let the two runs of spaces share a long run of them every
# possible way before giving up (quadratic); only one way can ever be followed by a marker.
_LIST_ITEM = re.compile(r"\s*+(?:>\s?)*+\s*+(?:[-*+]|\d+[.)])\s")
_PREFIX = re.compile(r"\s*(?:>\s?)*\s*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[.\]\s+)?")
# A line that opens with "key::" (perhaps in emphasis). Read as `[*_]*[^\W\d][\w \-/]*[*_]*::`,
# which tried every split of a run of "_" between its parts (cubic in the run): what follows
# the key's first character is matched possessively, and the first character is either the
# one after the leading "*" and "_" or the last "_" among them -- if any split works, the one
# with the shortest rest does, since a shorter rest is a suffix of a longer one.
_FIELD_LINE = re.compile(r"(?:[*_]*+[^\W\d]|(?>[*_]*_))[\w \-/]*+[*_]*+::")

# Everything removed from prose is replaced by a line break: a phrase never runs across
# something removed. What is removed, tried in this order where one place starts two:
#   <!-- ... -->  and  %% ... %%     comments, which may span lines (unclosed: to the end)
#   `code`                           inline code: a run of backticks up to the same run again
#   http(s)://...                    URLs
#   [[link]]  ![[embed]]             counted as links elsewhere
#   [key:: value]  (key:: value)     inline fields
#   #tag                             counted elsewhere
#   ^block-id                        at the end of a line
# This was one regular expression, whose alternatives for links, fields and code spans
# scanned ahead for their closer from every opener: a line of "[[" with no "]]" cost its
# length squared. Here each closer is looked for once (markdown_scan.NextFinder), with the
# regular expression's results on every text. A field's opener is a candidate only where a
# "]" or ")" ends its stretch of text: each stretch is read once, by the opener just before
# it (none of its characters is an opener).
_REMOVED_START = re.compile(
    r"<!--|%%|`|https?://\S|!?\[\[|[\[(](?=[^\[\]()\n]*+(?P<close>[\])]))"
    r"|(?<![\w&#])#[\w/\-]|(?<=\s)\^[\w-]"
)
# The same, once no "]" or line break is left for a link to close at.
_REMOVED_START_NO_LINK = re.compile(_REMOVED_START.pattern.replace(r"|!?\[\[|", "|"))
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"#[\w/\-]+")
_BLOCK_ID = re.compile(r"\^[\w-]+$", re.MULTILINE)
_LINK_STOP = re.compile(r"[\]\n]")
_OPEN_BRACKETS = re.compile(r"\[*")
_BACKTICKS = re.compile(r"`+")
# The second "_" alternative is "_+(?!\w)" as it was, kept from starting inside a run of "_":
# from there it can never match (the run was not removed from its start, so a word character
# follows it), and trying it from every "_" of a long run was quadratic.
_EMPHASIS = re.compile(r"(?=[*~=_])(?:\*+|~~|==|(?<!\w)_+|(?<!_)_+(?!\w))")
# Template syntax: {{ ... }}, {% ... %}, {# ... #} and <% ... %> (Templater), across lines.
_JINJA_START = re.compile(r"\{[{%#]|<%")
_JINJA_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}", "<%": "%>"}
# A word, or what ends a clause: clause breaks in a row (spaces aside) are one token, read
# once rather than one by one.
_BREAK = r"[.!?;:—–,()\[\]{}|…\"“”«»\n]"
_TOKEN = re.compile(rf"(?P<w>[^\W\d_]+(?:'[^\W\d_]+)*)|{_BREAK}(?:\s*{_BREAK})*")


# The headings (any level, numbered or not: "## 3. Automatic thoughts") whose sections hold a
# thought being worked on in a thought record (templates/thought-record.md).
WORKED_HEADINGS = ("automatic thought", "hot thought", "evidence for")
_NUMBERING = re.compile(r"\d+\s*[.):]?\s*")
# A line tagged #private, however the tag is written (#Private, #private.): left out whole,
# even where Obsidian would not read a tag (in code, after "("), since leaving out too much
# costs a count and reading too much costs the person's trust.
_PRIVATE = re.compile(r"#private(?![\w/\-])", re.IGNORECASE)
# Words that a rendered template adds around its own lines: dates ("Thursday, November 19th")
# and times ("9:05 pm"). They do not make a template's line the person's.
_FILLER = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "st",
        "nd",
        "rd",
        "th",
        "am",
        "pm",
    }
)
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


def is_private_line(line: str) -> bool:
    """A line the person tagged #private (read as _PRIVATE says)."""
    return "#" in line and _PRIVATE.search(line) is not None


def _worked_heading(line: str) -> tuple[int, bool]:
    """A heading line's level, and whether it opens a section of a thought being worked on."""
    text = line.strip()
    level = len(text) - len(text.lstrip("#"))
    text = text[level:].strip().rstrip("#").strip().strip("*_").lower()
    numbering = _NUMBERING.match(text)
    if numbering:
        text = text[numbering.end() :]
    return level, text.startswith(WORKED_HEADINGS)


@dataclass(frozen=True)
class Phrase:
    text: str  # the surface shown: the most common surface across entries, ties -> alphabetically first
    key: str
    paths: tuple[str, ...]  # the notes holding it, sorted


def _prose_lines(text: str) -> Iterator[tuple[bool, str]]:
    """The lines of running prose, without frontmatter, code, headings, line prefixes and
    lines tagged #private; each with whether it sits in a section of a thought being worked on
    (WORKED_HEADINGS), which runs to the next heading of its level or above."""
    if "%" in text:
        # A private passage is never counted: found in the lines as every reader splits them
        # (note.split_lines), and blanked before this reader splits them its own way.
        by_newline = split_lines(text)
        hidden = private_passage_lines(by_newline)
        if hidden:
            text = "\n".join(
                " " if index in hidden else line for index, line in enumerate(by_newline)
            )
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        # Unclosed frontmatter is not frontmatter (as in Obsidian): then the text is all prose.
        start = next((j + 1 for j in range(1, len(lines)) if lines[j].strip() in ("---", "...")), 0)
    fence = ""
    prev_blank, in_list, in_indented = True, False, False
    worked = 0  # the level of the worked section's heading; 0 outside one
    for line in lines[start:]:
        if fence:
            closing = line.strip()
            if closing and set(closing) == {fence[0]} and len(closing) >= len(fence):
                fence = ""
            continue
        if not line.strip():
            prev_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        # Indented code only after a blank line and outside a list, where indentation is
        # a continuation instead: an approximation of CommonMark that is right for journals.
        in_indented = indented and (in_indented or (prev_blank and not in_list))
        prev_blank = False
        if in_indented:
            continue
        if m := _FENCE.match(line):
            fence = m.group(1)
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif not indented:
            in_list = False
        if _HEADING.match(line):
            level, opens = _worked_heading(line)
            if worked and level <= worked:
                worked = 0
            if not worked and opens:
                worked = level
            continue
        if _CALLOUT.match(line):
            continue
        body = line[_PREFIX.match(line).end() :]  # type: ignore[union-attr]  # always matches
        if not _FIELD_LINE.match(body) and not is_private_line(body):
            yield bool(worked), body


def _prose(text: str) -> tuple[str, str]:
    """The running prose of a text, cleaned for counting: (the counted part, the part in
    sections of a thought being worked on)."""
    counted: list[str] = []
    worked: list[str] = []
    text = text.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    for in_worked, body in _prose_lines(text):
        (worked if in_worked else counted).append(body)
    # Each part is cleaned apart: a comment left open in one does not hide the other.
    return (
        _EMPHASIS.sub("", _removed("\n".join(counted))),
        _EMPHASIS.sub("", _removed("\n".join(worked))) if worked else "",
    )


def _line_key(segment: str) -> str:
    """A stretch of cleaned prose as its words (lower-case, in order, dates and times aside):
    what tells a template's line from the person's, whatever punctuation or digits a rendering
    put around them."""
    return " ".join(w for w in map(str.lower, _WORD.findall(segment)) if w not in _FILLER)


def _has_own_words(prose: str, template_lines: frozenset[str]) -> bool:
    """Whether a stretch of cleaned prose holds a line vaultkit did not write: a line with a
    word in it that is not, as a whole, a line of the templates, prompts, questions or threads.
    Removed constructs (links, tags, fields, code) end a stretch, as they end a phrase."""
    return any(
        (key := _line_key(segment)) and key not in template_lines for segment in prose.split("\n")
    )


def _removed(text: str) -> str:
    """`text` with each construct listed above _REMOVED_START replaced by "\n"."""
    out: list[str] = []
    last = pos = 0
    link_stop = NextFinder(text, _LINK_STOP)
    ticks: _Backticks | None = None
    search = _REMOVED_START.search
    while (m := search(text, pos)) is not None:
        start = m.start()
        first = text[start]
        end = -1
        if first == "<":  # an unclosed comment runs to the end
            close = text.find("-->", start + 4)
            end = len(text) if close < 0 else close + 3
        elif first == "%":
            close = text.find("%%", start + 2)
            end = len(text) if close < 0 else close + 2
        elif first == "`":
            ticks = ticks or _Backticks(text)
            end = ticks.span_end(start)
        elif first == "h":
            end = _URL.match(text, start).end()  # type: ignore[union-attr]  # started as one
        elif first == "#":
            end = _TAG.match(text, start).end()  # type: ignore[union-attr]  # started as one
        elif first == "^":
            found = _BLOCK_ID.match(text, start)
            end = found.end() if found else -1
        elif m.group("close") is None:  # "[[" or "![["
            # [[ and all up to the first "]" or line break, which must start "]]"
            stop = link_stop.find(start + (3 if first == "!" else 2))
            if stop >= 0 and text.startswith("]]", stop):
                end = stop + 2
            else:
                if stop < 0:
                    search = _REMOVED_START_NO_LINK.search  # no link can close any more
                # Every "[[" in this run of "[" stops there too, and fails too; a field can
                # only open at its last "[".
                pos = _OPEN_BRACKETS.match(text, start + 1).end() - 1  # type: ignore[union-attr]
                continue
        elif text.find("::", start + 1, m.start("close")) >= 0:  # a field: "[" or "(", "::"
            end = m.end("close")
        if end < 0:
            pos = start + 1
            continue
        out.append(text[last:start])
        out.append("\n")
        last = pos = end
    out.append(text[last:])
    return "".join(out)


class _Backticks:
    """Where inline code that starts at a backtick ends, as `(?P<t>`+)[^\\n]*?(?P=t)` reads it:
    the longest opening run that has a closer on its line, closed by the first k backticks
    in a row -- which may be inside the opening run itself ("``" is an empty span) or inside
    a longer run. The runs are indexed once, so no opener rescans its line."""

    def __init__(self, text: str) -> None:
        self.runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
        # The longest run after each run on the same line (0: none).
        self.longest_after = [0] * len(self.runs)
        longest = 0
        for i in range(len(self.runs) - 1, -1, -1):
            self.longest_after[i] = longest
            start, end = self.runs[i]
            if i and text.find("\n", self.runs[i - 1][1], start) >= 0:
                longest = 0
            else:
                longest = max(longest, end - start)
        self.i = 0  # the run asked about last: openers come left to right

    def span_end(self, pos: int) -> int:
        """The end of the code span opening at `pos` (a backtick), -1 when there is none."""
        runs = self.runs
        while runs[self.i][1] <= pos:
            self.i += 1
        length = runs[self.i][1] - pos
        k = max(length // 2, min(length, self.longest_after[self.i]))
        if k == 0:
            return -1
        if 2 * k <= length:
            return pos + 2 * k
        j = self.i + 1
        while runs[j][1] - runs[j][0] < k:
            j += 1
        return runs[j][0] + k


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
    counted, worked = _prose(text)
    own = _has_own_words(counted, boilerplate.lines) or (
        bool(worked) and _has_own_words(worked, boilerplate.lines)
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
        for prose in _prose(_without_template_syntax(text)):
            keys.update(_phrases(prose, frozenset()))
            lines.update(key for segment in prose.split("\n") if (key := _line_key(segment)))
    return Boilerplate(frozenset(keys), frozenset(lines))


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


def repeated_phrases(
    entries: Mapping[str, Mapping[str, str]], *, min_entries: int = 2, limit: int = 8
) -> list[Phrase]:
    """entries: note path -> note_phrases(...) of that note.

    The phrases found in at least min_entries notes, best first: more notes, then longer,
    then alphabetical by key.
    """
    paths_of: dict[str, list[str]] = defaultdict(list)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for path, phrases in entries.items():
        for key, surface in phrases.items():
            paths_of[key].append(path)
            surfaces[key][surface] += 1
    kept = {key: tuple(sorted(ps)) for key, ps in paths_of.items() if len(ps) >= min_entries}
    # A bigram held by exactly the notes of a trigram around it adds nothing: show the longer.
    subsumed: set[str] = set()
    for key, paths in kept.items():
        words = key.split(" ")
        if len(words) == 3:
            subsumed.update(
                b for b in (" ".join(words[:2]), " ".join(words[1:])) if kept.get(b) == paths
            )
    ranked = sorted(
        (key for key in kept if key not in subsumed),
        key=lambda k: (-len(kept[k]), -k.count(" "), k),
    )
    # "check and come back" and "let me check and come" are one phrase cut two ways: a phrase
    # that shares a word with a better-ranked one and is held by no note beyond it is left out.
    shown: list[str] = []
    for key in ranked:
        # Only the first `limit` are shown, and a key is judged only against those before
        # it: checking every key against every other would be quadratic in a vault's phrases.
        if len(shown) >= limit:
            break
        words = set(key.split(" "))
        if not any(
            words & set(better.split(" ")) and set(kept[key]) <= set(kept[better])
            for better in shown
        ):
            shown.append(key)
    ranked = shown
    return [
        Phrase(
            text=min(surfaces[key].items(), key=lambda kv: (-kv[1], kv[0]))[0],
            key=key,
            paths=kept[key],
        )
        for key in ranked[: max(limit, 0)]
    ]
