"""When two names are one: the rule every name comparison in vaultkit goes through.

macOS, iCloud and some sync tools hand file names over decomposed (NFD: `e` + U+0301), while
what a person types is usually composed (NFC: `é`). Linux keeps both as two different files
that look the same, so vaultkit compares names in their NFC form and never makes a second
spelling of a name that already exists.
"""

from __future__ import annotations

import os
import unicodedata


def nfc(name: str) -> str:
    """The one spelling names are compared in."""
    # Most names are ASCII, and ASCII is already NFC; this keeps listing big folders cheap.
    return name if name.isascii() else unicodedata.normalize("NFC", name)


def same_name(a: str, b: str) -> bool:
    """True when `a` and `b` are one name however they are spelled in Unicode."""
    return a == b or nfc(a) == nfc(b)


def other_spelling(folder: str | os.PathLike[str], name: str) -> str | None:
    """The entry of `folder` that is `name` under another Unicode spelling, if there is one
    (an entry spelled exactly `name` is not another spelling). A folder that is not there
    holds nothing."""
    wanted = nfc(name)
    try:
        entries = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return None
    for entry in entries:
        if entry != name and nfc(entry) == wanted:
            return entry
    return None
