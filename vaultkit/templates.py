"""Finding and rendering templates: Jinja2 in its sandbox, plus Obsidian's core placeholders."""

from __future__ import annotations

import datetime as dt
import json
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .moment import format_moment

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
}
# Names that Obsidian itself expands inside templates; on a note's own line they are not triggers.
OBSIDIAN_PLACEHOLDERS = {"title", "date", "time", "yesterday", "tomorrow"}
NOT_TRIGGERS = OBSIDIAN_PLACEHOLDERS | {"next-session"}
MAX_OUTPUT_CHARS = 8_000_000  # far above any real note; stops a runaway template


class TemplateProblem(Exception):
    """str() is `TEMPLATE:LINE: message`."""


@dataclass(frozen=True)
class Template:
    name: str
    origin: str  # shown in errors: the vault path, or templates/NAME.md for a built-in
    text: str


# --- Obsidian's placeholders ----------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<what>date|time)\s*(?:(?P<n>[+-]\d+)\s*(?P<unit>[yMwdhms]))?\s*(?::(?P<fmt>.*?))?\}\}"
    r"|\{\{\s*(?P<word>yesterday|tomorrow)\s*\}\}",
    re.IGNORECASE,
)


def _jinja_string(value: str) -> str:
    return json.dumps(value)  # ASCII-only with \u escapes, which Jinja's string literals accept


def translate_placeholders(text: str) -> str:
    """Rewrite `{{date:FORMAT}}` and friends as Jinja calls, keeping every line where it was."""

    def call(match: re.Match) -> str:
        if match.group("word"):
            return f"{{{{ obsidian_placeholder({_jinja_string(match.group('word').lower())}) }}}}"
        args = [match.group("what").lower(), match.group("n") or "0", match.group("unit") or "d",
                match.group("fmt") or ""]
        return "{{ obsidian_placeholder(" + ", ".join(map(_jinja_string, args)) + ") }}"

    return _PLACEHOLDER.sub(call, text)


def _shift(moment: dt.datetime, amount: int, unit: str) -> dt.datetime:
    if unit in "yM":
        months = moment.month - 1 + amount * (12 if unit == "y" else 1)
        year, month = moment.year + months // 12, months % 12 + 1
        day = min(moment.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0)
                               else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
        return moment.replace(year=year, month=month, day=day)
    seconds = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}[unit]
    return moment + dt.timedelta(seconds=amount * seconds)


def _placeholder_function(now: dt.datetime, formats: Mapping[str, str]):
    def obsidian_placeholder(what: str, amount: str = "0", unit: str = "d", fmt: str = "") -> str:
        if what in ("yesterday", "tomorrow"):
            moment = now + dt.timedelta(days=-1 if what == "yesterday" else 1)
            return format_moment(moment, formats["daily"])
        moment = _shift(now, int(amount), unit)
        return format_moment(moment, fmt.strip() or formats[what])

    return obsidian_placeholder


# --- the sandbox ----------------------------------------------------------------------------

def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["moment"] = format_moment
    return env


_ENV = _environment()


def _error_line(exc: BaseException) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def render(template: Template, variables: dict[str, Any], *, date_formats: Mapping[str, str]) -> str:
    """The rendered text; TemplateProblem (with the template's line) on any error."""
    now = variables["now"]
    context = dict(variables)
    context["obsidian_placeholder"] = _placeholder_function(now, date_formats)
    try:
        compiled = _ENV.from_string(translate_placeholders(template.text))
        output = compiled.render(context)
    except jinja2.TemplateError as exc:
        line = _error_line(exc)
        where = f"{template.origin}:{line}" if line else template.origin
        raise TemplateProblem(f"{where}: {exc.message or exc.__class__.__name__}") from None
    except (ArithmeticError, TypeError, ValueError, LookupError, MemoryError, RecursionError) as exc:
        line = _error_line(exc)
        where = f"{template.origin}:{line}" if line else template.origin
        raise TemplateProblem(f"{where}: {exc.__class__.__name__}: {exc}") from None
    if len(output) > MAX_OUTPUT_CHARS:
        raise TemplateProblem(f"{template.origin}: output is larger than {MAX_OUTPUT_CHARS} characters")
    return output


def strip_frontmatter(text: str) -> str:
    """A rendered template without its frontmatter, for expanding inside an existing note."""
    match = re.match(r"^---\r?\n.*?\r?\n---\r?\n", text, re.DOTALL)
    return text[match.end():].lstrip("\r\n") if match else text


# --- finding templates ----------------------------------------------------------------------

class TemplateSet:
    """The built-in templates, overridden by the person's own of the same name."""

    def __init__(self, builtin_dir: Path, user: Mapping[str, tuple[str, str]]):
        # user: name -> (vault path, text), read from the vault's templates folder.
        self._builtin_dir = builtin_dir
        self._user = dict(user)
        self._builtin = {p.stem: p for p in sorted(builtin_dir.glob("*.md"))}

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
        return Template(name, f"templates/{path.name}", path.read_text(encoding="utf-8"))

    def builtin_files(self) -> list[tuple[str, bytes]]:
        """(path under the templates folder, bytes) of every built-in file, for `init`."""
        return [(p.relative_to(self._builtin_dir).as_posix(), p.read_bytes())
                for p in sorted(self._builtin_dir.rglob("*.md"))]

    def prompts(self, name: str) -> list[str]:
        """The `- ` items of prompts/NAME.md (the person's copy first), one prompt each."""
        key = f"prompts/{name}"
        if key in self._user:
            text = self._user[key][1]
        else:
            path = self._builtin_dir / "prompts" / f"{name}.md"
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
        return [m.group(1).strip() for m in re.finditer(r"^\s*[-*+]\s+(.+)$", text, re.MULTILINE)]


def choose_prompt(prompts: list[str], day: dt.date) -> str:
    """One prompt per day, walking through the list so consecutive days differ."""
    return prompts[day.toordinal() % len(prompts)] if prompts else ""
