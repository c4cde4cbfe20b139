"""What vaultkit says is one line, whatever a file's name holds: each character that breaks a
line, drives a terminal or cannot be encoded is shown escaped, and every other is kept."""

from __future__ import annotations

import codecs
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from vaultkit.text.one_line import one_line, own_lines

# Every character a name could hold, the awkward ones drawn often.
AWKWARD = "\n\r\t\x00\x0b\x0c\x1b\x1c\x1d\x1e\x7f\x85\x9b\u2028\u2029\udce9\ud800\\ é🙂"
TEXT = st.text(st.sampled_from(AWKWARD) | st.characters(codec=None), max_size=40)


@given(TEXT)
@example("bad\nname.md:3: frontmatter is not valid YAML")
@example("Odd/t\x1b[2Jwo.md")
def test_one_line_is_one_line_and_keeps_the_rest(text):
    shown = one_line(text)
    assert len(shown.splitlines()) <= 1
    shown.encode("utf-8")  # stdout can write it: no surrogate is left
    # No control character, surrogate, or line or paragraph separator is left.
    assert not {unicodedata.category(char) for char in shown} & {"Cc", "Cs", "Zl", "Zp"}
    # Character by character: kept as it is, or written as Python escapes it.
    pieces = [one_line(char) for char in text]
    assert "".join(pieces) == shown
    for char, piece in zip(text, pieces, strict=True):
        if piece != char:
            assert codecs.decode(piece, "unicode_escape") == char
            assert len(piece.splitlines()) == 1 and piece.isascii() and piece.isprintable()


def test_printable_text_is_the_same_object():
    text = "Journal/2026-12-03.md: café, 🙂 and a \\ kept"
    assert one_line(text) is text


@given(TEXT)
@example("poem: no template of that name. You can ask for:\n  daily\n  bad\rname\x1b[2J")
def test_own_lines_keeps_the_line_breaks_vaultkit_wrote_and_no_other(text):
    shown = own_lines(text)
    assert shown.count("\n") == text.count("\n")
    for line in shown.split("\n"):
        assert len(line.splitlines()) <= 1
        assert not {unicodedata.category(char) for char in line} & {"Cc", "Cs", "Zl", "Zp"}
