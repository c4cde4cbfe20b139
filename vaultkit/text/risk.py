"""Reading the lines above a trigger for a risk statement: support in place of a question.

A question never digs into a crisis.  Before any cue is looked for, the lines
above the trigger (up to ``WINDOW`` non-empty ones, back to the nearest
heading, which is read too) are read for a risk statement: the ``## support``
section's ``cues:`` phrases, less its ``except:`` ones.  Nothing is counted,
logged or kept.  Reading them:

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

import functools
import re
from collections.abc import Iterator, Sequence

from vaultkit.text.markdown_scan import HEADING

WINDOW = 5  # non-empty lines above the trigger read for a risk statement
GAP = 3  # the most words a "..." in a phrase lets through
# A `{{...}}` trigger: neither a cue nor a risk statement.
TRIGGER_SPAN = re.compile(r"\{\{[^{}]*\}\}")
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


class Risk:
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
                for word in _words(TRIGGER_SPAN.sub(" ", above[line])):
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
    def _matches(
        text: list[frozenset[str]], phrases: dict[str, list[Steps]]
    ) -> Iterator[tuple[int, list[int]]]:
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
def compiled_risk(cues: tuple[str, ...], exceptions: tuple[str, ...]) -> Risk:
    return Risk(cues, exceptions)


def read_for_risk(line: str) -> bool:
    """Whether a line counts towards the window: not blank, not only a trigger."""
    return bool(line.strip()) and ("{{" not in line or bool(TRIGGER_SPAN.sub("", line).strip()))


def risk_window(above: Sequence[str], end: int) -> tuple[int, ...]:
    """The lines read for a risk statement above `above[end]`: up to WINDOW non-empty ones,
    nearest first, back to the nearest heading (read too: a heading can say it)."""
    found: list[int] = []
    for index in range(end - 1, -1, -1):
        line = above[index]
        if not read_for_risk(line):
            continue
        found.append(index)
        if len(found) == WINDOW or HEADING.match(line):
            break
    return tuple(found)
