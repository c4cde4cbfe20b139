"""`vaultkit add`: a line at the end of today's page, from a terminal, a launcher or a phone.

The page is the person's: the line is appended, every byte before it kept, through the one
writer's compare-and-swap. A page saved moments ago may still be open, unsaved, in an editor;
`add` waits for it to rest for the quiet period (a few seconds at most), and otherwise gives the
line back rather than risk it. A page last changed by vaultkit itself is not waited for: the
cache folder's record of vaultkit's own writes (own_writes.py) says so, and a second line added a
moment after the first goes straight in, while any save by an editor in between, even of the
same bytes, changes the mtime and is waited for as usual.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vaultkit.app.agenda_state import PassAgenda
from vaultkit.app.gateway import Change
from vaultkit.app.pages import ensure_daily
from vaultkit.app.tender import Tender
from vaultkit.settings.config import Config
from vaultkit.store.cache_dir import vault_cache_dir
from vaultkit.store.own_writes import OwnWrites, stamp_of
from vaultkit.store.reading import Unreadable, read_note
from vaultkit.store.vault import Vault
from vaultkit.store.writer import Outcome, WriteResult, write_note
from vaultkit.text.markdown_scan import LIST_MARKER, closer_at_end
from vaultkit.text.moment import format_moment

# The longest `add` waits for a page saved moments ago. Beyond it (a long quiet period, a page
# still being written in) the line is given back: a launcher should not hang.
MAX_WAIT = 10.0

# A page ending in a list item takes the line as the next item; after prose, a blank line first.
_LIST_ITEM = re.compile(rf"^\s*{LIST_MARKER}\s".encode())


def daily_path(config: Config, day: dt.date) -> str:
    """The page of `day`, as pages.daily_path names it; worked out without reading the vault,
    so that adding to a page that is there stays quick in a vault of any size."""
    name = format_moment(day, config.daily_format) + ".md"
    return f"{config.daily_folder}/{name}" if config.daily_folder else name


def entry(text: str, time_of_day: str | None) -> str:
    """The lines to append: `- 21:40 the text` (no time when none is given), further lines
    indented under it so that the entry stays one list item. Blank lines around it go."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return ""
    lines = textwrap.dedent("\n".join(lines)).split("\n")
    first = lines[0].strip()
    head = f"- {time_of_day} {first}" if time_of_day else f"- {first}"
    return "\n".join([head, *(f"  {line}" if line else "" for line in lines[1:])]) + "\n"


def appended(page: bytes, added: str) -> bytes:
    """`page` with `added` at its end, in the page's own newlines. A blank line sets it apart
    from what is above (a paragraph, a callout), except after a list item: lines added one
    after another stay one list. A fence or comment the page leaves open is closed first."""
    first = page.split(b"\n", 1)
    newline = b"\r\n" if len(first) > 1 and first[0].endswith(b"\r") else b"\n"
    data = added.replace("\n", newline.decode()).encode("utf-8")
    if not page:
        return data
    if not page.endswith(b"\n"):
        page += newline
    # A fence, `$$` block or comment left open at the end would swallow the line (as code it
    # never reaches the agenda): it is closed first, after every byte of the person's.
    closer = closer_at_end(page.decode("utf-8", "replace").splitlines())
    if closer is not None:
        page += closer.encode("utf-8") + newline
    last = page.split(b"\n")[-2]
    if last.strip() and not _LIST_ITEM.match(last):
        page += newline
    return page + data


@dataclass(frozen=True)
class Waiting:
    """Told once when `add` waits for the page to rest: how long, and since when it was saved."""

    seconds: float
    saved_ago: float


def append_when_quiet(
    root: Path,
    rel: str,
    added: str,
    quiet_seconds: float,
    *,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
    max_wait: float = MAX_WAIT,
    waiting: Callable[[Waiting], None] = lambda _: None,
) -> WriteResult:
    """Append `added` to the existing note `rel` once it has rested for the quiet period.

    Each try reads the page, appends, and writes only if the page is still those bytes (the
    writer's compare-and-swap); a save in between starts the wait again. Gives up, with the
    writer's result, when the page could not rest within `max_wait` seconds."""
    deadline = clock() + max_wait
    told = False
    # A page just as vaultkit last left it (own_writes.py) needs no quiet period: nobody has
    # saved it since.
    own = OwnWrites(vault_cache_dir(root))
    while True:
        try:
            page = read_note(root, rel).data or b""
        except Unreadable as exc:
            return WriteResult(Outcome.REFUSED, rel, str(exc))
        new = appended(page, added)
        quiet = 0.0 if own.is_as_left(rel, stamp_of(root / rel)) else quiet_seconds
        result = write_note(root, rel, new, expect=page, quiet_seconds=quiet, clock=clock)
        if result.outcome is Outcome.WRITTEN:
            own.remember(rel, stamp_of(root / rel))
            own.save()
        if result.outcome not in (Outcome.DEFERRED, Outcome.CONFLICT):
            return result
        now = clock()
        try:
            saved = os.stat(root / rel).st_mtime
        except OSError:
            saved = now
        ready = saved + quiet_seconds
        if ready > deadline or now >= deadline:
            return result
        if not told:
            waiting(Waiting(ready - now, now - saved))
            told = True
        sleep(min(max(ready - now, 0.05), max_wait))


def line_for(words: str, config: Config, now: dt.datetime | None) -> str:
    """The entry for what was typed, with the clock's time when there is one; "" for nothing."""
    return entry(words, format_moment(now, config.time_format) if now else None)


@dataclass(frozen=True)
class NewPage:
    """What making today's page for `add` did."""

    created: list[str]  # the actions that made it, to say
    problems: list[str]  # `PATH[:LINE]: what is wrong` of notes left alone on the way
    failed: str | None  # the first action that was not a creation: the page is not there
    added: bool  # the line went in right after the page's own write


def add_with_new_page(
    vault: Vault, rel: str, added: str, today: dt.date, now: dt.datetime | None
) -> NewPage:
    # Made the way every daily page is made, then the line added as the writer's second,
    # compare-and-swap write; the page is vaultkit's own write, so no quiet period holds it.
    tender = Tender(vault, today, now=now)
    ensure_daily(tender, PassAgenda(tender))
    actions = tender.report.actions
    created = [str(action) for action in actions if action.action == "created"]
    problems = list(tender.report.problems)
    failed = [action for action in actions if action.action != "created"]
    if failed:
        return NewPage(created, problems, str(failed[0]), False)
    old = tender.vault.data_of(rel) if rel in tender.gateway.own_writes else None
    if old is not None and tender.gateway.apply(Change(rel, old, appended(old, added), "added")):
        tender.gateway.own_writes.save()  # the next `add` finds the page as vaultkit left it
        return NewPage(created, problems, None, True)
    return NewPage(created, problems, None, False)


def add_when_quiet(
    root: Path, rel: str, added: str, config: Config, waiting: Callable[[Waiting], None]
) -> str | None:
    """Append to the page once it has rested; None when added, else the writer's reason."""
    result = append_when_quiet(root, rel, added, config.quiet_seconds, waiting=waiting)
    return None if result.outcome is Outcome.WRITTEN else result.reason
