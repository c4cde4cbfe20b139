"""Where a setting sits in vaultkit.toml's text, so that an error can name its line.

tomllib keeps no positions; these find them again in the text.
"""

from __future__ import annotations

import re


def key_line(text: str, table: str | None, key: str) -> int | None:
    """The line a key (or a table header) is set on, so errors can point at it.

    This finds `key =` inside `[table]`, a dotted `table.key =`,
    or the header `[key]` itself when the key is a table.
    """
    current = None
    dotted_key = rf'^"?{re.escape(table)}"?\s*\.\s*"?{re.escape(key)}"?\s*=' if table else None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[([^\[\]]+)\]", line)
        if header:
            current = header.group(1).strip().strip('"')
            if table is None and current == key:
                return number
            continue
        if current == table and re.match(rf'^"?{re.escape(key)}"?\s*=', line):
            return number
        if current is None and dotted_key and re.match(dotted_key, line):
            return number
    return None


KEY_PART = r'(?:"[^"]*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
HEADER = re.compile(rf"^\s*\[\s*({KEY_PART}(?:\s*\.\s*{KEY_PART})*)\s*\]\s*(?:#.*)?$")
ASSIGN = re.compile(rf"^\s*({KEY_PART}(?:\s*\.\s*{KEY_PART})*)\s*=")


def dotted(key: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in re.findall(KEY_PART, key))


def table_above(text: str, line: int | None) -> tuple[str, int, bool] | None:
    """The nearest [table] line above `line`, commented out or not: (name, line, commented).
    `vaultkit init` writes every table commented out; a line uncommented without its [table]
    line lands in the table before it."""
    if not line:
        return None
    lines = text.split("\n")
    for number in range(min(line, len(lines) + 1) - 1, 0, -1):
        raw = lines[number - 1]
        commented = raw.lstrip().startswith("#")
        header = HEADER.match(raw.lstrip().lstrip("#")) if commented else HEADER.match(raw)
        if header:
            return ".".join(dotted(header.group(1))), number, commented
    return None


def dotted_line(text: str, key: str) -> int | None:
    """The first line of a table written as dotted keys (`daily.folder = …`)."""
    for number, raw in enumerate(text.split("\n"), start=1):
        if re.match(rf'^\s*"?{re.escape(key)}"?\s*\.', raw):
            return number
    return None


def entry_line(text: str, table: str, value: str) -> int | None:
    """The line of an entry of a free [table] (e.g. [prompts]) whose key or value is `value`."""
    current = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[([^\[\]]+)\]", line)
        if header:
            current = header.group(1).strip().strip('"')
        elif current == table and not line.startswith("#") and value in line:
            return number
    return None
