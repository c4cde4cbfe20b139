"""Recurring phrases across journal entries, for the "What repeated" section of the agenda.

A phrase is two or three content words in a row inside one clause, once stop-words are set
aside. It is plain counting the person can check by eye: it repeats their own words and
never names a condition or an interpretation.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

# Negations are deliberately NOT stop-words: "can't sleep", "not enough", "don't know" and
# "no energy" are what a person means, and dropping the negation would turn the phrase into
# its opposite. Other contractions ("i'm", "it's", "that's") carry no content of their own.
# Feeling verbs ("feel", "felt") stay too: "feel alone" is the person's wording.
STOP_WORDS = frozenset(
    """
    a an the this that these those some any each every all both either such own same other
    another i me my mine myself we us our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their theirs themselves
    one ones what which who whom whose when where why how whatever whoever
    am is are was were be been being have has had having do does did doing done will would
    shall should can could may might must ought
    of at by for with about against between into through during before after above below
    to from up down in out on off over under again further than then once as until while
    upon within without around across along among behind beside besides toward towards via
    and but if or because so though although yet nor whether also else
    just really very still today yesterday tomorrow tonight here there now too quite rather
    even ever maybe perhaps only much more most less least lot lots bit kind sort pretty
    well actually basically probably definitely somehow anyway already always often soon
    few many several like got get gets getting thing things something anything everything
    i'm i've i'll i'd you're you've you'll you'd he's he'd he'll she's she'd she'll it's
    it'll we're we've we'll we'd they're they've they'll they'd that's there's here's
    what's who's let's how's where's when's why's that'll there'll
    oh ok okay yes yeah etc
    """.split()
)

_MAX_STOP_RUN = 3  # after more stop-words than this in a row, the words no longer read as one phrase

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}#{1,6}(?:\s|$)")
_CALLOUT = re.compile(r"\s*(?:>\s*)+\[![^\]]*\]")
_LIST_ITEM = re.compile(r"\s*(?:>\s?)*\s*(?:[-*+]|\d+[.)])\s")
_PREFIX = re.compile(r"\s*(?:>\s?)*\s*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[.\]\s+)?")
_FIELD_LINE = re.compile(r"[*_]*[^\W\d][\w \-/]*[*_]*::")

# Everything here is replaced by a line break: a phrase never runs across something removed.
_REMOVED = re.compile(
    r"""
    (?=[<%`h!\[(\#^])                             # fails fast on ordinary characters
    (?:
      <!--.*?(?:-->|\Z)                           # HTML comment, may span lines
    | %%.*?(?:%%|\Z)                              # Obsidian comment, may span lines
    | (?P<ticks>`+)[^\n]*?(?P=ticks)              # inline code
    | https?://\S+
    | !?\[\[[^\]\n]*\]\]                          # wikilinks and embeds, counted as links elsewhere
    | [\[(][^\[\]()\n]*?::[^\[\]()\n]*[\])]       # [key:: value] / (key:: value)
    | (?<![\w&\#])\#[\w/\-]+                      # tags, counted elsewhere
    | (?<=\s)\^[\w-]+$                            # Obsidian block ids
    )
    """,
    re.DOTALL | re.VERBOSE | re.MULTILINE,
)
_EMPHASIS = re.compile(r"(?=[*~=_])(?:\*+|~~|==|(?<!\w)_+|_+(?!\w))")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<%.*?%>", re.DOTALL)
# A word, or a character that ends a clause.
_TOKEN = re.compile(r"(?P<w>[^\W\d_]+(?:'[^\W\d_]+)*)|[.!?;:—–,()\[\]{}|…\"“”«»\n]")


@dataclass(frozen=True)
class Phrase:
    text: str  # the surface shown: the most common surface across entries, ties -> alphabetically first
    key: str
    paths: tuple[str, ...]  # the notes holding it, sorted


def _prose_lines(text: str) -> Iterator[str]:
    """The lines of running prose, without frontmatter, code, headings and line prefixes."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        # Unclosed frontmatter is not frontmatter (as in Obsidian): then the text is all prose.
        start = next((j + 1 for j in range(1, len(lines)) if lines[j].strip() in ("---", "...")), 0)
    fence = ""
    prev_blank, in_list, in_indented = True, False, False
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
        if _HEADING.match(line) or _CALLOUT.match(line):
            continue
        body = line[_PREFIX.match(line).end() :]  # type: ignore[union-attr]  # always matches
        if not _FIELD_LINE.match(body):
            yield body


def _prose(text: str) -> str:
    text = "\n".join(_prose_lines(text.replace("’", "'").replace("‘", "'").replace("ʼ", "'")))
    return _EMPHASIS.sub("", _REMOVED.sub("\n", text))


def _surface(span: str) -> str:
    if "'" not in span:
        return " ".join(span.lower().split())
    # Stray single quotes are quotation marks, not apostrophes inside a word.
    return " ".join(filter(None, (t.strip("'") for t in span.lower().split())))


def note_phrases(text: str, boilerplate: frozenset[str] = frozenset()) -> dict[str, str]:
    """The distinct phrases of one note: key -> how it was written.

    key = the content words (lower-case) joined by single spaces, e.g. "afraid dark";
    surface = the original span of words lower-cased with whitespace collapsed, e.g.
    "afraid of the dark" (the shortest, then first, surface for that key within the note).
    Keys in `boilerplate` are left out.
    """
    prose = _prose(text)
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
    keys: set[str] = set()
    for text in texts:
        # Template syntax is replaced by a clause break, not joined text, so the words on
        # either side of "{{ date }}" are not one phrase (neither are they in the daily page).
        keys.update(note_phrases(_JINJA.sub(" | ", text)))
    return frozenset(keys)


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
            subsumed.update(b for b in (" ".join(words[:2]), " ".join(words[1:])) if kept.get(b) == paths)
    ranked = sorted(
        (key for key in kept if key not in subsumed),
        key=lambda k: (-len(kept[k]), -k.count(" "), k),
    )
    # "check and come back" and "let me check and come" are one phrase cut two ways: a phrase
    # that shares a word with a better-ranked one and is held by no note beyond it is left out.
    shown: list[str] = []
    for key in ranked:
        words = set(key.split(" "))
        if not any(words & set(better.split(" ")) and set(kept[key]) <= set(kept[better])
                   for better in shown):
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
