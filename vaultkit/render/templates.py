"""Finding and rendering templates: Jinja2 in its sandbox (the sandbox package), plus
Obsidian's core placeholders, and the rule that a template may not make a trigger."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import traceback
from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from vaultkit.render.sandbox.bounds import MAX_OUTPUT_CHARS
from vaultkit.render.sandbox.environment import ENV
from vaultkit.render.sandbox.formats import check_moment_format
from vaultkit.render.sandbox.limits import MAX_RENDER_MEMORY, Limits, OutOfMemory, OutOfTime
from vaultkit.settings.config import Config
from vaultkit.text.ignore import in_folder
from vaultkit.text.moment import format_moment
from vaultkit.text.next_finder import NextFinder
from vaultkit.text.note import TRIGGER

# What a person may type in a trigger line, besides a template's own name.
ALIASES = {
    "letter": "unsent-letter",
    "free": "free-writing",
    "freewrite": "free-writing",
    "emotions": "emotion-log",
    "emotion": "emotion-log",
    "thought": "thought-record",
    "reflection": "session-reflection",
    "session": "session-reflection",
    "safety": "safety-plan",
    "set-down": "setdown",
}
# Names that Obsidian itself expands inside templates; on a note's own line they are not triggers.
OBSIDIAN_PLACEHOLDERS = {"title", "date", "time", "yesterday", "tomorrow"}
# The layouts of vaultkit's own notes: rendered with their own variables, never by a trigger.
LAYOUTS = {"next-session", "weekly-review", "brief"}
NOT_TRIGGERS = OBSIDIAN_PLACEHOLDERS | LAYOUTS
# The layouts whose output vaultkit never reads for triggers: the agenda note (tend skips it) and
# the brief (written outside the vault). They may copy a person's lines as they are, a trigger
# not yet expanded among them; every other template's output is refused if it holds a trigger.
UNSCANNED_LAYOUTS = {"next-session", "brief"}
ASK = "ask"  # the trigger replaced by one follow-up question (questions.py), not a template
# The trigger replaced by the support callout (support.py): never a template, so that no
# template of the same name can stand between a person asking for help and the contacts.
HELP = "help"
RENDER_SECONDS = 2.0  # a template still rendering after this long is stopped


class TemplateProblem(Exception):
    """str() is `TEMPLATE:LINE: message`."""


@dataclass(frozen=True)
class Template:
    name: str
    origin: str  # shown in errors: the vault path, or templates/NAME.md for a built-in
    text: str


# --- Obsidian's placeholders ----------------------------------------------------------------

# The opening of a placeholder; a `{{date:FORMAT}}` then runs to the first `}}` on its line.
# (Found with NextFinder, not `.*?\}\}`: that reads to the end of the line again from every
# `{{date:` that has no `}}`, quadratic on a long line.)
_PLACEHOLDER = re.compile(
    r"\{\{\s*(?:(?P<what>date|time)\s*(?:(?P<n>[+-]\d+)\s*(?P<unit>[yMwdhms]))?\s*"
    r"(?:(?P<colon>:)|\}\})|(?P<word>yesterday|tomorrow)\s*\}\})",
    re.IGNORECASE,
)


def _jinja_string(value: str) -> str:
    return json.dumps(value)  # ASCII-only with \u escapes, which Jinja's string literals accept


def translate_placeholders(text: str) -> str:
    """Rewrite `{{date:FORMAT}}` and friends as Jinja calls, keeping every line where it was."""
    closers, newlines = NextFinder(text, "}}"), NextFinder(text, "\n")
    out: list[str] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() < pos:
            continue  # inside the format of the placeholder before
        end, fmt = match.end(), ""
        if match.group("colon"):
            close = closers.find(end)
            line_end = newlines.find(end)
            if close < 0 or 0 <= line_end < close:
                continue  # no `}}` on this line: not a placeholder
            fmt, end = text[end:close], close + 2
        if match.group("word"):
            call = f"obsidian_placeholder({_jinja_string(match.group('word').lower())})"
        else:
            args = [
                match.group("what").lower(),
                match.group("n") or "0",
                match.group("unit") or "d",
                fmt,
            ]
            call = f"obsidian_placeholder({', '.join(map(_jinja_string, args))})"
        out.append(text[pos : match.start()])
        out.append("{{ " + call + " }}")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _shift(moment: dt.datetime, amount: int, unit: str) -> dt.datetime:
    if unit in "yM":
        months = moment.month - 1 + amount * (12 if unit == "y" else 1)
        year, month = moment.year + months // 12, months % 12 + 1
        day = min(
            moment.day,
            [
                31,
                29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ][month - 1],
        )
        return moment.replace(year=year, month=month, day=day)
    seconds = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}[unit]
    return moment + dt.timedelta(seconds=amount * seconds)


def _placeholder_function(now: dt.datetime, formats: Mapping[str, str]) -> Callable[..., str]:
    def obsidian_placeholder(what: str, amount: str = "0", unit: str = "d", fmt: str = "") -> str:
        if what in ("yesterday", "tomorrow"):
            moment = now + dt.timedelta(days=-1 if what == "yesterday" else 1)
            return format_moment(moment, formats["daily"])
        moment = _shift(now, int(amount), unit)
        fmt = fmt.strip() or formats[what]
        check_moment_format(fmt, "a date placeholder")
        return format_moment(moment, fmt)

    return obsidian_placeholder


@functools.lru_cache(maxsize=64)
def _compiled(text: str) -> jinja2.Template:
    """Compiling costs far more than rendering (the agenda template: ~20 ms against ~2 ms), and
    the daemon renders the same few templates on every change."""
    return ENV.from_string(text)


def reads(template: Template, name: str) -> bool:
    """Whether the template reads the variable `name`, so that a costly one (the agenda) is
    worked out only for the templates that show it. A template that does not compile reads
    everything: its error is told when it is rendered."""
    try:
        return name in _names_read(template.text)
    except jinja2.TemplateError:
        return True


@functools.lru_cache(maxsize=64)
def _names_read(text: str) -> frozenset[str]:
    return frozenset(jinja2.meta.find_undeclared_variables(ENV.parse(translate_placeholders(text))))


def _error_line(exc: BaseException) -> int | None:
    lineno: int | None = getattr(exc, "lineno", None)
    if lineno:
        return lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def render(
    template: Template, variables: dict[str, Any], *, date_formats: Mapping[str, str]
) -> str:
    """The rendered text; TemplateProblem (with the template's line) on any error, on output
    larger than MAX_OUTPUT_CHARS, on an operation that would make more (see "sizes"), on
    rendering longer than RENDER_SECONDS or using more than MAX_RENDER_MEMORY, and on output
    that holds a trigger line."""
    now = variables["now"]
    context = dict(variables)
    context["obsidian_placeholder"] = _placeholder_function(now, date_formats)
    try:
        # Compiling runs no code of the template's: filters and sized operators are never
        # worked out ahead, so what it makes is bounded by the template's own text.
        compiled = _compiled(translate_placeholders(template.text))
        with Limits(RENDER_SECONDS):
            output = _bounded_output(compiled.generate(context), template)
    except OutOfTime:
        raise TemplateProblem(
            f"{template.origin}: still rendering after {RENDER_SECONDS:g} s; "
            f"stopped (a loop that does not end?)"
        ) from None
    except OutOfMemory:
        raise TemplateProblem(
            f"{template.origin}: used more than {MAX_RENDER_MEMORY >> 20} MB of memory; stopped"
        ) from None
    except jinja2.TemplateError as exc:
        line = _error_line(exc)
        where = f"{template.origin}:{line}" if line else template.origin
        raise TemplateProblem(f"{where}: {exc.message or exc.__class__.__name__}") from None
    except (
        ArithmeticError,
        TypeError,
        ValueError,
        LookupError,
        MemoryError,
        RecursionError,
    ) as exc:
        line = _error_line(exc)
        where = f"{template.origin}:{line}" if line else template.origin
        raise TemplateProblem(f"{where}: {exc.__class__.__name__}: {exc}") from None
    _refuse_triggers(template, output)
    return output


def _refuse_triggers(template: Template, output: str) -> None:
    """A trigger line in a template's output would be expanded in turn, and a template that
    makes its own trigger grows the note by one copy on every run: refused, whatever made it
    (the template's text, a variable, a prompt)."""
    if template.name in UNSCANNED_LAYOUTS:
        return
    for number, line in enumerate(output.split("\n"), 1):
        found = TRIGGER.match(line.strip().lstrip("\ufeff").strip()) if "{{" in line else None
        if found is None or found.group(1).lower() in NOT_TRIGGERS:
            continue
        name = found.group(1)
        source = _line_naming(template.text, name)
        where = (
            f"{source}: its output contains a trigger line ({{{{{name}}}}})"
            if source
            else f"{number}: its output contains a trigger line ({{{{{name}}}}}) at line {number} "
            f"of the output"
        )
        raise TemplateProblem(f"{template.origin}:{where}; a template may not make a trigger")


def _line_naming(text: str, name: str) -> int | None:
    """The first line of the template that names `name` where Jinja or a literal can write it:
    inside braces or quotes."""
    word = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
    for number, line in enumerate(text.split("\n"), 1):
        if word.search(line) and any(mark in line for mark in "{\"'"):
            return number
    return None


def _bounded_output(chunks: Iterator[str], template: Template) -> str:
    """Join the rendered pieces, stopping as soon as they grow past MAX_OUTPUT_CHARS (rather than
    after a runaway template has filled the memory)."""
    out, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateProblem(
                f"{template.origin}: output is larger than {MAX_OUTPUT_CHARS} characters"
            )
        out.append(chunk)
    return "".join(out)


# --- finding templates ----------------------------------------------------------------------


def daily_template_name(config: Config) -> str:
    """The daily template setting as a template name: Obsidian names a vault path (without .md),
    which inside the templates folder is the name of the person's own template there."""
    name = config.daily_template
    if "/" in name and in_folder(name, config.templates_folder):
        name = name[len(config.templates_folder) + 1 :]
    return name


def daily_template_fallback(config: Config, kind: str, files: Container[str]) -> str | None:
    """The warning when the settings name a daily template of the person's own (a vault path,
    as Obsidian writes it, or any name Obsidian's settings give) and that note is not in the
    vault: `kind` is then the built-in one, and new daily pages are made from it. Said, not
    silent, so that a person whose template went missing (renamed, not synced yet) knows."""
    source = config.sources.get("daily_template", "built-in default")
    if "/" not in config.daily_template and not source.endswith(".json"):
        return None  # a template name, and the built-in one of that name is what it asks for
    folder = config.templates_folder
    if (f"{folder}/{kind}.md" if folder else f"{kind}.md") in files:
        return None  # the person's own
    return (
        f"{source}: the daily template '{config.daily_template}' is not in the vault; "
        f"new daily pages are made from the built-in one until it is"
    )


class TemplateSet:
    """The built-in templates, overridden by the person's own of the same name."""

    def __init__(self, builtin_dir: Path, user: Mapping[str, tuple[str, str]]) -> None:
        # user: name -> (vault path, text), read from the vault's templates folder.
        self._builtin_dir = builtin_dir
        self._user = dict(user)
        self._builtin = {p.stem: p for p in sorted(builtin_dir.glob("*.md"))}
        # path -> ((mtime_ns, size), text) of each built-in file read so far. The daemon keeps
        # one TemplateSet for hours and renders on every change, while a person may edit a
        # template: a file is read again only when its stamp says it changed.
        self._kept: dict[Path, tuple[tuple[int, int], str]] = {}

    def _text_of(self, path: Path) -> str:
        """The text of a built-in file, read once and again only after it changed."""
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
        kept = self._kept.get(path)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        # Stamped before reading: a change made while it is read shows as a new stamp next time.
        text = path.read_text(encoding="utf-8")
        self._kept[path] = (stamp, text)
        return text

    def names(self) -> set[str]:
        return set(self._builtin) | set(self._user)

    def resolve(self, name: str) -> str | None:
        """The template a trigger or setting names, through aliases; None when unknown."""
        key = name.strip()
        for candidate in (key, key.lower(), ALIASES.get(key.lower(), "")):
            if candidate and (candidate in self._user or candidate in self._builtin):
                return candidate
        return None

    def get(self, name: str) -> Template:
        if name in self._user:
            origin, text = self._user[name]
            return Template(name, origin, text)
        path = self._builtin[name]
        return Template(name, f"templates/{path.name}", self._text_of(path))

    def builtin_files(self) -> list[tuple[str, bytes]]:
        """(path under the templates folder, bytes) of every built-in file, for `init`."""
        return [
            (p.relative_to(self._builtin_dir).as_posix(), p.read_bytes())
            for p in sorted(self._builtin_dir.rglob("*.md"))
        ]

    def texts(self) -> list[str]:
        """Every template and prompt list in force, the person's copies first."""
        found = [text for _, text in self._user.values()]
        found += [
            self._text_of(p)
            for p in sorted(self._builtin_dir.rglob("*.md"))
            if p.relative_to(self._builtin_dir).with_suffix("").as_posix() not in self._user
        ]
        return found

    def text(self, key: str) -> str:
        """The text of KEY (e.g. "prompts/ask"), the person's copy first; "" if none."""
        if key in self._user:
            return self._user[key][1]
        path = self._builtin_dir / f"{key}.md"
        return self._text_of(path) if path.is_file() else ""

    def prompts(self, name: str) -> list[str]:
        """The `- ` items of prompts/NAME.md (the person's copy first), one prompt each."""
        key = f"prompts/{name}"
        if key in self._user:
            text = self._user[key][1]
        else:
            path = self._builtin_dir / "prompts" / f"{name}.md"
            text = self._text_of(path) if path.is_file() else ""
        return [m.group(1).strip() for m in re.finditer(r"^\s*[-*+]\s+(.+)$", text, re.MULTILINE)]


def choose_prompt(prompts: list[str], day: dt.date) -> str:
    """One prompt per day, walking through the list so consecutive days differ."""
    return prompts[day.toordinal() % len(prompts)] if prompts else ""
