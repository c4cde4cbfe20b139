#!/usr/bin/env python3
"""A seeded generator of synthetic vaultkit vaults, for benchmarks.

    python benchmarks/generate.py OUT --notes 10000 --seed 1

or, as a module, ``generate(root, notes, seed=1) -> dict`` (counts: files, notes, bytes, ...).

The same seed and note count always give a byte-identical tree: same names, same bytes, same
modification times (every file and folder is dated 2026-01-01 12:00 UTC, so no quiet period ever
applies). Standard library only; everything random comes from one ``random.Random(seed)``.

What a vault holds (all invented; no real personal data):

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

The vault is already tended: no ``{{trigger}}`` lines, no empty prompt notes, no agenda note.
A ``vaultkit run`` on 2026-11-22 creates that day's page and the agenda, nothing else.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

# The newest daily page; vaultkit run on the day after creates "today's" page.
END_DATE = dt.date(2026, 11, 21)
# Weekly sessions on Thursdays; the last one falls two days before END_DATE.
LAST_SESSION = dt.date(2026, 11, 19)
# 2026-01-01 12:00:00 UTC: old enough that no quiet period ever applies.
FIXED_MTIME = 1767268800

DAILY_SHARE = 0.70
DAILY_MIN, DAILY_MAX = 1500, 4000  # bytes, UTF-8, for every daily page

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

# lines tagged with these tags collect in the agenda note; phrases = false leaves your own phrases out of "What repeated"; still_open: how many earlier things still open are shown (the rest fold into a count)
# [agenda]
# note = "Next session.md"  # built-in default
# tags = ["next"]  # built-in default
# phrases = true  # built-in default
# still_open = 7  # built-in default

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

# --- word lists ---------------------------------------------------------------------------

PEOPLE = [
    "Sam",
    "Mum",
    "Dad",
    "Jo",
    "Priya",
    "Dana",
    "Alex",
    "Kit",
    "Noor",
    "Tomás",
    "Lyn",
    "Grandad",
    "Ben",
    "Leah",
    "Marco",
    "Yuki",
    "Ife",
    "Rosa",
    "Finn",
    "Hana",
    "Omar",
    "Ruth",
    "Theo",
    "Zara",
    "Mika",
    "Jules",
    "Ana",
    "Kofi",
    "Ines",
    "Pat",
]
ROLES = {
    "Sam": "My manager since the spring. He runs the platform team.",
    "Mum": "Mum. Lives two hours away by train; we talk on Sundays.",
    "Dad": "Dad. Quieter than Mum, easier on the phone than in person.",
    "Jo": "My oldest friend. We met at school and somehow kept going.",
    "Dana": "My therapist. Thursdays, usually at five.",
}
ROLE_LINES = [
    "We work on the same floor and have lunch together sometimes.",
    "A friend from the running club.",
    "Lives next door; we swap keys when one of us is away.",
    "From the old team. We still message now and then.",
    "Family, on Mum's side. Big presence at Christmas.",
    "A friend of Jo's who became a friend of mine.",
    "Someone from the evening class.",
]
TAGS = [
    "sleep",
    "work",
    "walk",
    "family",
    "anxiety",
    "body",
    "friends",
    "rest",
    "food",
    "money",
    "home",
    "selfcare",
    "running",
    "reading",
    "music",
    "weather",
    "loops",
    "body/tension",
    "work/meetings",
    "family/mum",
    "sleep/3am",
    "gratitude",
]
FEELINGS = [
    "anxious",
    "sad",
    "ashamed",
    "angry",
    "flat",
    "tired",
    "relieved",
    "hopeful",
    "irritated",
    "lonely",
    "calm",
    "overwhelmed",
    "guilty",
    "proud",
    "restless",
    "numb",
]
PLACES = [
    "the kitchen",
    "the bus",
    "the park",
    "my desk",
    "the shop",
    "the station",
    "the canal path",
    "the café on the corner",
    "the office",
    "bed",
    "the library",
    "the garden",
    "the car",
    "the waiting room",
    "the stairwell",
]
TIMES = [
    "this morning",
    "at lunch",
    "after work",
    "in the evening",
    "around three",
    "just before bed",
    "on the way home",
    "first thing",
    "late at night",
    "mid-afternoon",
]
ACTIVITIES = [
    "walked for twenty minutes",
    "cooked something proper",
    "read a few pages",
    "went for a run",
    "called Mum back",
    "tidied the flat",
    "sat in the sun",
    "had a long bath",
    "did the breathing exercise",
    "answered the emails",
    "watched something stupid and good",
    "wrote a list",
    "took the long way round",
    "made soup",
    "stretched for ten minutes",
    "played the piano badly",
]
THINGS = [
    "the migration",
    "the deadline",
    "Christmas",
    "the rent",
    "the dentist",
    "the email I haven't sent",
    "the review",
    "the move",
    "the car",
    "the wedding",
    "the noise upstairs",
    "the plan for the weekend",
    "the phone bill",
    "the trip",
]
BODY = [
    "tight chest",
    "hot face",
    "stomach dropped",
    "heavy shoulders",
    "clenched jaw",
    "shaky hands",
    "tight throat",
    "headache behind the eyes",
    "restless legs",
]
LOOPS = [
    "Everyone else manages this fine.",
    "I should have said no.",
    "They're going to find out I can't do this.",
    "Why do I always do this.",
    "If I stop, everything falls apart.",
    "I'm too much for people.",
    "It's my fault it went wrong.",
    "I'll never get on top of it.",
    "Nobody would notice if I wasn't there.",
    "I'm behind on everything.",
]
THREADS = [
    'Say "let me check and come back to you" instead of yes',
    "Keep the lunch walks",
    "Write the letter I'm not going to send",
    "Notice the 3am list-making and write it down instead of arguing with it",
    "One evening a week with no screens",
    "Eat something before the big meetings",
    "Ask for the thing directly, once",
    "Try the breathing before answering",
    "Go to bed at the same time, even at weekends",
    "Name the feeling before acting on it",
    "Leave work at six twice this week",
    "Tell Jo how it actually went",
]
NEXT_LINES = [
    "The 3am waking is most nights now. I'd like to spend real time on it",
    'I said "that\'s fine" three times and none of it was fine',
    "Walking helps more than I expected. I want to say that out loud",
    "bring the Christmas question (an answer is wanted by the end of the month)",
    "ask whether the breathing is supposed to feel this awkward",
    "the dream with the train again",
    "why does a short email ruin a whole weekend",
    "I was kind to myself today and it felt strange",
    "the thing with {person} at the weekend",
    "how to say no without an essay of reasons",
    "{thing} keeps taking up the whole evening",
    "felt {feeling} for most of the day and I don't know why",
    "talk about {person} and {thing}",
    "the letter to {person}, whether to actually send it",
]
SENTENCES = [
    "Up at {clock} again, and again at {clock2}.",
    "Woke up {feeling} and it stayed most of the morning.",
    "{Time} I {activity}, and it helped more than I expected.",
    "{person_link} said something about {thing} and I've been turning it over since.",
    "Spent too long at {place} thinking about {thing}.",
    "I {activity} {time}. Small, but it counts.",
    "Work was fine on the surface. Underneath, {feeling}.",
    "Had a {feeling} moment at {place} and didn't know what to do with it.",
    "Texted {person_link} {time}; we talked for longer than I planned.",
    "Kept rehearsing the conversation about {thing} in my head.",
    "The weather turned {time} and so did my mood.",
    "I noticed I was holding my breath again. {body_cap}.",
    "It's strange how {thing} can take up a whole day without anything happening.",
    "Tried to read {time} but kept losing the thread.",
    "Nothing dramatic today. A {feeling} kind of day, mostly.",
    "Ate properly for once, sat down and everything.",
    "{person_link} asked how I was and I actually answered.",
    "Got the thing done that I'd been avoiding for a week. Relief, then tired.",
    "By the evening I was {feeling}, and more tired than the day explains.",
    "Cancelled on {person_link}. Felt guilty, then relieved, then guilty about the relief.",
    "The bus was late and I didn't spiral about it, which is new.",
    "Found myself at {place} without quite remembering the walk there.",
    "Wrote down the worry about {thing} instead of carrying it around. It looked smaller on paper.",
    "A good hour with {person_link}, the kind where nobody checks their phone.",
    "I keep thinking I should be further along by now.",
]
REF_SENTENCES = [
    "Saved this for later: {url}",
    "The article Dana mentioned is at {url}, the part about sleep.",
    "Looked up the breathing thing again ({url}).",
    "Bookmarked {url} to read when I have the energy.",
]
URLS = [
    "https://example.org/sleep-hygiene#routine",
    "https://example.org/page#section",
    "https://example.com/articles/box-breathing#how-to",
    "https://example.net/notes#top",
    "https://example.org/blog/2019/rest#comments",
    "https://example.com/faq#q-3",
]
CODE_SNIPPETS = [  # pasted text: the tags in here must never count
    ["copied from the group chat:", "- [ ] pasted reminder from the chat #next", "#weekend #plans"],
    [
        "the message I drafted and didn't send:",
        "Hi, sorry, can we move it? #next",
        "(not sending this)",
    ],
    [
        "note to self from the old app, format was:",
        "TODO: old app item #next #urgent",
        "DONE: old app item #work",
    ],
    ["shopping list from the fridge:", "oats, milk, #next pasted list entry", "soap"],
]
INLINE_CODE = [
    "I keep typing `#next` on everything, which probably says something.",
    "Dana said to use `#next/urgent` only when it really can't wait.",
    "The old habit was a `#todo` on every line; I've stopped that.",
    "Wrote `mood:: 3` in the wrong place first, fixed it.",
]
HTML_COMMENTS = [
    "<!-- #next maybe, not sure yet -->",
    "<!-- draft: #next the thing about the car -->",
    "<!-- #next -->",
]
TITLES = {
    "Dreams": [
        "the train",
        "the flooded house",
        "the exam again",
        "falling",
        "the old school",
        "the lift",
        "the wedding",
        "teeth",
        "the beach",
        "being late",
        "the stranger",
    ],
    "Thought records": [
        "the email",
        "the meeting",
        "the phone call",
        "the review",
        "the party",
        "the message",
        "the look",
        "the invoice",
        "the visit",
    ],
    "Free writing": [
        "morning pages",
        "Sunday",
        "after the call",
        "before bed",
        "the week",
        "on the train",
        "lunch break",
        "rain",
    ],
    "Letters": [
        "about the holidays",
        "about the move",
        "about what you said",
        "about the job",
        "about last summer",
        "about us",
        "about the money",
        "about being there",
    ],
    "Emotions": ["", "evening", "work day", "the weekend", "the visit", "a long one"],
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long_date(day: dt.date) -> str:
    """Moment's "dddd, MMMM Do YYYY", as the built-in templates write it."""
    n = day.day
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {n}{suffix} {day.year}"


class Writer:
    """Prose from word lists, all drawn from one Random."""

    def __init__(self, rng: random.Random, people: list[str]):
        self.rng, self.people = rng, people

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def person_link(self) -> str:
        name = self.pick(self.people)
        return f"[[People/{name}]]" if self.rng.random() < 0.5 else f"[[People/{name}|{name}]]"

    def fill(self, template: str) -> str:
        r = self.rng
        clock = r.randrange(2, 5)
        values = {
            "clock": str(clock),
            "clock2": str(clock + r.randrange(1, 3)),
            "feeling": self.pick(FEELINGS),
            "place": self.pick(PLACES),
            "time": self.pick(TIMES),
            "activity": self.pick(ACTIVITIES),
            "thing": self.pick(THINGS),
            "person_link": self.person_link(),
            "person": self.pick(self.people),
            "body_cap": self.pick(BODY).capitalize(),
            "url": self.pick(URLS),
        }
        values["Time"] = values["time"][0].upper() + values["time"][1:]
        return template.format(**values)

    def sentence(self) -> str:
        if self.rng.random() < 0.04:
            return self.fill(self.pick(REF_SENTENCES))
        return self.fill(self.pick(SENTENCES))

    def paragraph(self, low: int = 2, high: int = 5) -> str:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))
        roll = self.rng.random()
        if roll < 0.45:
            text += " #" + self.pick(TAGS)
        elif roll < 0.55:
            text += f" #{self.pick(TAGS)} #{self.pick(TAGS)}"
        return text


# --- notes ----------------------------------------------------------------------------------


def frontmatter(fields: list[tuple[str, str]]) -> list[str]:
    return ["---", *(f"{k}: {v}" for k, v in fields), "---", ""]


def daily_page(
    w: Writer,
    day: dt.date,
    *,
    has_next: bool,
    decoy_code: bool,
    decoy_inline: bool,
    decoy_comment: bool,
    threads: list[str],
    recent: bool,
) -> str:
    r = w.rng
    target = r.randint(DAILY_MIN + 300, DAILY_MAX - 200)
    tags = sorted({w.pick(TAGS) for _ in range(r.randint(1, 3))})
    head = frontmatter(
        [
            ("date", day.isoformat()),
            ("mood", str(r.randint(1, 10))),
            ("tags", "[" + ", ".join(tags) + "]"),
        ]
    )
    head += [f"# {long_date(day)}", ""]
    if r.random() < 0.5:
        head += ["## Check-in", "", f"{w.pick(FEELINGS).capitalize()}, mostly. {w.sentence()}", ""]

    happened = [w.paragraph()]
    extras: list[str] = []
    if decoy_inline:
        extras.append(w.pick(INLINE_CODE))
    if decoy_comment:
        extras.append(w.paragraph(1, 2) + " " + w.pick(HTML_COMMENTS))
    if r.random() < 0.3:
        yesterday = day - dt.timedelta(days=1)
        extras.append(
            f"Reread [[{yesterday.isoformat()}]] and it sounds like a different "
            f"person wrote it. {w.sentence()}"
        )
    happened += extras
    code: list[str] = []
    if decoy_code:
        code = ["```text", *w.pick(CODE_SNIPPETS), "```", ""]

    spikes = ["## The spikes", ""]
    for _ in range(r.randint(1, 2)):
        spikes.append(
            f"- [emotion:: {w.pick(FEELINGS)}] [intensity:: {r.randrange(20, 95, 5)}]"
            f" Right before: {w.sentence()}"
        )
    spikes.append("")
    loops = ["## The loops", "", f"> {w.pick(LOOPS)}", ""]
    thread_part = []
    if threads:
        thread_part = ["## Threads from last session", "", *(f"- {t}" for t in threads), ""]

    tasks = []
    if r.random() < 0.25:
        tasks = ["## To do", ""]
        for _ in range(r.randint(1, 3)):
            done = "x" if (not recent and r.random() < 0.9) or r.random() < 0.3 else " "
            tasks.append(f"- [{done}] {w.fill(w.pick(ACTIVITIES))}")
        tasks.append("")

    nxt = []
    if has_next:
        nxt = ["## For next session", ""]
        for _ in range(r.randint(1, 2)):
            text = w.fill(w.pick(NEXT_LINES))
            tag = "#next/urgent" if r.random() < 0.05 else "#next"
            kind = r.random()
            if kind < 0.35:
                # Old tasks are mostly ticked off already, as in a tended vault.
                done = "x" if not recent and r.random() < 0.95 else " "
                nxt.append(f"- [{done}] {text} {tag}")
            else:
                nxt.append(f"- {text} {tag}")
        nxt.append("")

    def assemble(paragraphs: list[str]) -> str:
        lines = [*list(head), "## What happened", ""]
        for index, para in enumerate(paragraphs):
            lines += [para, ""]
            if index == 0 and code:
                lines += code
        lines += spikes + loops + thread_part + tasks + nxt
        return "\n".join(lines).rstrip("\n") + "\n"

    text = assemble(happened)
    while len(text.encode("utf-8")) < target:
        paragraph = w.paragraph()
        candidate = assemble([*happened, paragraph])
        if len(candidate.encode("utf-8")) > DAILY_MAX:
            break
        happened.append(paragraph)
        text = candidate
    while len(text.encode("utf-8")) < DAILY_MIN:  # short paragraphs: pad with sentences
        happened.append(w.sentence())
        text = assemble(happened)
    return text


def session_note(
    w: Writer, day: dt.date, brought: list[tuple[str, dt.date]], threads: list[str]
) -> str:
    r = w.rng
    lines = frontmatter([("type", "session"), ("date", day.isoformat())])
    lines += [
        f"# Session — {long_date(day)}",
        "",
        "## What came up",
        "",
        w.paragraph(2, 4),
        "",
        w.paragraph(2, 4),
        "",
        "## What landed",
        "",
        w.paragraph(1, 3),
        "",
        "## What I didn't expect",
        "",
        w.paragraph(1, 3),
        "",
        "## What I will try",
        "",
        *(f"- {t}" for t in threads),
        "",
        "## The agenda I brought",
        "",
        "As it stood when the session was recorded; ticked means we talked about it.",
        "",
    ]
    if brought:
        for text, source in brought:
            mark = "x" if r.random() < 0.7 else " "
            lines.append(f"- [{mark}] {text} — [[{source.isoformat()}]]")
    else:
        lines.append("Nothing was on the agenda this time.")
    lines += [
        "",
        "%% After-session reflection, as in CBT therapy notes and action plans "
        "(Judith S. Beck): what landed, and one small thing to try before next time. %%",
    ]
    return "\n".join(lines) + "\n"


def prompt_note(w: Writer, folder: str, day: dt.date, title: str) -> str:
    r = w.rng
    if folder == "Emotions":
        lines = frontmatter(
            [
                ("type", "emotion-log"),
                ("date", day.isoformat()),
                ("distress_before", str(r.randrange(30, 95, 5))),
                ("distress_after", str(r.randrange(10, 80, 5))),
            ]
        )
        lines += [f"# Emotion log — {long_date(day)}", ""]
        for _ in range(r.randint(2, 5)):
            lines += [
                "## Spike",
                "",
                f"- Time: {r.randrange(7, 23):02d}:{r.randrange(0, 60, 5):02d}",
                f"- Emotion and how strong (0–100): [emotion:: {w.pick(FEELINGS)}] "
                f"[intensity:: {r.randrange(20, 95, 5)}]",
                f"- What happened right before: {w.sentence()}",
                f"- In my body: {w.pick(BODY)}",
                f"- The thought: {w.pick(LOOPS)}",
                f"- What I did: I {w.pick(ACTIVITIES)}.",
                "",
            ]
        lines += ["## End of the day", "", w.paragraph(2, 3), ""]
    elif folder == "Thought records":
        lines = frontmatter(
            [
                ("type", "thought-record"),
                ("date", day.isoformat()),
                ("distress_before", str(r.randrange(50, 95, 5))),
                ("distress_after", str(r.randrange(20, 60, 5))),
            ]
        )
        lines += [
            f"# Thought record — {long_date(day)}",
            "",
            "## 1. Situation",
            "",
            w.paragraph(2, 3),
            "",
            "## 2. Emotions",
            "",
            *(
                f"- [emotion:: {w.pick(FEELINGS)}] [intensity:: {r.randrange(30, 95, 5)}]"
                for _ in range(2)
            ),
            "",
            "## 3. Automatic thoughts",
            "",
            *(f"- {w.pick(LOOPS)}" for _ in range(3)),
            "",
            "## 4. Evidence for",
            "",
            *(f"- {w.sentence()}" for _ in range(2)),
            "",
            "## 5. Evidence against",
            "",
            *(f"- {w.sentence()}" for _ in range(3)),
            "",
            "## 6. Balanced thought",
            "",
            w.paragraph(1, 2),
            "",
            f"- Belief (0–100): {r.randrange(40, 90, 5)}",
            "",
            "## 7. Re-rate emotions",
            "",
            *(f"- {w.pick(FEELINGS)}: {r.randrange(10, 60, 5)}" for _ in range(2)),
            "",
        ]
    elif folder == "Free writing":
        start = r.randrange(6, 22)
        lines = frontmatter(
            [
                ("type", "free-writing"),
                ("date", day.isoformat()),
                ("distress_before", str(r.randrange(20, 90, 5))),
                ("distress_after", str(r.randrange(10, 70, 5))),
            ]
        )
        lines += [
            f"# Free writing — {long_date(day)}",
            "",
            f"- Started: {start:02d}:00",
            f"- Ended: {start:02d}:{r.randrange(15, 25)}",
            "",
            "## Writing",
            "",
        ]
        for _ in range(r.randint(5, 9)):
            lines += [w.paragraph(3, 6), ""]
        lines += ["## Afterwards", "", f"{w.pick(FEELINGS).capitalize()}, and a bit lighter.", ""]
    elif folder == "Dreams":
        lines = frontmatter([("type", "dream"), ("date", day.isoformat())])
        lines += [
            f"# Dream — {long_date(day)}",
            "",
            f"- Dream or daydream: {w.pick(['a dream, just before waking', 'a daydream', 'a dream, middle of the night'])}",
            "",
            "## What happened",
            "",
            w.paragraph(3, 5),
            "",
            w.paragraph(2, 5),
            "",
            "## Feelings",
            "",
            f"In the dream: {w.pick(FEELINGS)}. Now: {w.pick(FEELINGS)}.",
            "",
            "## Associations",
            "",
            w.paragraph(1, 3),
            "",
        ]
    else:  # Letters
        to = title.split(",")[0].removeprefix("To ")
        lines = frontmatter([("type", "letter"), ("date", day.isoformat())])
        lines += [
            f"# {title}",
            "",
            "> [!note] This letter is not meant to be sent.",
            "> Say it as plainly as you need to. It stays here, with you.",
            "",
            f"To: {to}",
            "",
            "## What I want you to know",
            "",
            w.paragraph(3, 5),
            "",
            w.paragraph(2, 4),
            "",
            "## What I needed",
            "",
            w.paragraph(2, 4),
            "",
            "## What I am letting go of",
            "",
            w.paragraph(1, 3),
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def person_note(w: Writer, name: str, day: dt.date) -> str:
    lines = frontmatter([("date", day.isoformat())])
    lines += [f"# {name}", "", ROLES.get(name, w.pick(ROLE_LINES)), "", w.paragraph(1, 3), ""]
    return "\n".join(lines)


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


def generate(root: Path, notes: int, seed: int = 1) -> dict:
    """Write a synthetic vault of `notes` Markdown notes under `root` (made if missing).

    Returns counts: files (everything written), notes (Markdown), bytes (Markdown bytes),
    and one entry per folder.
    """
    root = Path(root)
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
            if folder == "Letters":
                title = f"To {w.pick(people)}, {w.pick(TITLES['Letters'])}"
            else:
                title = w.pick(TITLES[folder])
            stem = f"{day.isoformat()} {title}".strip()
            name, n = stem, 2
            while f"{folder}/{name}.md" in files:
                name, n = f"{stem} {n}", n + 1
            files[f"{folder}/{name}.md"] = prompt_note(w, folder, day, title)

    for name in people[: plan["People"]]:
        day = first_day + dt.timedelta(days=rng.randint(0, min(span, 30)))
        files[f"People/{name}.md"] = person_note(w, name, day)

    files["vaultkit.toml"] = VAULTKIT_TOML
    files[".obsidian/app.json"] = "{}\n"

    counts = {"files": 0, "notes": 0, "bytes": 0}
    folders = set()
    for rel in sorted(files):
        data = files[rel].encode("utf-8")
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
        folders.add(path.parent)
        counts["files"] += 1
        if rel.endswith(".md"):
            counts["notes"] += 1
            counts["bytes"] += len(data)
            top = rel.split("/", 1)[0]
            counts[top] = counts.get(top, 0) + 1
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        os.utime(folder, (FIXED_MTIME, FIXED_MTIME))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write the vault into")
    parser.add_argument("--notes", type=int, default=10000, help="how many notes (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    args = parser.parse_args(argv)
    if args.notes < 1:
        parser.error("--notes must be 1 or more")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out}: exists and is not empty")
    started = time.perf_counter()
    counts = generate(args.out, args.notes, args.seed)
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
