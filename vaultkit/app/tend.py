"""One pass over a vault: the steps in order, each given what it looks at.

`vaultkit run` passes over the whole vault; the daemon passes over what one change touched
and, at midnight, over the new day; `new` and `session` refresh the agenda after the note
they made. All of them run the same steps (STEPS), in the same order, through `tend`.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vaultkit.app.agenda_state import PassAgenda, current_agenda
from vaultkit.app.agenda_step import update_agenda
from vaultkit.app.pages import ensure_daily, fill_prompts, prompt_folder_paths
from vaultkit.app.report import Report
from vaultkit.app.reviews_step import can_alter, update_reviews
from vaultkit.app.tender import Tender
from vaultkit.app.triggers import expand_triggers, trigger_paths
from vaultkit.render.agenda_listing import agenda_listing
from vaultkit.render.templates import compile_ahead
from vaultkit.settings.config import Config
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.store.vault import Progress, Vault, load_vault
from vaultkit.store.walk import Walk

EVERY = None


@dataclass(frozen=True)
class Scope:
    """What one pass looks at; the agenda and its note are always regenerated."""

    temps: Sequence[str] = ()  # vaultkit's temp files found by a walk, swept if stale
    daily: bool = False  # make today's page if there is none
    # The notes that may be empty notes in a prompt folder, and that may hold trigger lines;
    # EVERY (None): all of them, as the vault stands when their step comes (a page just
    # filled may hold a trigger).
    prompts: Sequence[str] | None = ()
    triggers: Sequence[str] | None = ()
    # The weekly reviews too: True, or the paths of the notes that changed, when only a
    # change that can alter a finished week's review (reviews_step.can_alter) calls for them.
    reviews: bool | Sequence[str] = False


def whole(tender: Tender) -> Scope:
    """Everything: `vaultkit run`, and the daemon's first pass."""
    return Scope(tender.vault.temps, daily=True, prompts=EVERY, triggers=EVERY, reviews=True)


# A new day: its page, and the agenda and reviews that count from it.
NEW_DAY = Scope(daily=True, reviews=True)

# After a note was made by hand (`new`, `session`): the agenda, which may now show it.
AGENDA_ONLY = Scope()

# A step: what it changes from the tender, the scope, and the agenda as the pass began
# (worked out the first time a step asks, before anything is written).
Step = Callable[[Tender, Scope, PassAgenda], None]


def _sweep(tender: Tender, scope: Scope, agenda: PassAgenda) -> None:
    if scope.temps:
        tender.gateway.sweep_temps(list(scope.temps))


def _daily(tender: Tender, scope: Scope, agenda: PassAgenda) -> None:
    if scope.daily:
        ensure_daily(tender, agenda)


def _prompts(tender: Tender, scope: Scope, agenda: PassAgenda) -> None:
    paths = prompt_folder_paths(tender) if scope.prompts is None else scope.prompts
    fill_prompts(tender, paths, agenda)


def _triggers(tender: Tender, scope: Scope, agenda: PassAgenda) -> None:
    paths = trigger_paths(tender) if scope.triggers is None else scope.triggers
    expand_triggers(tender, paths, agenda)


def _agenda(tender: Tender, scope: Scope, agenda: PassAgenda) -> None:
    update_agenda(tender)


def _reviews(tender: Tender, scope: Scope, agenda: PassAgenda) -> None:
    wanted = scope.reviews
    if wanted is True or (wanted is not False and can_alter(tender, wanted)):
        update_reviews(tender)


def _forget(tender: Tender, scope: Scope, agenda: PassAgenda) -> None:
    tender.phrases.forget_unused()


# The order matters: pages are made before the agenda is regenerated (a filled prompt or an
# expanded trigger may add items), and the reviews read the marks the agenda step wrote.
STEPS: tuple[Step, ...] = (_sweep, _daily, _prompts, _triggers, _agenda, _reviews, _forget)


def tend(tender: Tender, scope: Scope) -> None:
    """Run every step over `scope`; what happened is in tender.report."""
    agenda = PassAgenda(tender)
    for step in STEPS:
        step(tender, scope, agenda)


def run_all(tender: Tender) -> Report:
    """`vaultkit run`: one pass over the whole vault, and its report."""
    tend(tender, whole(tender))
    return tender.finish()


def open_vault(
    root: Path,
    config: Config,
    progress: Progress | None = None,
    *,
    parallel: bool = False,
    walk: Walk | None = None,
) -> Vault:
    """The vault as a command reads it: through the note index, which is saved again at once
    so that the next command starts warm even when this one stops short (`parallel`, `walk`:
    see load_vault)."""
    vault = load_vault(root, config, cache=True, progress=progress, parallel=parallel, walk=walk)
    vault.save_index()
    return vault


def compile_layouts_ahead() -> threading.Thread:
    """The built-in layouts every pass renders (agenda_state, reviews_step), compiled in the
    background while a first read goes on (templates.compile_ahead)."""
    folder = builtin_templates_dir()
    return compile_ahead([folder / f"{name}.md" for name in ("next-session", "weekly-review")])


def run_pass(
    vault: Vault, today: dt.date, *, dry_run: bool = False, now: dt.datetime | None = None
) -> Report:
    """One pass over the vault: what `vaultkit run` does (with dry_run, as diffs only)."""
    return run_all(Tender(vault, today, dry_run=dry_run, now=now))


def regenerate_agenda(
    vault: Vault, today: dt.date, *, show_only: bool, everything: bool = False
) -> tuple[Report, str]:
    """The report of updating the agenda note, and (with show_only, which writes nothing)
    the note's text as it would be; "" without show_only. `everything` writes nothing either:
    the text is the whole agenda, every item of every section, with no window (what the note
    folds into counts to stay one page)."""
    # Diffs of a dry run are not for the person here: the note itself is what they asked for.
    tender = Tender(vault, today, dry_run=show_only or everything, out=io.StringIO())
    if everything:
        return tender.finish(), agenda_listing(current_agenda(tender, whole=True))
    tend(tender, AGENDA_ONLY)
    text = ""
    if show_only:
        state = tender.vault.files.get(tender.config.agenda_note)
        text = state.data.decode("utf-8") if state and state.data is not None else ""
        tender.report.actions.clear()
    return tender.finish(), text
