"""The trigger step: each `{{name}}` line of a note replaced by what it asks for (a template
fitted in, a question about the entry above it, the support callout)."""

from __future__ import annotations

from collections.abc import Iterable

from vaultkit.app.gateway import Change
from vaultkit.app.render_context import LazyAgenda
from vaultkit.app.tender import Tender
from vaultkit.render.support import CALLOUT_START, callout, set_apart
from vaultkit.render.templates import ASK, HELP, LAYOUTS, NOT_TRIGGERS, TemplateProblem
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.text.edits import replace_lines
from vaultkit.text.expansion import (
    as_list_item,
    fit,
    is_private_template,
    private_passage,
    section_levels,
    under_item,
)
from vaultkit.text.note import Note
from vaultkit.text.note_lines import split_lines
from vaultkit.text.questions import (
    SUPPORT,
    SUPPORT_SECTION,
    choose_questions,
    keep_support,
    parse_questions,
    question_line,
)


def trigger_paths(tender: Tender) -> list[str]:
    return [p for p, n in tender.vault.notes.items() if n.triggers]


def expand_triggers(tender: Tender, paths: Iterable[str], agenda: LazyAgenda) -> None:
    """Replace each note's trigger lines (expansion.py says how a template fits there). A
    trigger written as a list item takes a result of one line as that item; a template
    that cannot be one is left where it is and said, as the person can move it."""
    for path in sorted(paths):
        note = tender.vault.notes.get(path)
        if note is None or not note.triggers or path == tender.config.agenda_note:
            continue
        old = tender.vault.data_of(path)
        if old is None:
            continue  # changed since it was read: it is looked at again
        _expand(tender, path, note, old, agenda)


def _expand(tender: Tender, path: str, note: Note, old: bytes, agenda: LazyAgenda) -> None:
    config, templates = tender.config, tender.context.templates
    lines = split_lines(old.decode("utf-8", "replace"))
    listed = dict(note.list_triggers)
    levels = section_levels(
        lines, note.body_start, [line for line, _ in note.triggers if line not in listed]
    )
    # blocks: the lines replaced by more than a line of text, set apart from their
    # neighbours so that neither runs into the other (a callout swallows the line
    # below it, a quote joins the one above).
    replacements: dict[int, str] = {}
    kinds: list[str] = []
    blocks: set[int] = set()
    questions = _questions(tender, path, note)
    for line, name in note.triggers:
        marker = listed.get(line)
        if name.lower() == HELP:
            # The support callout, whatever template a person may have called "help".
            # In a list too: it cannot be an item, and takes the item's place instead,
            # where it was asked for, rather than waiting at the end of the list.
            plan = tender.context.safety_plan()
            replacements[line] = callout(config, plan, collapsed=True)
            blocks.add(line)
            kinds.append("{{help}}")
            continue
        if name.lower() == ASK:
            asked = questions.get(line)
            if asked and asked.startswith(CALLOUT_START):
                blocks.add(line)  # support, in a list too, as for {{help}}
            elif asked and marker is not None:
                asked = as_list_item(marker, asked)
            if asked:
                replacements[line] = asked
                # The same words whether a question or support took its place: what
                # was written above it is not the log's business.
                kinds.append("{{ask}}")
            continue
        kind = templates.resolve(name)
        if kind is None or name.lower() in NOT_TRIGGERS or kind in LAYOUTS:
            continue
        try:
            text = tender.context.render(kind, note.title, note.date, agenda)
        except TemplateProblem as exc:
            tender.gateway.error(path, str(exc))
            replacements = {}
            break
        if marker is None:
            fitted = fit(text, levels[line])
            # A letter's privacy goes with it into whatever page it is written in.
            replacements[line] = private_passage(fitted) if is_private_template(text) else fitted
            blocks.add(line)
        else:
            item = as_list_item(marker, text)
            if item is None:
                tender.report.problems.append(
                    f"{path}:{line + 1}: {{{{{name}}}}} inside a list cannot be expanded "
                    f"there; put it on a line of its own"
                )
                continue
            replacements[line] = item
        kinds.append(kind)
    if replacements:
        for line in replacements:
            if line not in listed:
                # A trigger indented under a list item (`- before` / `  {{free}}`):
                # the result goes there, indented as the trigger was, so that the
                # item and the lines after it stay one.
                replacements[line] = under_item(replacements[line], lines[line])
        if blocks:
            set_apart(replacements, blocks, lines)
        new = replace_lines(old, replacements)
        tender.gateway.apply(Change(path, old, new, "expanded", ", ".join(kinds)))


def _questions(tender: Tender, path: str, note: Note) -> dict[int, str]:
    """The lines that replace a note's `{{ask}}` triggers: one question each about what
    the entry above it names (questions.py), all chosen in one reading of the note, or
    the support callout, open, where the lines above read as a risk statement; a trigger
    with no question to ask is left out."""
    asks = [line for line, name in note.triggers if name.lower() == ASK]
    data = tender.vault.data_of(path) if asks else None
    if data is None:
        return {}
    questions = parse_questions(tender.context.templates.text("prompts/ask"))
    if SUPPORT_SECTION not in questions.cues:
        builtin = builtin_templates_dir() / "prompts" / "ask.md"
        questions = keep_support(questions, parse_questions(builtin.read_text("utf-8")))
    lines = split_lines(data.decode("utf-8", "replace"))
    chosen = choose_questions(lines, asks, note.date, questions)
    support = (
        callout(tender.config, tender.context.safety_plan(), collapsed=False)
        if SUPPORT in chosen.values()
        else ""
    )
    return {
        line: support if q == SUPPORT else question_line(q) + "\n"
        for line, q in chosen.items()
        if q
    }
