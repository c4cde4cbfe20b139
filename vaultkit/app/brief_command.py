"""`brief`: the therapist brief made from a loaded vault, and the rules for where its FILE
may be written (never inside the vault, never over a file unless asked)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from vaultkit.app.brief import list_brief, make_brief
from vaultkit.app.command_errors import Failed, Refused
from vaultkit.app.report import Report
from vaultkit.app.tender import Tender
from vaultkit.render.templates import TemplateProblem
from vaultkit.store.outside_writer import AlreadyExists, InsideVault, is_inside, write_file
from vaultkit.store.vault import Vault

OUT_INSIDE = "{}: inside the vault; the brief is written only outside it"
OUT_EXISTS = "{}: already exists; pass --force to replace it"


def check_out(out: Path, root: Path, force: bool) -> None:
    """Refuse a FILE inside the vault, or one that exists when --force is not given: asked
    before any work, so that a refusal costs nothing."""
    if is_inside(out, root):
        raise Refused(OUT_INSIDE.format(out))
    if not force and os.path.lexists(out):
        raise Refused(OUT_EXISTS.format(out))


def write_out(out: Path, page: str, root: Path, force: bool) -> None:
    """Write the page to FILE whole or not at all; Refused as check_out, a WriteError when
    the machine refuses."""
    try:
        # The same checks again where they cannot be raced: a file made meanwhile is not
        # replaced, and the vault is looked for through every symlink once more.
        write_file(out, page.encode("utf-8"), replace=force, outside=root)
    except AlreadyExists:
        raise Refused(OUT_EXISTS.format(out)) from None
    except InsideVault:
        raise Refused(OUT_INSIDE.format(out)) from None


def brief_listing(
    vault: Vault, today: dt.date, now: dt.datetime | None, since: dt.date | None
) -> tuple[str, Report]:
    """`brief --list`: what the brief would hold; nothing is written."""
    tender = Tender(vault, today, now=now)
    listing = list_brief(tender, since)
    return listing, tender.finish()


def brief(
    vault: Vault,
    today: dt.date,
    now: dt.datetime | None,
    since: dt.date | None,
    include_entries: bool,
    deliver: Callable[[str], None],
) -> Report:
    """Make the brief's page and hand it to `deliver`; Failed when a template fails."""
    tender = Tender(vault, today, now=now)
    try:
        page = make_brief(tender, since, include_entries)
    except TemplateProblem as exc:
        raise Failed(str(exc)) from exc
    deliver(page)
    return tender.finish()
