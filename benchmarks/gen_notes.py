"""The notes of the benchmark vaults: prose from word lists, daily pages, sessions, prompt notes.

Everything random is drawn from the one ``random.Random`` a ``Writer`` holds, in a fixed order, so a
seed always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random

from gen_words import (
    ACTIVITIES,
    BODY,
    CODE_SNIPPETS,
    FEELINGS,
    HTML_COMMENTS,
    INLINE_CODE,
    LOOPS,
    MONTHS,
    NEXT_LINES,
    PLACES,
    REF_SENTENCES,
    ROLE_LINES,
    ROLES,
    SENTENCES,
    TAGS,
    THINGS,
    TIMES,
    TITLES,
    URLS,
    WEEKDAYS,
)

# The newest daily page; vaultkit run on the day after creates "today's" page.
END_DATE = dt.date(2026, 11, 21)
DAILY_MIN, DAILY_MAX = 1500, 4000  # bytes, UTF-8, for every daily page


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


def prompt_title_and_path(
    w: Writer, folder: str, day: dt.date, people: list[str], files: dict[str, str]
) -> tuple[str, str]:
    """A prompt note's title, and a path in `folder` that no note of `files` has yet."""
    if folder == "Letters":
        title = f"To {w.pick(people)}, {w.pick(TITLES['Letters'])}"
    else:
        title = w.pick(TITLES[folder])
    stem = f"{day.isoformat()} {title}".strip()
    name, n = stem, 2
    while f"{folder}/{name}.md" in files:
        name, n = f"{stem} {n}", n + 1
    return title, f"{folder}/{name}.md"


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
