"""Support one glance away: the words vaultkit uses when it points to people.

One callout, the same everywhere it appears: at the top of the agenda, folded at the end of
every writing page, for a ``{{help}}`` line, and in place of a question when the lines above
an ``{{ask}}`` read as a risk statement (questions.py).  Its body is the person's own
``[support] contacts``; with none set, a default that holds in every country: the local
emergency number and findahelpline.com, a directory of free helplines by country.  No single
country's number is ever the default: a number that is right in one country is a wrong number
everywhere else, at the worst moment to find that out.

When the vault holds a safety plan (``vaultkit new safety-plan``: a note whose frontmatter says
``type: safety-plan``, or one called "My safety plan"), the callout links it.

Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from vaultkit.settings.config import Config
from vaultkit.text.ignore import in_folder
from vaultkit.text.note import Note

__all__ = [
    "CALLOUT_START",
    "PLAN_KIND",
    "PLAN_TITLE",
    "boilerplate",
    "callout",
    "contact_lines",
    "find_safety_plan",
    "may_be_plan",
    "plan_lines",
    "plan_link",
    "set_apart",
]

TITLE = "If it gets too heavy"
CALLOUT_START = "> [!note]"  # how every support callout starts, folded or not
LEAD = "You don't have to hold this alone."
# The default, for a vault with no contacts: what holds wherever the person lives.
EMERGENCY = "In danger now, or unsure you can stay safe: call your local emergency number."
HELPLINES = "Free helplines in your country: https://findahelpline.com"
ADD_YOUR_OWN = "Add your own people and numbers under `[support] contacts` in vaultkit.toml."

PLAN_KIND = "safety-plan"  # the template, and the frontmatter `type:` of the note it makes
PLAN_TITLE = "My safety plan"


def _one_line(text: str) -> str:
    # A contact holding a line break would end the callout early: every line of it must
    # start with ">".
    line = " ".join(text.split())
    # A list marker of the person's own would make a list in a list.
    return line[2:].lstrip() if line[:2] in ("- ", "* ", "+ ") else line


def contact_lines(config: Config) -> list[str]:
    """The callout's lines of people and numbers: the person's own, else the default."""
    own = [line for line in map(_one_line, config.support) if line]
    return own or [EMERGENCY, HELPLINES, ADD_YOUR_OWN]


def plan_lines(config: Config) -> list[str]:
    """What the safety plan's "professionals and crisis lines" step starts from: the person's
    contacts, else the default as lines to fill in."""
    own = [line for line in map(_one_line, config.support) if line]
    return own or [
        "Local emergency number:",
        "Free helplines in my country: https://findahelpline.com",
    ]


def callout(config: Config, safety_plan: str | None, collapsed: bool) -> str:
    """The support callout, as Markdown lines without a final newline.

    ``safety_plan`` is the link target of the person's safety plan (``My safety plan``), or
    None.  ``collapsed`` writes ``[!note]-``, which Obsidian shows folded: a writing page
    keeps it within reach without putting it in front of every entry.
    """
    lines = [f"{CALLOUT_START}{'-' if collapsed else ''} {TITLE}", f"> {LEAD}"]
    lines += [f"> - {line}" for line in contact_lines(config)]
    if safety_plan:
        lines.append(f"> - My safety plan: [[{safety_plan}]]")
    return "\n".join(lines)


def boilerplate(config: Config) -> str:
    """Every line a support callout can hold, for the counts to leave out as vaultkit's own
    words (phrases.template_boilerplate): the callout is on every writing page, so without
    this its words would be "what repeated", and a page left as it was made would count as
    written.  The default lines are kept even once contacts are set: older pages hold them."""
    lines = [f"{CALLOUT_START} {TITLE}", f"{CALLOUT_START}- {TITLE}", f"> {LEAD}"]
    lines += [f"> - {line}" for line in (EMERGENCY, HELPLINES, ADD_YOUR_OWN)]
    lines += [f"> - {line}" for line in contact_lines(config)]
    lines.append(f"> - My safety plan: [[{PLAN_TITLE}]]")
    return "\n".join(dict.fromkeys(lines))


def set_apart(replacements: dict[int, str], callouts: set[int], lines: list[str]) -> None:
    """Give each callout that replaces a line a blank line on either side, in place.

    A ``>`` line right below a quote joins that quote, and a line of text right below a
    callout is read as part of its last line: either way the callout stops being one.  The
    line below is not the callout's to change, so it is written again, as it is, one blank
    line lower (or, when it is being replaced itself, its replacement is)."""
    for index in sorted(callouts):
        text = replacements[index]
        if index > 0 and lines[index - 1].strip():
            text = "\n" + text
        replacements[index] = text
        below = index + 1
        if below < len(lines) and lines[below].strip():
            if below in replacements:
                if below not in callouts:  # a callout below gets its own blank line above
                    replacements[below] = "\n" + replacements[below]
            else:
                replacements[below] = "\n" + lines[below]


# --- the safety plan ------------------------------------------------------------------------


def may_be_plan(note: Note) -> bool:
    """Whether a note is a safety plan by its kind or its title, wherever it is (Vault keeps
    the set of such notes as they come and go)."""
    return note.kind == PLAN_KIND or note.title.lower() == PLAN_TITLE.lower()


def find_safety_plan(
    notes: Mapping[str, Note], templates_folder: str, among: Iterable[str] | None = None
) -> str | None:
    """The path of the person's safety plan: a note of `type: safety-plan` first, else one
    called "My safety plan"; of several, the first by path (so every device links the same
    one).  The templates folder holds the template, not a plan. `among`: the only paths that
    may be one (Vault.plans), so that an edit's render never looks through every note."""
    found = [
        (note.kind != PLAN_KIND, path)
        for path in (notes if among is None else among)
        if (note := notes.get(path)) is not None
        and may_be_plan(note)
        and not in_folder(path, templates_folder)
    ]
    return min(found)[1] if found else None


def plan_link(path: str, titles: Counter[str]) -> str:
    """How to link the plan: its title when no other note has it, else its path."""
    title = path.rsplit("/", 1)[-1][:-3]
    return title if titles.get(title.lower(), 0) <= 1 else path[:-3]
