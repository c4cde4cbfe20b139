"""Finding and rendering templates: Jinja2 in its sandbox, plus Obsidian's core placeholders."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

import jinja2
from jinja2.exceptions import SecurityError
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
# The layouts of vaultkit's own notes: rendered with their own variables, never by a trigger.
LAYOUTS = {"next-session", "weekly-review", "brief"}
NOT_TRIGGERS = OBSIDIAN_PLACEHOLDERS | LAYOUTS
ASK = "ask"  # the trigger replaced by one follow-up question (questions.py), not a template
MAX_OUTPUT_CHARS = 8_000_000  # far above any real note; stops a runaway template
RENDER_SECONDS = 2.0  # a template still rendering after this long is stopped
MAX_EXPONENT = 64  # `9 ** 999999999` would keep a core busy for hours


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

class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, with the two operators that can eat all memory or a core bounded:
    `'x' * 10**10` and `9 ** 999999999`."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT \
                and isinstance(left, (int, float)) and abs(left) > 1:
            raise SecurityError(f"exponent {right} is too large (at most {MAX_EXPONENT})")
        if operator == "*":
            sizes = [len(x) for x in (left, right) if isinstance(x, (str, list, tuple))]
            counts = [x for x in (left, right) if isinstance(x, int)]
            if sizes and counts and sizes[0] * counts[0] > MAX_OUTPUT_CHARS:
                raise SecurityError(f"a repetition of more than {MAX_OUTPUT_CHARS} items")
        return super().call_binop(context, operator, left, right)


def _environment() -> SandboxedEnvironment:
    env = _Sandbox(
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["moment"] = format_moment
    return env


_ENV = _environment()


@functools.lru_cache(maxsize=64)
def _compiled(text: str) -> jinja2.Template:
    """Compiling costs far more than rendering (the agenda template: ~20 ms against ~2 ms), and
    the daemon renders the same few templates on every change."""
    return _ENV.from_string(text)


def _error_line(exc: BaseException) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def render(template: Template, variables: dict[str, Any], *, date_formats: Mapping[str, str]) -> str:
    """The rendered text; TemplateProblem (with the template's line) on any error, on output
    larger than MAX_OUTPUT_CHARS and on rendering longer than RENDER_SECONDS."""
    now = variables["now"]
    context = dict(variables)
    context["obsidian_placeholder"] = _placeholder_function(now, date_formats)
    try:
        compiled = _compiled(translate_placeholders(template.text))
        with _Deadline(RENDER_SECONDS):
            output = _bounded_output(compiled.generate(context), template)
    except _OutOfTime:
        raise TemplateProblem(f"{template.origin}: still rendering after {RENDER_SECONDS:g} s; "
                              f"stopped (a loop that does not end?)") from None
    except jinja2.TemplateError as exc:
        line = _error_line(exc)
        where = f"{template.origin}:{line}" if line else template.origin
        raise TemplateProblem(f"{where}: {exc.message or exc.__class__.__name__}") from None
    except (ArithmeticError, TypeError, ValueError, LookupError, MemoryError, RecursionError) as exc:
        line = _error_line(exc)
        where = f"{template.origin}:{line}" if line else template.origin
        raise TemplateProblem(f"{where}: {exc.__class__.__name__}: {exc}") from None
    return output


def _bounded_output(chunks: Iterator[str], template: Template) -> str:
    """Join the rendered pieces, stopping as soon as they grow past MAX_OUTPUT_CHARS (rather than
    after a runaway template has filled the memory)."""
    out, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateProblem(f"{template.origin}: output is larger than "
                                  f"{MAX_OUTPUT_CHARS} characters")
        out.append(chunk)
    return "".join(out)


class _OutOfTime(Exception):
    pass


class _Deadline:
    """Stops a template's code once `seconds` have passed.

    The sandbox keeps a template from reaching anything, but not from looping: Jinja's `range`
    is capped, yet two nested loops still run for hours, and Python cannot stop a thread from
    outside. A trace function can: it runs in the rendering thread, and what it raises is
    raised inside the template's frame. Only the template's own frames (compiled from
    "<template>") are traced line by line, and only while it renders."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self) -> "_Deadline":
        self.at = time.monotonic() + self.seconds
        self.previous = sys.gettrace()
        sys.settrace(self._on_call)
        return self

    def __exit__(self, *exc) -> None:
        sys.settrace(self.previous)

    def _on_call(self, frame, event, arg):
        self._check()
        return self._on_line if frame.f_code.co_filename == "<template>" else None

    def _on_line(self, frame, event, arg):
        if event == "line":
            self._check()
        return self._on_line

    def _check(self) -> None:
        if time.monotonic() > self.at:
            raise _OutOfTime


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

    def texts(self) -> list[str]:
        """Every template and prompt list in force, the person's copies first."""
        found = [text for _, text in self._user.values()]
        found += [p.read_text(encoding="utf-8") for p in sorted(self._builtin_dir.rglob("*.md"))
                  if p.relative_to(self._builtin_dir).with_suffix("").as_posix() not in self._user]
        return found

    def text(self, key: str) -> str:
        """The text of KEY (e.g. "prompts/ask"), the person's copy first; "" if none."""
        if key in self._user:
            return self._user[key][1]
        path = self._builtin_dir / f"{key}.md"
        return path.read_text(encoding="utf-8") if path.is_file() else ""

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
