"""A line vaultkit says to a person stays one line: a file name can hold any character but
"/" and NUL, and a newline or a terminal's escape sequence in one must neither split a
warning in two nor reach the terminal as a command. Such characters are shown escaped, as
Python writes them ("bad\\nname.md")."""

from __future__ import annotations

import functools
import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Unicode's control characters (C0, DEL and C1: its category Cc, fixed by the standard) and
# its line and paragraph separators: all that str.splitlines splits at, and all a terminal
# can read as a command. And the surrogates a name that is not UTF-8 is read into, which
# stdout cannot encode: shown as stderr shows them. Compiled when first needed: most runs
# say nothing that needs it, and every command starts by importing this.
_BREAKING = "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]"


@functools.cache
def _breaking() -> re.Pattern[str]:
    return re.compile(_BREAKING)


def _escaped(found: re.Match[str]) -> str:
    char = found.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def one_line(text: str) -> str:
    """`text` with every line break, control character and surrogate in it shown escaped."""
    return text if text.isprintable() else _breaking().sub(_escaped, text)


def own_lines(text: str) -> str:
    """`text`, a message vaultkit wrote on several lines (a list of templates, say), with the
    line breaks it was written with kept and each line as one_line shows it."""
    return "\n".join(map(one_line, text.split("\n")))
