"""The long-history benchmark vault: an existing journal brought to vaultkit for the first time.

The hard case for anything that grows with the history (issue 16):

* daily pages ``Journal/YYYY-MM-DD.md``, one a day going back from 2026-11-21, at most 27
  years of them (10,000 notes reach back to 2000; 1,000 notes about three years). Each has
  ``#next`` lines (about two a page, ``#next/urgent`` now and then), open ``- [ ]`` and done
  ``- [x]`` tasks at every age, a mood (frontmatter, or a ``mood::`` line), emotions with
  intensities, tags, ``[[People/...]]`` links and ``[[YYYY-MM-DD]]`` links to earlier pages;
* no session note at all, so nothing closes a period;
* undated reference notes ``Reference/LANG/TITLE.md`` in six languages (2% of the notes), with
  tags, links between them and checklists: dated only by their modification time;
* past 27 years of pages (50,000 notes), filled prompt notes over the whole span, as in the
  standard vault, some carrying a ``#next`` line or an open task;
* a few ``People/NAME.md``.

Every file and folder is dated ``CLONE_MTIME`` (2026-11-22 12:00 UTC), as after a fresh clone:
a run on 2026-11-22 reads every undated note as written today.
"""

from __future__ import annotations

import datetime as dt
import random

from gen_languages import LANGUAGES
from gen_notes import (
    DAILY_MAX,
    DAILY_MIN,
    END_DATE,
    Writer,
    frontmatter,
    long_date,
    person_note,
    prompt_note,
    prompt_title_and_path,
)
from gen_words import ACTIVITIES, FEELINGS, NEXT_LINES, PEOPLE, TAGS

CLONE_MTIME = 1795348800  # 2026-11-22 12:00:00 UTC
YEARS = 27
FIRST_DAY = END_DATE.replace(year=END_DATE.year - YEARS) + dt.timedelta(days=1)
MAX_DAILY = (END_DATE - FIRST_DAY).days + 1
REFERENCE_SHARE = 50  # one note in 50 is an undated reference note
PROMPT_WEIGHTS = [
    ("Emotions", 30),
    ("Free writing", 25),
    ("Thought records", 20),
    ("Dreams", 15),
    ("Letters", 10),
]
TASKS = [
    "renew the passport",
    "call the GP about the results",
    "fix the bathroom tap",
    "reply to {person}",
    "pay the phone bill",
    "sort out {thing}",
    "book the dentist",
    "return the library books",
    "send {person} the photos",
    "look into {thing}",
]
ASIDES = [  # prose that ends on an item, outside any list
    "I keep meaning to talk about {thing} and never do",
    "{person} said something that stuck and I want to unpick it",
    "still not sure why I felt {feeling} all afternoon",
]


def plan(notes: int) -> dict[str, int]:
    """How many notes of each kind; they add up to `notes`."""
    # Even the smallest vault has a daily page, the one the benchmark edits.
    people = min(len(PEOPLE), max(2, notes // 300), max(notes - 1, 0))
    reference = max(min(max(1, notes // REFERENCE_SHARE), notes - people - 1), 0)
    daily = min(notes - people - reference, MAX_DAILY)
    result = {"Journal": daily, "People": people, "Reference": reference}
    rest, given = notes - daily - people - reference, 0
    total = sum(weight for _, weight in PROMPT_WEIGHTS)
    for index, (folder, weight) in enumerate(PROMPT_WEIGHTS):
        count = rest - given if index == len(PROMPT_WEIGHTS) - 1 else rest * weight // total
        result[folder] = count
        given += count
    return result


def item_lines(w: Writer, count: int) -> list[str]:
    """`count` agenda items: plain or task lines, open or done, now and then urgent."""
    r = w.rng
    lines = []
    for _ in range(count):
        text = w.fill(w.pick(NEXT_LINES))
        tag = "#next/urgent" if r.random() < 0.03 else "#next"
        roll = r.random()
        if roll < 0.3:
            lines.append(f"- [ ] {text} {tag}")
        elif roll < 0.45:
            lines.append(f"- [x] {text} {tag}")
        else:
            lines.append(f"- {text} {tag}")
    return lines


def history_page(w: Writer, day: dt.date, first_day: dt.date, references: list[str]) -> str:
    """One daily page: mood, prose with tags and links, emotions, tasks, items."""
    r = w.rng
    target = r.randint(DAILY_MIN + 300, DAILY_MAX - 200)
    tags = sorted({w.pick(TAGS) for _ in range(r.randint(1, 3))})
    fields = [("date", day.isoformat())]
    mood_line = r.random() < 0.15  # some write the mood as a field line instead
    if not mood_line:
        fields.append(("mood", str(r.randint(1, 10))))
    fields.append(("tags", "[" + ", ".join(tags) + "]"))
    head = [*frontmatter(fields), f"# {long_date(day)}", ""]
    if mood_line:
        head += [f"mood:: {r.randint(1, 10)}", ""]

    extras = []
    age = (day - first_day).days
    for _ in range(r.choice((0, 1, 1, 2, 3))):  # links back to earlier pages
        if age:
            then = day - dt.timedelta(days=r.randint(1, age))
            extras.append(f"Same as on [[{then.isoformat()}]], more or less. {w.sentence()}")
    if references and r.random() < 0.15:
        extras.append(f"Followed [[{w.pick(references)}]] again. {w.sentence()}")
    if r.random() < 0.2:
        extras.append(f"{w.sentence()} {w.fill(w.pick(ASIDES))} #next")

    feelings = ["## Feelings", ""]
    for _ in range(r.randint(1, 3)):
        feelings.append(
            f"- [emotion:: {w.pick(FEELINGS)}] [intensity:: {r.randrange(20, 95, 5)}]"
            f" Right before: {w.sentence()}"
        )
    feelings.append("")
    tasks = []
    if r.random() < 0.6:
        tasks = ["## To do", ""]
        for _ in range(r.randint(1, 4)):
            mark = " " if r.random() < 0.35 else "x"
            task = w.fill(w.pick(TASKS + ACTIVITIES))
            roll = r.random()  # a task may be tagged, or be an item too
            tag = f" #{w.pick(TAGS)}" if roll < 0.3 else " #next" if roll < 0.4 else ""
            tasks.append(f"- [{mark}] {task}{tag}")
        tasks.append("")
    items = []
    if r.random() < 0.8:
        items = ["## For next session", "", *item_lines(w, r.randint(1, 3)), ""]

    def assemble(paragraphs: list[str]) -> str:
        lines = [*head, "## What happened", ""]
        for para in paragraphs:
            lines += [para, ""]
        lines += feelings + tasks + items
        return "\n".join(lines).rstrip("\n") + "\n"

    happened = [w.paragraph(), *extras]
    text = assemble(happened)
    while len(text.encode("utf-8")) < target:
        paragraph = w.paragraph()
        candidate = assemble([*happened, paragraph])
        if len(candidate.encode("utf-8")) > DAILY_MAX:
            break
        happened.append(paragraph)
        text = candidate
    while len(text.encode("utf-8")) < DAILY_MIN:
        happened.append(w.sentence())
        text = assemble(happened)
    return text


def reference_note(w: Writer, lang: str, title: str, others: list[str]) -> str:
    """An undated note in `lang`: no date in its name or frontmatter, only its mtime."""
    r, words = w.rng, LANGUAGES[lang]

    def sentence() -> str:
        link = f"[[{w.pick(others)}]]" if others else words["titles"][0]
        return w.pick(words["sentences"]).format(link=link, n=r.randint(2, 40))

    lines = []
    if r.random() < 0.5:
        tags = sorted({w.pick(words["tags"]) for _ in range(r.randint(1, 2))})
        lines += frontmatter([("aliases", f"[{title.lower()}]"), ("tags", f"[{', '.join(tags)}]")])
    lines += [f"# {title}", ""]
    for _ in range(r.randint(2, 4)):
        para = " ".join(sentence() for _ in range(r.randint(3, 6)))
        if r.random() < 0.4:
            para += f" #{w.pick(words['tags'])}"
        lines += [para, ""]
    for heading in r.sample(words["headings"], r.randint(1, 2)):
        lines += [f"## {heading}", ""]
        if r.random() < 0.4:
            for _ in range(r.randint(2, 5)):
                lines.append(f"- [{' ' if r.random() < 0.5 else 'x'}] {w.pick(words['items'])}")
        else:
            lines += [" ".join(sentence() for _ in range(r.randint(2, 4)))]
        lines.append("")
    if r.random() < 0.05:  # dated today by its mtime, so it lands on today's agenda
        lines += [f"- [ ] {w.pick(words['items'])} #next", ""]
    if others:  # one other note in a small vault
        picked = r.sample(others, min(2, len(others)))
        lines += ["See also: " + ", ".join(f"[[{t}]]" for t in picked), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def reference_notes(w: Writer, count: int) -> dict[str, str]:
    """`count` reference notes spread over the languages, titles numbered once they repeat."""
    langs = sorted(LANGUAGES)
    names: dict[str, list[str]] = {lang: [] for lang in langs}
    for index in range(count):
        lang = langs[index % len(langs)]
        stems = LANGUAGES[lang]["titles"]
        stem = stems[len(names[lang]) % len(stems)]
        round_ = len(names[lang]) // len(stems)
        names[lang].append(stem if round_ == 0 else f"{stem} {round_ + 1}")
    files = {}
    for lang in langs:
        for title in names[lang]:
            others = [t for t in names[lang] if t != title]
            files[f"Reference/{lang}/{title}.md"] = reference_note(w, lang, title, others)
    return files


def history_notes(notes: int, seed: int) -> dict[str, str]:
    """The long-history vault's notes: path -> text."""
    rng = random.Random(seed)
    counts = plan(notes)
    people = PEOPLE[: max(counts["People"], 6)]
    w = Writer(rng, people)
    files = reference_notes(w, counts["Reference"])
    references = [path.split("/", 2)[2].removesuffix(".md") for path in sorted(files)]

    # Oldest first: a page links back only to days before it.
    days = [END_DATE - dt.timedelta(days=i) for i in range(counts["Journal"])][::-1]
    for day in days:
        files[f"Journal/{day.isoformat()}.md"] = history_page(w, day, days[0], references)

    first_day = days[0] if days else END_DATE
    span = max((END_DATE - first_day).days, 0)
    for folder, _ in PROMPT_WEIGHTS:
        for _ in range(counts[folder]):
            day = first_day + dt.timedelta(days=rng.randint(0, span))
            title, path = prompt_title_and_path(w, folder, day, people, files)
            text = prompt_note(w, folder, day, title)
            if folder != "Letters" and rng.random() < 0.3:
                text += "\n" + "\n".join(item_lines(w, rng.randint(1, 2))) + "\n"
            files[path] = text

    for name in people[: counts["People"]]:
        day = first_day + dt.timedelta(days=rng.randint(0, min(span, 30)))
        files[f"People/{name}.md"] = person_note(w, name, day)
    return files
