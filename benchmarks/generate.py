#!/usr/bin/env python3
"""A seeded generator of synthetic vaultkit vaults, for benchmarks.

    python benchmarks/generate.py OUT --notes 10000 --seed 1
    python benchmarks/generate.py OUT --notes 10000 --kind long-history

or, as a module, ``generate(root, notes, seed=1, kind="standard") -> dict`` (counts: files,
notes, bytes, and one entry per top folder).

The same seed, note count and kind always give a byte-identical tree: same names, same bytes,
same modification times. Standard library only; everything random comes from one
``random.Random(seed)``. All of it is invented; no real personal data.

Two kinds of vault (``--kind``):

``standard`` (the default), a vault already tended by vaultkit, every file and folder dated
2026-01-01 12:00 UTC (so no quiet period ever applies):

* ~70% daily pages ``Journal/YYYY-MM-DD.md`` (the built-in daily folder and format), one a day
  going back from 2026-11-21 (so with 10,000 notes they reach back into 2007). Each is
  1.5–4 KB: YAML frontmatter (date, mood 1–10, tags), headings, journal prose, inline ``#tags``,
  ``[[People/...]]`` and ``[[YYYY-MM-DD]]`` links, URLs with ``#fragments``, spikes
  (``[emotion:: ...] [intensity:: ...]``), and on about 1 page in 6 a ``#next`` line; some
  tasks ``- [ ]`` / ``- [x]``. Decoys that must *not* count as tags: ``#next`` inside fenced
  code blocks, inside inline code spans, and inside ``<!-- -->`` comments.
* weekly session notes ``Sessions/YYYY-MM-DD session.md`` (``type: session``, ``date:``, "What I
  will try", "The agenda I brought"), the last one on Thursday 2026-11-19;
* filled notes in the prompt folders (Emotions, Thought records, Free writing, Dreams, Letters);
* a few ``People/NAME.md``;
* ``vaultkit.toml`` (the commented defaults ``vaultkit init`` writes) and ``.obsidian/app.json``.

No ``{{trigger}}`` lines, no empty prompt notes, no agenda note: a ``vaultkit run`` on
2026-11-22 creates that day's page, the agenda and the reviews, nothing else.

``long-history``, an existing journal brought to vaultkit for the first time (gen_history.py):
decades of daily pages with ``#next`` lines and open tasks throughout, no session note at all,
undated reference notes in six languages, every file freshly cloned (dated 2026-11-22 12:00
UTC, so an undated note reads "today").
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

# The sibling modules, also when this file is loaded by path (measure.py, the tests).
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_history
from gen_notes import END_DATE as END_DATE
from gen_notes import (
    Writer,
    daily_page,
    person_note,
    prompt_note,
    prompt_title_and_path,
    session_note,
)
from gen_words import CODE_SNIPPETS as CODE_SNIPPETS
from gen_words import PEOPLE, THREADS

KINDS = ("standard", "long-history")
# Weekly sessions on Thursdays; the last one falls two days before END_DATE.
LAST_SESSION = dt.date(2026, 11, 19)
# 2026-01-01 12:00:00 UTC: old enough that no quiet period ever applies.
FIXED_MTIME = 1767268800
# The long-history vault's clone: 2026-11-22 12:00:00 UTC, "today" for a run on 2026-11-22.
CLONE_MTIME = gen_history.CLONE_MTIME

DAILY_SHARE = 0.70

# What `vaultkit init` writes for a vault with only built-in defaults (vaultkit.render.settings_file).
VAULTKIT_TOML = """\
# vaultkit settings for this vault. Uncomment a line to change it.
# Each value shown is the one in force now, with where it came from.

# seconds a note must rest after an edit before vaultkit touches it
# quiet_seconds = 5  # built-in default

# the page made for every day; format uses Moment.js tokens
# [daily]
# folder = "Journal"  # built-in default
# format = "YYYY-MM-DD"  # built-in default
# template = "daily"  # built-in default

# your own templates (a file here overrides the built-in of the same name)
# [templates]
# folder = "Templates"  # built-in default
# date_format = "YYYY-MM-DD"  # built-in default
# time_format = "HH:mm"  # built-in default

# a new empty note in one of these folders is filled with that template
# [prompts]
# "Dreams" = "dream"  # built-in default
# "Emotions" = "emotion-log"  # built-in default
# "Free writing" = "free-writing"  # built-in default
# "Letters" = "unsent-letter"  # built-in default
# "Sessions" = "session-reflection"  # built-in default
# "Thought records" = "thought-record"  # built-in default

# notes here named by date (or with `type: session`) record a session; schedule e.g. "weekly:thu" or "fortnightly:tue:2026-11-17"
# [sessions]
# folder = "Sessions"  # built-in default
# schedule = ""  # built-in default
# threads_heading = "What I will try"  # built-in default

# lines tagged with these tags collect in the agenda note; phrases = false leaves your own phrases out of "What repeated"; still_open: how many earlier things still open are shown (the rest fold into a count); window_days: until a session is recorded, the agenda shows this many last days
# [agenda]
# note = "Next session.md"  # built-in default
# tags = ["next"]  # built-in default
# phrases = true  # built-in default
# still_open = 7  # built-in default
# window_days = 14  # built-in default

# mood values run from 1 to this number; show_average = true adds an average
# [mood]
# scale = 10  # built-in default
# show_average = false  # built-in default

# your people and numbers, shown right under the agenda's title and, folded, on every writing page, e.g. "My therapist: …", "Crisis line: …"; until you set them, your local emergency number and findahelpline.com
# [support]
# contacts = []  # built-in default
# contacts = ["My therapist: (the practice number)", "Crisis line: (your local number)"]

# notes in these folders are private: never counted, quoted or put in the brief (so are notes with `private: true` and lines tagged #private)
# [privacy]
# folders = ["Letters"]  # built-in default

# a weekly review (Reviews/2026-W47.md) for each of the last so many finished weeks; 0 turns them off. Mood charts go in the folder's Charts/
# [reviews]
# folder = "Reviews"  # built-in default
# weeks = 4  # built-in default

# vaultkit watch: a full rescan every so many minutes; polling = true on a network drive or in a container, where file events do not arrive
# [watch]
# rescan_minutes = 10.0  # built-in default
# polling = false  # built-in default
"""

# --- the vault ------------------------------------------------------------------------------


def _plan(notes: int) -> dict[str, int]:
    """How many notes of each kind; they add up to `notes`."""
    daily = max(1, round(notes * DAILY_SHARE)) if notes else 0
    rest = notes - daily
    people = min(len(PEOPLE), max(2, notes // 300), rest)
    rest -= people
    sessions = min(rest, max(1, daily // 7))
    rest -= sessions
    weights = [
        ("Emotions", 30),
        ("Free writing", 25),
        ("Thought records", 20),
        ("Dreams", 15),
        ("Letters", 10),
    ]
    plan = {"Journal": daily, "People": people, "Sessions": sessions}
    total = sum(weight for _, weight in weights)
    given = 0
    for index, (folder, weight) in enumerate(weights):
        count = rest - given if index == len(weights) - 1 else rest * weight // total
        plan[folder] = count
        given += count
    return plan


def generate(root: Path, notes: int, seed: int = 1, kind: str = "standard") -> dict:
    """Write a synthetic vault of `notes` Markdown notes of `kind` under `root` (made if missing).

    Returns counts: files (everything written), notes (Markdown), bytes (Markdown bytes),
    and one entry per top folder.
    """
    if kind == "standard":
        files, mtime = standard_notes(notes, seed), FIXED_MTIME
    elif kind == "long-history":
        files, mtime = gen_history.history_notes(notes, seed), CLONE_MTIME
    else:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    files["vaultkit.toml"] = VAULTKIT_TOML
    files[".obsidian/app.json"] = "{}\n"
    return write_tree(Path(root), files, mtime)


def standard_notes(notes: int, seed: int) -> dict[str, str]:
    """The standard vault's notes: path -> text."""
    rng = random.Random(seed)
    plan = _plan(notes)
    people = PEOPLE[: max(plan["People"], 6)]
    w = Writer(rng, people)
    files: dict[str, str] = {}

    # Daily pages, newest first, one a day going back from END_DATE.
    days = [END_DATE - dt.timedelta(days=i) for i in range(plan["Journal"])]
    first_day = days[-1] if days else END_DATE
    # Sessions: weekly on Thursdays back from LAST_SESSION, inside the span of the daily pages.
    sessions = [LAST_SESSION - dt.timedelta(weeks=i) for i in range(plan["Sessions"])]
    session_threads = {s: sorted(rng.sample(THREADS, rng.randint(2, 3))) for s in sessions}

    def threads_before(day: dt.date) -> list[str]:
        # The "What I will try" of the latest session before `day` (sessions are newest first).
        for s in sessions:
            if s < day:
                return session_threads[s] if rng.random() < 0.4 else []
        return []

    next_items: dict[dt.date, list[str]] = {}
    for index, day in enumerate(days):
        newest = index == 0
        recent = day > LAST_SESSION - dt.timedelta(days=60)
        text = daily_page(
            w,
            day,
            has_next=newest or rng.random() < 1 / 6,
            decoy_code=newest or rng.random() < 0.05,
            decoy_inline=newest or rng.random() < 0.07,
            decoy_comment=newest or rng.random() < 0.04,
            threads=threads_before(day),
            recent=recent,
        )
        files[f"Journal/{day.isoformat()}.md"] = text
        items = [
            line
            for line in text.splitlines()
            if line.startswith("- ") and line.endswith(("#next", "#next/urgent"))
        ]
        if items:
            next_items[day] = items

    def brought_for(session: dt.date, previous: dt.date | None) -> list[tuple[str, dt.date]]:
        found = []
        for day in sorted(next_items):
            if (previous is None or day >= previous) and day < session:
                for line in next_items[day]:
                    text = line[2:]
                    if text.startswith(("[ ] ", "[x] ")):
                        text = text[4:]
                    text = text.rsplit(" #next", 1)[0]
                    found.append((text, day))
        return found

    for index, day in enumerate(sessions):
        previous = sessions[index + 1] if index + 1 < len(sessions) else None
        files[f"Sessions/{day.isoformat()} session.md"] = session_note(
            w, day, brought_for(day, previous), session_threads[day]
        )

    span = max((END_DATE - first_day).days, 0)
    for folder in ("Emotions", "Free writing", "Thought records", "Dreams", "Letters"):
        for _ in range(plan[folder]):
            day = first_day + dt.timedelta(days=rng.randint(0, span))
            title, path = prompt_title_and_path(w, folder, day, people, files)
            files[path] = prompt_note(w, folder, day, title)

    for name in people[: plan["People"]]:
        day = first_day + dt.timedelta(days=rng.randint(0, min(span, 30)))
        files[f"People/{name}.md"] = person_note(w, name, day)

    return files


def write_tree(root: Path, files: dict[str, str], mtime: int) -> dict:
    """Write every file, then date every file and folder (deepest first) `mtime`."""
    counts = {"files": 0, "notes": 0, "bytes": 0}
    folders = {root}
    for rel in sorted(files):
        data = files[rel].encode("utf-8")
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (mtime, mtime))
        folder = path.parent  # every folder up to the root, also one holding only folders
        while folder != root:
            folders.add(folder)
            folder = folder.parent
        counts["files"] += 1
        if rel.endswith(".md"):
            counts["notes"] += 1
            counts["bytes"] += len(data)
            top = rel.split("/", 1)[0]
            counts[top] = counts.get(top, 0) + 1
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        os.utime(folder, (mtime, mtime))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write the vault into")
    parser.add_argument("--notes", type=int, default=10000, help="how many notes (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    parser.add_argument(
        "--kind", choices=KINDS, default="standard", help="which vault (default standard)"
    )
    args = parser.parse_args(argv)
    if args.notes < 1:
        parser.error("--notes must be 1 or more")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out}: exists and is not empty")
    started = time.perf_counter()
    counts = generate(args.out, args.notes, args.seed, args.kind)
    elapsed = time.perf_counter() - started
    details = ", ".join(
        f"{k} {v}" for k, v in counts.items() if k not in ("files", "notes", "bytes")
    )
    print(
        f"{args.out}: {counts['notes']} notes, {counts['bytes'] / 1e6:.1f} MB of Markdown, "
        f"{counts['files']} files ({details}) in {elapsed:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
