"""Finding, compiling and rendering templates: Jinja2 in its sandbox (the sandbox package),
Obsidian's core placeholders turned into Jinja (placeholders.py), and the rule that a
template may not make a trigger."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import threading
import traceback
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from vaultkit.render.placeholders import placeholder_function, translate_placeholders
from vaultkit.render.sandbox.bounds import MAX_OUTPUT_CHARS
from vaultkit.render.sandbox.environment import ENV
from vaultkit.render.sandbox.limits import MAX_RENDER_MEMORY, OutOfMemory, OutOfTime, limits
from vaultkit.settings.config import Config
from vaultkit.text.ignore import in_folder
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


@functools.lru_cache(maxsize=64)
def _compiled(text: str) -> jinja2.Template:
    """Compiling costs far more than rendering (the agenda template: ~20 ms against ~2 ms), and
    the daemon renders the same few templates on every change."""
    return ENV.from_string(text)


def compile_ahead(paths: Iterable[Path]) -> threading.Thread:
    """Compile the templates in `paths` in a thread of their own, for the renders to come: a
    command that reads every note on every core (a first `run`) spends those ~30 ms where the
    helpers share the work, not after the read, where this process works alone. Only a cache
    is filled: a template that cannot be read or compiled is told when it is rendered."""

    def compile_all() -> None:
        for path in paths:
            with contextlib.suppress(Exception):
                text = path.read_text(encoding="utf-8")
                _names_read(text)
                _compiled(translate_placeholders(text))

    thread = threading.Thread(target=compile_all, name="compile templates", daemon=True)
    thread.start()
    return thread


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
    context["obsidian_placeholder"] = placeholder_function(now, date_formats)
    try:
        # Compiling runs no code of the template's: filters and sized operators are never
        # worked out ahead, so what it makes is bounded by the template's own text.
        compiled = _compiled(translate_placeholders(template.text))
        watch = limits(RENDER_SECONDS)
        try:
            with watch:
                output = _bounded_output(compiled.generate(context), template)
        finally:
            # Ended by __exit__ already, unless a signal's exception (Ctrl-C, the daemon's stop)
            # landed in __exit__ itself: the watch must not outlive the rendering either way.
            watch.end(join=False)
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
