"""What one note says: its date, tags, agenda items, mood and emotion fields, trigger lines."""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import re
import sys
from dataclasses import dataclass, field
from typing import Any, TypeVar

from vaultkit.text.ignore import in_folder
from vaultkit.text.inline_fields import line_fields
from vaultkit.text.items import agenda_matcher, agenda_tag, item_text
from vaultkit.text.markdown_scan import LIST_MARKER, prose_text
from vaultkit.text.moment import ISO_DAY, parse_moment
from vaultkit.text.note_lines import decode, lines_at, marked_lines, split_lines
from vaultkit.text.note_metadata import (
    as_date,
    distress,
    frontmatter_tags,
    kind,
    read_metadata,
    split_frontmatter,
)
from vaultkit.text.private_passages import PRIVATE_TAG, private_passage_lines
from vaultkit.text.ratings import as_written, mood_warning, read_rating, shown
from vaultkit.text.tags_links import tags_at, wikilink_targets, wikilinks_at


@dataclass(frozen=True, slots=True)
class NoteRules:
    """The settings a note is read by, and no others: a change to any other setting (the quiet
    period, say) leaves every note read as it was, so the index cache keys on these alone.
    `Config.note_rules` makes them from the settings in force."""

    daily_folder: str = "Journal"
    daily_format: str = "YYYY-MM-DD"
    templates_folder: str = "Templates"
    sessions_folder: str = "Sessions"
    agenda_tags: tuple[str, ...] = ("next",)
    mood_scale: int = 10


_T = TypeVar("_T")


def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle a dataclass as a call with its fields: the index cache loads tens of thousands
    of these, and dataclasses' own __setstate__ for a frozen class with slots costs about
    twice as much (a third less to write and to read for Note, whose state is a dict)."""
    fields = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        return cls, fields(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Item:
    """A line tagged with an agenda tag (or a whole note tagged in its frontmatter)."""

    path: str  # vault-relative path of the source note
    line: int  # 0-based line index in the file; -1 for a note tagged in its frontmatter
    text: str
    date: dt.date
    tag: str  # the agenda tag as written, lower-case, e.g. "next/urgent"
    is_task: bool = False
    done: bool = False
    mark: str = " "  # what a task's box holds (edits.MARKS): " " open, "x" done, "-" set down…


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Emotion:
    line: int
    name: str
    intensity: float | None  # as written: 70 stays 70, 70.5 stays 70.5
    date: dt.date


@_pickled_by_fields
@dataclass(slots=True)
class Note:
    """What one note says. Tuples, not lists and sets: a vault holds tens of thousands of
    these, most with nothing in most fields, and an empty tuple costs nothing."""

    path: str
    title: str
    date: dt.date
    date_source: str  # "name", "frontmatter" or "mtime"
    is_daily: bool
    lines: tuple[str, ...]  # kept only for session notes, which are read by section
    body_start: int
    metadata: dict[str, Any]
    tags: tuple[str, ...] = ()  # lower-case, sorted, whole note
    links: tuple[str, ...] = ()  # sorted
    items: tuple[Item, ...] = ()
    moods: tuple[float, ...] = ()
    emotions: tuple[Emotion, ...] = ()
    # (line, name as written): on a line of their own, or as a list item (list_triggers)
    triggers: tuple[tuple[int, str], ...] = ()
    session_date: dt.date | None = None
    warnings: tuple[str, ...] = ()
    kind: str = ""  # frontmatter `type:` (free-writing, thought-record, ...), lower-case
    # frontmatter distress_before / distress_after (0-100), asked by the exercise templates
    distress: tuple[float | None, float | None] = (None, None)
    private: bool = False  # frontmatter `private: true`: never counted, quoted or in the brief
    released: bool = False  # frontmatter `released: true` (a letter let go): out of every count
    # A file of the templates folder: vaultkit reads it as a template (vault.templates_of), never
    # as a note, so it holds no frontmatter, warnings, items, tags, moods or triggers.
    template: bool = False
    # (line, the indentation and list marker as written) of the triggers written as a list
    # item (`- {{ask}}`): expanded as a list item where the result can be one (expansion.py)
    list_triggers: tuple[tuple[int, str], ...] = ()


def name_date(path: str, rules: NoteRules) -> tuple[dt.date | None, bool]:
    """The date in a note's file name by the daily format (and whether it is a daily page)."""
    stem = path[:-3] if path.lower().endswith(".md") else path
    if in_folder(path, rules.daily_folder):
        inner = stem[len(rules.daily_folder) + 1 :]
        day = parse_moment(inner, rules.daily_format)
        if day is not None:
            return day, True
    elif not rules.daily_folder:
        day = parse_moment(stem, rules.daily_format)
        if day is not None:
            return day, True
    name = stem.rsplit("/", 1)[-1]
    day = parse_moment(name, rules.daily_format, prefix=True)
    if day is None and rules.daily_format != ISO_DAY:
        day = parse_moment(name, ISO_DAY, prefix=True)
    return day, False


# --- the whole note -------------------------------------------------------------------------
_TRIGGER = re.compile(r"^\{\{\s*([A-Za-z][\w-]*)\s*\}\}$")
TRIGGER = _TRIGGER  # a line that is exactly `{{KIND}}`; templates.py refuses output holding one
# A trigger as a list item (`- {{ask}}`, `  1. {{ask}}`). Not one a template's output is
# refused for: a thread copied into the daily page may read `- {{letter}}`, and it is never
# expanded into more triggers (only one line of text goes in a list item).
_LIST_TRIGGER = re.compile(
    rf"(?P<marker>[ \t]*{LIST_MARKER}[ \t]+)"
    r"\{\{\s*(?P<name>[A-Za-z][\w-]*)\s*\}\}\s*$"
)


def parse_note(path: str, data: bytes, mtime: float, rules: NoteRules) -> Note:
    """Everything vaultkit reads from one note. Raises NotText for bytes that are not UTF-8."""
    text = decode(path, data)
    lines = split_lines(text)
    if in_folder(path, rules.templates_folder):
        return _template(path, lines, mtime, rules)
    warnings: list[str] = []
    yaml_text, body_start = split_frontmatter(lines)
    metadata: dict[str, Any] = {}
    if yaml_text is not None:
        mapping, warning = read_metadata(path, yaml_text)
        if warning:
            warnings.append(warning)
        if mapping is None:
            body_start = 0  # not frontmatter after all: the body starts at the top
        else:
            metadata = mapping

    day, is_daily = name_date(path, rules)
    source = "name"
    if day is None:
        day, source = as_date(metadata.get("date")), "frontmatter"
    if day is None:
        day, source = dt.datetime.fromtimestamp(mtime).date(), "mtime"

    title = path.rsplit("/", 1)[-1]
    title = title[:-3] if title.lower().endswith(".md") else title
    session_date = None
    if metadata.get("type") == "session" or in_folder(path, rules.sessions_folder):
        session_date = as_date(metadata.get("date")) if metadata.get("type") == "session" else None
        if session_date is None and in_folder(path, rules.sessions_folder) and source == "name":
            session_date = day
    found = _Found(tags=frontmatter_tags(metadata), warnings=warnings)
    if metadata.get("mood") is not None:  # (None, or no `mood:`, is no mood and no warning)
        _frontmatter_moods(found, path, lines, body_start, metadata["mood"], rules)
    _read_body(found, path, title, day, lines, body_start, rules, text)
    # Only session notes are read again (by section); the rest keep what was found in them.
    keep = session_date is not None
    return Note(
        path,
        title,
        day,
        source,
        is_daily,
        tuple(lines) if keep else (),
        body_start,
        metadata if keep else {},
        _shared(found.tags),
        _shared(found.links),
        tuple(found.items),
        tuple(found.moods),
        tuple(found.emotions),
        tuple(found.triggers),
        session_date,
        tuple(warnings),
        kind(metadata),
        (distress(metadata, "distress_before"), distress(metadata, "distress_after")),
        metadata.get("private") is True,
        metadata.get("released") is True,
        list_triggers=tuple(found.list_triggers),
    )


def _template(path: str, lines: list[str], mtime: float, rules: NoteRules) -> Note:
    """A file of the templates folder, as a template: its placeholders (`date: {{ date }}`,
    `- end a line with #next`) are vaultkit's or the person's layout, not their entries, and
    its Jinja is no YAML, so neither its frontmatter nor its body is read as a note's."""
    title = path.rsplit("/", 1)[-1]
    title = title[:-3] if title.lower().endswith(".md") else title
    day, _ = name_date(path, rules)
    source = "name"
    if day is None:
        day, source = dt.datetime.fromtimestamp(mtime).date(), "mtime"
    return Note(
        path,
        title,
        day,
        source,
        False,
        tuple(lines),
        split_frontmatter(lines)[1],
        {},
        template=True,
    )


_MOOD_KEY = re.compile(r"mood\s*:")


def _frontmatter_moods(
    found: _Found, path: str, lines: list[str], body_start: int, value: Any, rules: NoteRules
) -> None:
    values = value if isinstance(value, list) else [value]
    for one in values:
        moods, problem = read_rating(one, 1, rules.mood_scale)
        found.moods.extend(moods)
        if problem:
            found.warnings.append(mood_warning(path, _key_line(lines, body_start), one, problem))


def _key_line(lines: list[str], body_start: int) -> int:
    """The line (1-based) of the frontmatter's `mood:`, the last one as YAML reads it; the
    first frontmatter line when it is written some other way ({mood: 4})."""
    for index in range(body_start - 2, 0, -1):
        if _MOOD_KEY.match(lines[index]):
            return index + 1
    return 2


def _shared(words: set[str]) -> tuple[str, ...]:
    """Sorted, and one string object per distinct tag or link across the vault (interned):
    the same few hundred words recur in tens of thousands of notes."""
    return tuple(sorted(map(sys.intern, words)))


@dataclass
class _Found:
    """What parse_note collects while it reads a note's lines."""

    tags: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)
    items: list[Item] = field(default_factory=list)
    moods: list[float] = field(default_factory=list)
    emotions: list[Emotion] = field(default_factory=list)
    triggers: list[tuple[int, str]] = field(default_factory=list)
    list_triggers: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _read_body(
    found: _Found,
    path: str,
    title: str,
    day: dt.date,
    lines: list[str],
    body_start: int,
    rules: NoteRules,
    text: str,
) -> None:
    """Read the body of a note of `lines` (split from `text`, the note as decoded)."""
    agenda_tags = rules.agenda_tags
    whole_note_tag = agenda_tag(found.tags, agenda_tags)
    if whole_note_tag:
        found.items.append(Item(path, -1, title, day, whole_note_tag))
    body = lines[body_start:]
    # The body's prose as one text: a tag or a link never spans a line, and one pass over the
    # note costs far less than one per line (most of a cold read). Where each is found gives
    # its line, counted on from the one before.
    # ("%" opens a private passage; a note without one has none. A note without "\r" holds
    # its body's lines as they are: joined, they are the text from the body's first line.)
    may_hide = "%" in text
    joined = None
    if "\r" not in text:
        text = text.removeprefix("\ufeff")
        joined = text[sum(map(len, lines[:body_start])) + body_start :]
    prose, text = prose_text(body, joined=joined)
    links, hash_in_link = wikilink_targets(text)
    tags = tags_at(text, hash_in_link)
    lows = [tag.lower() for _, tag in tags]
    # The lines whose words count nowhere: in a private passage ("%%" marks one: a note
    # without one has none), or tagged #private. Which line a tag is on is counted only where
    # that matters: on such a note, and for an agenda tag.
    private = private_passage_lines(body) if may_hide else set()
    if PRIVATE_TAG in lows:
        private.update(
            lines_at(
                text, [at for (at, _), low in zip(tags, lows, strict=True) if low == PRIVATE_TAG]
            )
        )
    if private:
        tag_lines = lines_at(text, [at for at, _ in tags])
        found.tags.update(
            low for low, line in zip(lows, tag_lines, strict=True) if line not in private
        )
    else:
        found.tags.update(lows)
    is_agenda = agenda_matcher(agenda_tags)
    agenda = [(at, low) for (at, _), low in zip(tags, lows, strict=True) if is_agenda(low)]
    itemized = -1  # the line of the last item: its first agenda tag made it
    # An agenda tag on a private line still makes an item: putting it on the agenda was the
    # person's choice.
    for offset, (_, low) in zip(lines_at(text, [at for at, _ in agenda]), agenda, strict=True):
        if offset != itemized:
            itemized = offset
            index = body_start + offset
            said, mark = item_text(lines[index], agenda_tags)
            task, done = mark is not None, mark not in (None, " ")
            found.items.append(Item(path, index, said, day, low, task, done, mark or " "))
    if private and links:  # where each link is, asked again only here
        offset = at = 0
        for pos, target in wikilinks_at(text)[0]:
            offset += text.count("\n", at, pos)
            at = pos
            if offset not in private:
                found.links.add(target)
    else:
        found.links.update(links)
    for offset in marked_lines(text):
        index = body_start + offset
        line = prose[offset]
        if "::" in line and offset not in private:
            _read_fields(found, path, index, line, day, rules)
        if "{{" in line and line == (raw := lines[index]):
            trigger = _TRIGGER.match(raw.strip())
            if trigger:
                found.triggers.append((index, trigger.group(1)))
            elif listed := _LIST_TRIGGER.match(raw):
                found.triggers.append((index, listed.group("name")))
                found.list_triggers.append((index, listed.group("marker")))


def _read_fields(
    found: _Found, path: str, index: int, prose: str, day: dt.date, rules: NoteRules
) -> None:
    fields = line_fields(prose)
    if "mood" in fields:
        moods, problem = read_rating(fields["mood"], 1, rules.mood_scale)
        found.moods.extend(moods)
        if problem:
            found.warnings.append(mood_warning(path, index + 1, fields["mood"], problem))
    name = fields.get("emotion", "").strip()
    if name:
        intensities, problem = read_rating(fields.get("intensity"), 0, 100)
        if problem:
            found.warnings.append(
                f'{path}:{index + 1}: intensity "{shown(fields["intensity"])}" '
                f'{problem}; "{shown(name)}" is kept without it'
            )
        name = sys.intern(name.lower())
        # "60-70" is two intensities of one feeling, each as written; none is one without.
        for value in intensities or (None,):
            found.emotions.append(Emotion(index, name, as_written(value), day))
