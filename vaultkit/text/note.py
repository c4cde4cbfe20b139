"""What one note says: its date, tags, agenda items, mood and emotion fields, trigger lines."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from vaultkit.text.edits import TASK_BOX
from vaultkit.text.ignore import in_folder
from vaultkit.text.markdown_scan import NextFinder, line_tags, line_wikilinks, prose_lines
from vaultkit.text.moment import parse_moment
from vaultkit.text.plain_yaml import plain_mapping


class NotText(Exception):
    """The bytes are not a UTF-8 note; .line is the first bad line (1-based)."""

    def __init__(self, line: int):
        self.line = line
        super().__init__("not valid UTF-8")


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


@dataclass(frozen=True, slots=True)
class Emotion:
    line: int
    name: str
    intensity: float | None  # as written: 70 stays 70, 70.5 stays 70.5
    date: dt.date


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
    # A file of the templates folder: vaultkit reads it as a template (Vault.templates), never
    # as a note, so it holds no frontmatter, warnings, items, tags, moods or triggers.
    template: bool = False
    # (line, the indentation and list marker as written) of the triggers written as a list
    # item (`- {{ask}}`): expanded as a list item where the result can be one (expansion.py)
    list_triggers: tuple[tuple[int, str], ...] = ()


# --- frontmatter ----------------------------------------------------------------------------

_FENCE_CLOSE = ("---", "...")


def split_frontmatter(lines: list[str]) -> tuple[str | None, int]:
    """The YAML text and the index of the first body line; (None, 0) when there is none."""
    if not lines or lines[0].rstrip() != "---":
        return None, 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _FENCE_CLOSE:
            return "\n".join(lines[1:index]), index + 1
    return None, 0


def read_metadata(path: str, yaml_text: str) -> tuple[dict[str, Any] | None, str | None]:
    """The frontmatter as a dict, None when it is not a mapping, and a warning if it is invalid."""
    plain = plain_mapping(yaml_text)
    if plain is not None:
        return plain, None  # the common shape, read as PyYAML would, without it
    try:
        data = frontmatter.YAMLHandler().load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return {}, f"{path}{line}: frontmatter is not valid YAML ({problem}); read without it"
    except (ValueError, OverflowError) as exc:
        # Valid YAML that names an impossible value, such as `date: 2026-02-30`.
        line = _failing_line(yaml_text)
        return {}, (
            f"{path}{f':{line}' if line else ''}: frontmatter holds a value that "
            f"cannot be read ({exc}); read without it"
        )
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, None  # e.g. a note that opens with a horizontal rule
    return data, None


def _failing_line(yaml_text: str) -> int | None:
    """The note's line number (1-based, counting the opening ---) of the first frontmatter line
    PyYAML cannot read on its own."""
    for index, line in enumerate(yaml_text.split("\n")):
        try:
            yaml.load(line, Loader=yaml.SafeLoader)
        except Exception:
            return index + 2
    return None


# --- small field readers --------------------------------------------------------------------


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def frontmatter_tags(metadata: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for key in ("tags", "tag"):
        value = metadata.get(key)
        values = (
            value
            if isinstance(value, list)
            else re.split(r"[,\s]+", value)
            if isinstance(value, str)
            else []
        )
        found.update(str(v).strip().lstrip("#").lower() for v in values if str(v).strip("# "))
    return found


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
    if day is None:
        day = parse_moment(name, "YYYY-MM-DD", prefix=True)
    return day, False


# "[key:: value]" and "(key:: value)": the value runs to the first "]" or ")" and is stripped.
# As one pattern, `[\[(]([\w -]+?)::\s*([^\])]*?)\s*[\])]`, each "[key::" on a line without a
# closer read to the end of the line (quadratic in a line of them), and so did each space of
# a long run inside a value; the closer is looked for once instead.
_FIELD_KEY = re.compile(r"[\[(]([\w -]+)::")
_FIELD_CLOSE = re.compile(r"[\])]")
# The value is stripped of whitespace, as `\s*(.+?)\s*$` had it, without trying `\s*$` from
# every character of the value; a value of whitespace alone reads as its last character.
_FIELD_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(mood|emotion|intensity)::\s*(\S(?:.*\S)?|\s)\s*$", re.IGNORECASE
)


def _bracket_fields(prose: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    closers = NextFinder(prose, _FIELD_CLOSE)
    pos = 0
    while (key := _FIELD_KEY.search(prose, pos)) is not None:
        close = closers.find(key.end())
        if close < 0:
            break  # no "]" or ")" after this key, nor after any later one
        fields[key.group(1).strip().lower()] = prose[key.end() : close].strip()
        pos = close + 1
    return fields


def _line_fields(prose: str) -> dict[str, str]:
    fields = _bracket_fields(prose)
    single = _FIELD_LINE.match(prose)
    if single:
        fields[single.group(1).lower()] = single.group(2)
    return fields


# --- ratings: a mood or an intensity as people write it --------------------------------------

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_NUMBER = r"\d++(?:[.,]\d++)?"  # 4, 4.5, and 4,5 as a decimal comma writes it
# The person's number first, then whatever they wrote after it ("4 - tired", "4 (tired)",
# "4, tired"), unless it runs on into a word ("4th"). "4/10" and "4 out of 10" say the scale
# they meant; "4-5" and "4 to 5" are two ratings, both theirs. Anchored and matched once, with
# each run read once (possessive), so it is linear in the value however long.
_RATING = re.compile(
    rf"(?P<first>{_NUMBER}|{'|'.join(_WORDS)})"
    r"(?:\s*+(?:/|out\s++of)\s*+(?P<scale>\d++)"
    rf"|\s*+(?:-|–|—|to)\s*+(?P<second>{_NUMBER}))?"
    r"(?!\w)",
    re.IGNORECASE,
)
SHOWN_CHARS = 40  # of a value quoted in a warning


def read_rating(value: Any, low: int, high: int) -> tuple[tuple[float, ...], str | None]:
    """The ratings in one field's value, and what stops vaultkit using them (None when
    nothing does). The one rule for every mood and intensity, frontmatter or inline.

    Empty (a template's `mood:` before the check-in) is no rating and no problem. A fraction
    of the scale in force is its number; of another scale it is left out, never converted:
    the figures are the person's own numbers, and vaultkit makes none of its own."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return (), None
    if isinstance(value, bool):
        return (), f"is not a number from {low} to {high}"
    if isinstance(value, (int, float)):
        if isinstance(value, int) and not low <= value <= high:
            return (), f"is not a number from {low} to {high}"  # and maybe too big for a float
        numbers = [float(value)]
    elif isinstance(value, str) and (match := _RATING.match(value.strip())):
        if match.group("scale") is not None and int(match.group("scale")) != high:
            return (), (
                f"is out of {int(match.group('scale'))}, and the scale here is {low} to {high}"
            )
        numbers = [_number(match.group("first"))]
        if match.group("second") is not None:
            numbers.append(_number(match.group("second")))
    else:
        return (), f"is not a number from {low} to {high}"
    if not all(low <= number <= high for number in numbers):
        return (), f"is not a number from {low} to {high}"
    return tuple(numbers), None


def _as_written(value: float | None) -> float | None:
    """A whole number as an int (shown "70", not "70.0"); anything else as it is."""
    return int(value) if value is not None and value == int(value) else value


def _number(text: str) -> float:
    low = text.lower()
    return float(_WORDS.index(low)) if low in _WORDS else float(text.replace(",", "."))


def _shown(value: Any) -> str:
    """A value as a warning quotes it: on one line, and short."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, (dict, list)):
        # Close to what was typed ({a: 1}, [4, 5]) rather than Python's {'a': 1}.
        text = json.dumps(value, ensure_ascii=False, default=str).replace('"', "")
    else:
        text = " ".join(str(value)[: SHOWN_CHARS * 4].split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def mood_warning(path: str, line: int, value: Any, problem: str) -> str:
    return f'{path}:{line}: mood "{_shown(value)}" {problem}; left out of the chart'


# --- items ----------------------------------------------------------------------------------

# A checkbox counts only after a list marker: `[1] see note #next` is not a task.
_TASK = re.compile(TASK_BOX)
_LIST_PREFIX = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?")
_BLOCK_ID = re.compile(r"\s\^[A-Za-z0-9-]+\s*$")


def agenda_tag(tags: list[str] | set[str], agenda_tags: tuple[str, ...]) -> str | None:
    for tag in tags:
        low = tag.lower()
        for base in agenda_tags:
            if low == base or low.startswith(base + "/"):
                return low
    return None


def _item_text(raw: str, agenda_tags: tuple[str, ...]) -> tuple[str, str | None]:
    """The item's text, and its task mark (None when the line is not a task)."""
    task = _TASK.match(raw)
    match = task or _LIST_PREFIX.match(raw)
    status = task.group("mark") if task else None
    text = raw[match.end() :] if match else raw
    for base in agenda_tags:
        text = re.sub(
            rf"(?<!\S)#{re.escape(base)}(?:/[^\s#]*)?(?=\s|$|#)", "", text, flags=re.IGNORECASE
        )
    text = _BLOCK_ID.sub("", text)
    text = " ".join(text.split())
    return text, status


# --- the whole note -------------------------------------------------------------------------

PRIVATE_TAG = "private"  # a line tagged #private is the person's alone (see agenda.is_private)
# A private passage: the lines between a line `%% private %%` and a line `%% end private %%`
# (Obsidian comments, hidden when reading) are the person's alone, as a #private line is. An
# unsent letter expanded inside a daily page is wrapped so (expansion.private_passage). Every
# doubt falls on the side of privacy: passages nest (a letter expanded inside a passage keeps
# the rest of it private), a passage left open runs to the end of the note, an opener counts
# anywhere, and a closer only outside a code fence. A marker may sit in a quote, a callout or
# a list item, as a letter can.
PRIVATE_OPEN = "%% private %%"
PRIVATE_CLOSE = "%% end private %%"
_PRIVATE_MARK = re.compile(
    r"(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?"
    r"%%[ \t]*(end[ \t]+)?private[ \t]*%%[ \t]*\r?",
    re.IGNORECASE,
)
_FENCE_MARK = re.compile(r"(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(`{3,}|~{3,})")


def private_passage_lines(lines: Sequence[str]) -> set[int]:
    """The indexes of the lines inside private passages (the marker lines too), in `lines` as
    split_lines makes them."""
    hidden: set[int] = set()
    depth = 0
    fence = ""
    for index, line in enumerate(lines):
        if index == 0:
            line = line.removeprefix("\ufeff")
        if "`" in line or "~" in line:
            run = _FENCE_MARK.match(line)
            if run and not fence:
                fence = run.group(1)
            elif run and run.group(1).startswith(fence) and not line[run.end() :].strip():
                fence = ""  # a closer: the same character, as long or longer, alone
        mark = _PRIVATE_MARK.fullmatch(line) if "%" in line else None
        if mark and mark.group(1) is None:
            depth += 1
        elif mark and depth and not fence:
            depth -= 1
            hidden.add(index)  # the closer is the passage's own
            continue
        if depth:
            hidden.add(index)
    return hidden


_TRIGGER = re.compile(r"^\{\{\s*([A-Za-z][\w-]*)\s*\}\}$")
TRIGGER = _TRIGGER  # a line that is exactly `{{KIND}}`; templates.py refuses output holding one
# A trigger as a list item (`- {{ask}}`, `  1. {{ask}}`). Not one a template's output is
# refused for: a thread copied into the daily page may read `- {{letter}}`, and it is never
# expanded into more triggers (only one line of text goes in a list item).
_LIST_TRIGGER = re.compile(
    r"(?P<marker>[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)"
    r"\{\{\s*(?P<name>[A-Za-z][\w-]*)\s*\}\}\s*$"
)
# What a line needs to hold before it can say anything: a tag, a link, a field, a trigger.
# (A `#` before a space or another `#` is a heading's, never a tag's.)
_MAY_MATTER = re.compile(r"#[^\s#]|\[\[|::|\{\{")
_TAG_START = re.compile(r"#[^\s#]")


def decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise NotText(line) from None


def split_lines(text: str) -> list[str]:
    """Lines by '\\n' only, so indexes match the bytes (str.splitlines also splits on \\x0c)."""
    text = text.removeprefix("\ufeff")
    return [line.removesuffix("\r") for line in text.split("\n")]


def parse_note(path: str, data: bytes, mtime: float, rules: NoteRules) -> Note:
    """Everything vaultkit reads from one note. Raises NotText for bytes that are not UTF-8."""
    lines = split_lines(decode(path, data))
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
        day, source = _as_date(metadata.get("date")), "frontmatter"
    if day is None:
        day, source = dt.datetime.fromtimestamp(mtime).date(), "mtime"

    title = path.rsplit("/", 1)[-1]
    title = title[:-3] if title.lower().endswith(".md") else title
    session_date = None
    if metadata.get("type") == "session" or in_folder(path, rules.sessions_folder):
        session_date = _as_date(metadata.get("date")) if metadata.get("type") == "session" else None
        if session_date is None and in_folder(path, rules.sessions_folder) and source == "name":
            session_date = day
    found = _Found(tags=frontmatter_tags(metadata), warnings=warnings)
    _frontmatter_moods(found, path, lines, body_start, metadata.get("mood"), rules)
    _read_body(found, path, title, day, lines, body_start, rules)
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
        _kind(metadata),
        (_distress(metadata, "distress_before"), _distress(metadata, "distress_after")),
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


PRIVATE_KINDS = ("letter", "unsent-letter")  # a note of this `type:` is private wherever it is


def is_private_metadata(metadata: dict[str, Any]) -> bool:
    """What a note's (or a template's) frontmatter says of its privacy: `private: true`, or
    a kind kept private wherever it is (an unsent letter)."""
    return metadata.get("private") is True or _kind(metadata) in PRIVATE_KINDS


def _kind(metadata: dict[str, Any]) -> str:
    value = metadata.get("type")
    return sys.intern(value.strip().lower()) if isinstance(value, str) else ""


def _distress(metadata: dict[str, Any], key: str) -> float | None:
    value = _as_number(metadata.get(key))
    return value if value is not None and 0 <= value <= 100 else None


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
) -> None:
    whole_note_tag = agenda_tag(found.tags, rules.agenda_tags)
    if whole_note_tag:
        found.items.append(Item(path, -1, title, day, whole_note_tag))
    body = lines[body_start:]
    hidden = private_passage_lines(body) if any("%" in line for line in body) else set()
    for offset, prose in enumerate(prose_lines(body)):
        # Most journal lines hold no tag, link, field or trigger: one look at the line skips
        # them, which is most of the cost of a cold read.
        if not _MAY_MATTER.search(prose):
            continue
        index = body_start + offset
        raw = lines[index]
        private = offset in hidden
        if _TAG_START.search(prose):
            tags = line_tags(prose)
            if tags:
                # A #private line says nothing to counts ("What repeated"); an agenda tag on
                # it still makes an item: putting it on the agenda was the person's choice.
                private = private or PRIVATE_TAG in (t.lower() for t in tags)
                if not private:
                    found.tags.update(t.lower() for t in tags)
                tag = agenda_tag(tags, rules.agenda_tags)
                if tag:
                    text, mark = _item_text(raw, rules.agenda_tags)
                    found.items.append(
                        Item(
                            path,
                            index,
                            text,
                            day,
                            tag,
                            mark is not None,
                            mark not in (None, " "),
                            mark or " ",
                        )
                    )
        if "[[" in prose and not private:
            found.links.update(line_wikilinks(prose))
        if "::" in prose and not private:
            _read_fields(found, path, index, prose, day, rules)
        if "{{" in prose and prose == raw:
            trigger = _TRIGGER.match(raw.strip())
            if trigger:
                found.triggers.append((index, trigger.group(1)))
            elif listed := _LIST_TRIGGER.match(raw):
                found.triggers.append((index, listed.group("name")))
                found.list_triggers.append((index, listed.group("marker")))


def _read_fields(
    found: _Found, path: str, index: int, prose: str, day: dt.date, rules: NoteRules
) -> None:
    fields = _line_fields(prose)
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
                f'{path}:{index + 1}: intensity "{_shown(fields["intensity"])}" '
                f'{problem}; "{_shown(name)}" is kept without it'
            )
        name = sys.intern(name.lower())
        # "60-70" is two intensities of one feeling, each as written; none is one without.
        for value in intensities or (None,):
            found.emotions.append(Emotion(index, name, _as_written(value), day))


# --- sections (used for session notes) ------------------------------------------------------

# The heading's text is what is left without the closing "#"s and the whitespace around them,
# as `(.*?)\s*#*\s*$` had it; that pattern tried the three runs every way at every character
# of the text (cubic in a run of spaces).
_HEADING = re.compile(r"(#{1,6})\s+(.*)")


def _heading_text(match: re.Match[str]) -> str:
    return match.group(2).rstrip().rstrip("#").rstrip()


def section_lines(note: Note, heading: str) -> list[tuple[int, str]]:
    """The (index, line) pairs under the first heading whose text is `heading` (any level)."""
    wanted = heading.strip().lower()
    level, found = 0, []
    for index in range(note.body_start, len(note.lines)):
        line = note.lines[index]
        match = _HEADING.match(line)
        if match:
            if level and len(match.group(1)) <= level:
                break
            if not level and _heading_text(match).strip().lower() == wanted:
                level = len(match.group(1))
            continue
        if level:
            found.append((index, line))
    return found


# The item's text, from its first to its last non-space; the box counts as text when nothing
# follows it. Possessive runs: backing off a run of spaces to retry `(.*\S)` from each of them
# was quadratic in a line of spaces after a marker.
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s++(?:\[.\]\s++(?=\S))?(\S(?:.*\S)?)\s*$")


def section_list_items(note: Note, heading: str) -> list[str]:
    """The non-empty top-level list items under a heading."""
    items = []
    for _, line in section_lines(note, heading):
        match = _LIST_ITEM.match(line)
        if match and not line.startswith((" ", "\t")):
            items.append(match.group(1))
    return items
