"""tomllib's syntax errors in plain words: the line, and what to change on it.

tomllib speaks to TOML's authors ("Illegal character '\\n'", "Cannot overwrite a value"); the
person editing vaultkit.toml needs to hear what to change.
"""

from __future__ import annotations

import re
import tomllib

from vaultkit.settings.toml_lines import ASSIGN, HEADER, dotted

# tomllib's messages, in the order tried:
_SET_TWICE = "set twice"  # worked out from the text: which setting, and both its lines
_TOML_PLAIN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), plain)
    for pattern, plain in [
        (
            (
                r"^(Illegal character '\\n'|Unterminated string|Expected \"'+\"|Expected '\"+'"
                r"|Found invalid character '\\n')$"
            ),
            "a string is not closed: it needs its closing quote on the same line",
        ),
        (
            r"^(Illegal|Found invalid) character ",
            "an invisible control character is on this line; type the line again",
        ),
        (
            r"^Unescaped '\\' in a string$",
            "a \\ in a string must be written \\\\, or put the text in 'single quotes'",
        ),
        (
            r"^(Invalid hex value|Escaped character is not a Unicode scalar value)$",
            "a \\u or \\U in a string is not a character; write \\\\ for a plain \\",
        ),
        (
            r"^Invalid value$",
            'a value must be "text in quotes", a number, true or false, or a [list]',
        ),
        (r"^Unclosed array$", "a list is not closed: it needs its ]"),
        (r"^Unclosed inline table$", "a { … } is not closed: it needs its }"),
        (
            r"^Expected ']' at the end of a table declaration$",
            "a [table] line is not closed: it needs its ]",
        ),
        (
            r"^Expected ']]' at the end of an array declaration$",
            "a [[table]] line is not closed: it needs its ]]",
        ),
        (
            r"^Expected '=' after a key in a key/value pair$",
            "a setting needs = and a value, e.g. quiet_seconds = 5",
        ),
        (
            r"^Expected newline or end of document after a statement$",
            "something follows the value on this line; one setting per line, and a # before a note",
        ),
        (
            r"^Invalid statement$",
            "this line is not a setting (name = value), a [table] line or a # comment",
        ),
        (
            r"^Invalid initial character for a key part$",
            'a setting\'s name is missing, or needs quotes ("My folder" = …)',
        ),
        (r"^Invalid date or datetime$", "a date that does not exist"),
        (
            (
                r"^(Cannot overwrite a value|Cannot declare .* twice|Duplicate inline table key"
                r"|Cannot mutate immutable namespace|Cannot redefine namespace)"
            ),
            _SET_TWICE,
        ),
    ]
]
_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")


def plain_toml_error(text: str, message: str) -> tuple[int | None, str]:
    """tomllib's message as (line, what to change)."""
    at = _TOML_AT.search(message)
    bare = message[: at.start()] if at else message
    line = int(at.group(1)) if at and at.group(1) else None
    if at and (line is None or bare.startswith("Unclosed")):
        # An open string, list or { … } ran on to a later line or to the end of the text; what
        # matters is the line it was opened on.
        line = _unfinished_line(text, line)
    for pattern, plain in _TOML_PLAIN:
        if pattern.search(bare):
            if plain == _SET_TWICE:
                return line, _set_twice(text, line) or "a setting or [table] is set twice"
            return line, plain
    return line, f"is not valid TOML ({bare[:1].lower()}{bare[1:]})"


def _unfinished_line(text: str, found: int | None) -> int | None:
    """The line where the statement that tomllib found unfinished (on line `found`, or at the
    end) starts: the one after the longest beginning of the text that still reads as TOML (a
    settings file is a few dozen lines, so trying each is cheap)."""
    lines = text.split("\n")[:found]
    if len(lines) > 500:  # quadratic: a hand-written settings file is far shorter
        return found or len(lines)
    for count in range(len(lines) - 1, -1, -1):
        try:
            tomllib.loads("\n".join(lines[:count]))
        except tomllib.TOMLDecodeError:
            continue
        return count + 1
    return None


def _set_twice(text: str, line: int | None) -> str | None:
    """'contacts' is set twice, lines 3 and 5: the setting or [table] that `line` sets again."""
    seen: dict[tuple[str, ...], tuple[int, bool]] = {}  # name -> (first line, a [table] line)
    table: tuple[str, ...] = ()
    for number, raw in enumerate(text.split("\n")[:line], start=1):
        header, assign = HEADER.match(raw), ASSIGN.match(raw)
        if header:
            table = name = dotted(header.group(1))
        elif assign:
            name = table + dotted(assign.group(1))
        else:
            continue
        if number == line:
            # The name itself, a value it would go inside (x = 1, then x.y = 2), or, for a
            # [table], a setting that made the table already (daily.folder = …, then [daily]).
            earlier = [n for n in seen if n == name or (n == name[: len(n)] and not seen[n][1])]
            earlier = earlier or [
                n for n in seen if header and n[: len(name)] == name and not seen[n][1]
            ]
            if not earlier:
                return None
            first, first_is_table = seen[earlier[0]]
            if header and first_is_table and earlier[0] == name:
                return f"[{'.'.join(name)}] appears twice, lines {first} and {number}"
            shown = (
                name
                if header and earlier[0][: len(name)] == name
                else earlier[0][0 if header else len(table) :]
            )
            return f"'{'.'.join(shown)}' is set twice, lines {first} and {number}"
        seen.setdefault(name, (number, bool(header)))
    return None
