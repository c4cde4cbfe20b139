"""`vaultkit demo`: a copy of the example vault, its dates moved so that it ends just before today.

The example was written around November 2026. Copied as it is, it would age with the calendar: a
fortnight later its weekly reviews fall out of the last four weeks, and by March nothing is
"since the last session" any more. So every date in it (file names, `date:`, `[[2026-11-13]]`
links, the agenda snapshots in session notes, "Friday, November 13th 2026" headings) moves by
the same whole number of weeks: weekdays stay true, so do the weekly session schedule and the
ISO weeks the reviews are made of, and the demo shows the same agenda, reviews, repeats and
chart whichever day it runs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from vaultkit.app.command_errors import Refused
from vaultkit.app.report import Report
from vaultkit.app.tend import run_all
from vaultkit.app.tender import Tender
from vaultkit.settings.config import Config
from vaultkit.settings.discovery import find_vault
from vaultkit.store.outside_writer import write_new_folder
from vaultkit.store.resources import EXAMPLE_LAST_DAY, example_vault_dir
from vaultkit.store.vault import load_vault
from vaultkit.text.moment import MONTHS, WEEKDAYS

# Left in a demo folder it made: the sign that running the demo there again is re-using its own
# folder, never overwriting a person's. A dot-file, so vaultkit never reads it as a note.
MARKER = ".vaultkit-demo"

_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?!\d)")
# Monday first, as date.weekday() counts.
_DAYS = (*WEEKDAYS[1:], WEEKDAYS[0])
# The long dates the built-in templates write in headings: "Friday, November 13th 2026".
_LONG = re.compile(
    rf"\b({'|'.join(_DAYS)}), ({'|'.join(MONTHS)}) (\d{{1,2}})(?:st|nd|rd|th) "
    rf"(\d{{4}})\b"
)


def demo_shift(today: dt.date) -> int:
    """How many days the example's dates move: whole weeks, so that the week of its last day
    is the week before today's. Today then always falls in the same week after the example,
    and the same weeks are finished: the same reviews, the same period since the session."""
    example_sunday = EXAMPLE_LAST_DAY + dt.timedelta(days=6 - EXAMPLE_LAST_DAY.weekday())
    last_sunday = today - dt.timedelta(days=today.weekday() + 1)
    return (last_sunday - example_sunday).days


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{_SUFFIX.get(day % 10, 'th')}"


_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def _shift_iso(match: re.Match[str], days: int) -> str:
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return match.group(0)  # not a real date ("2026-13-45"): not the example's
    return (day + dt.timedelta(days=days)).isoformat()


def _shift_long(match: re.Match[str], days: int) -> str:
    try:
        day = dt.date(int(match.group(4)), MONTHS.index(match.group(2)) + 1, int(match.group(3)))
    except ValueError:
        return match.group(0)
    if _DAYS[day.weekday()] != match.group(1):
        return match.group(0)  # its weekday does not fit its date: a sentence, not a heading
    day += dt.timedelta(days=days)
    return f"{_DAYS[day.weekday()]}, {MONTHS[day.month - 1]} {_ordinal(day.day)} {day.year}"


def shift_text(text: str, days: int) -> str:
    """`text` with every date in it `days` later: ISO dates (`date: 2026-11-13`,
    `[[2026-11-13]]`, `2026-11-05 session`) and the long dates of headings."""
    text = _ISO.sub(lambda m: _shift_iso(m, days), text)
    return _LONG.sub(lambda m: _shift_long(m, days), text)


def shift_name(rel: str, days: int) -> str:
    """A vault path with the dates in its names moved (`Journal/2026-11-13.md`)."""
    return _ISO.sub(lambda m: _shift_iso(m, days), rel)


def shifted_example(days: int, source: Path | None = None) -> dict[str, bytes]:
    """The example vault's files (path -> bytes) with every date moved by `days`."""
    source = source or example_vault_dir()
    files = {}
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(source).as_posix()
        data = path.read_bytes()
        if path.suffix in (".md", ".toml"):
            data = shift_text(data.decode("utf-8"), days).encode("utf-8")
        files[shift_name(rel, days)] = data
    return files


@dataclass(frozen=True)
class DemoFolder:
    """What is in the folder the demo was asked to use."""

    state: str  # "new" (missing or empty), "ours" (an earlier demo), "theirs" (anything else)
    made: str = ""  # for "ours": when it was made ("on 2026-12-01")
    others: tuple[str, ...] = ()  # for "theirs": a few of the names there
    more: bool = False  # for "theirs": more names than those


def look_at(folder: Path) -> DemoFolder:
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return DemoFolder("new")
    if not names:
        return DemoFolder("new")
    marker = folder / MARKER
    if marker.is_file() and not marker.is_symlink():
        day = re.search(r"\bon (\d{4}-\d{2}-\d{2})", marker.read_text("utf-8", "replace"))
        return DemoFolder("ours", f"on {day.group(1)}" if day else "earlier")
    return DemoFolder("theirs", others=tuple(names[:3]), more=len(names) > 3)


def make_demo(folder: Path, today: dt.date) -> int:
    """Fill the new (missing or empty) `folder` with the shifted example; the days it moved.

    Made whole in a folder beside it and renamed into place, so that a failure half-way leaves
    no half demo behind. The copies' times are an hour old: fresh copies look just edited, and
    the quiet period would put every note off."""
    days = demo_shift(today)
    files = shifted_example(days)
    last = EXAMPLE_LAST_DAY + dt.timedelta(days=days)
    files[MARKER] = (
        f"Made by `vaultkit demo` on {today.isoformat()}: the example vault, its dates moved "
        f"{days // 7} weeks so that it ends on {last.isoformat()}.\n"
        "Running `vaultkit demo` on this folder again re-uses it and replaces nothing.\n"
    ).encode()
    write_new_folder(folder, files, mtime=time.time() - 3600)
    return days


def demo_folder(directory: Path) -> DemoFolder:
    """What `directory` holds; Refused when the demo may not use it."""
    if os.path.lexists(directory) and not directory.is_dir():
        raise Refused(f"{directory}: not a folder; choose a new folder for the demo")
    if not directory.absolute().parent.is_dir():
        raise Refused(
            f"{directory.absolute().parent}: does not exist; choose a new folder for the demo "
            f"inside one that does"
        )
    found = look_at(directory)
    if found.state == "theirs":
        names = ", ".join(found.others) + (", …" if found.more else "")
        raise Refused(
            f"{directory}: already holds files the demo did not make ({names}); nothing was "
            f"changed.\nChoose a new folder: vaultkit demo NEW-FOLDER"
        )
    outer = find_vault(None, {}, directory.resolve().parent)
    if outer is not None:
        raise Refused(
            f"{directory} is inside the vault {outer}: the demo's notes would join its agenda "
            f"and reviews.\nChoose a folder outside it: vaultkit demo NEW-FOLDER"
        )
    return found


def copy_example(directory: Path, today: dt.date) -> int:
    """Copy the example vault, its dates moved; the whole weeks it moved."""
    return make_demo(directory, today) // 7


def run_demo(directory: Path, config: Config, today: dt.date, now: dt.datetime | None) -> Report:
    """One pass over the demo, as `run` would make it; the demo keeps no note index."""
    return run_all(Tender(load_vault(directory, config), today, now=now))
