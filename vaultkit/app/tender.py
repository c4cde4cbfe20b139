"""The parts one pass works with, for one loaded vault on one day: the render context, the
phrase cache, the write gateway and the blocks vaultkit last wrote.

`vaultkit run` makes one for its pass; the daemon keeps one as long as the vault it tends.
The steps (tend.py) take it; none of them holds state of its own.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TextIO

from vaultkit.app.gateway import WriteGateway
from vaultkit.app.phrase_cache import PhraseCache
from vaultkit.app.render_context import RenderContext
from vaultkit.app.report import Report
from vaultkit.facts.agenda import Agenda
from vaultkit.facts.agenda_model import ChartData
from vaultkit.store.cache_dir import vault_cache_dir
from vaultkit.store.vault import Vault
from vaultkit.store.written_blocks import WrittenBlocks


class Tender:
    """One vault being tended on `today`. A dry run writes nothing (not even the caches) and
    shows each change as a diff on `out`."""

    def __init__(
        self,
        vault: Vault,
        today: dt.date,
        *,
        dry_run: bool = False,
        now: dt.datetime | None = None,
        clock: Callable[[], float] = time.time,
        out: TextIO | None = None,
        stopping: Callable[[], bool] = lambda: False,
    ):
        self.vault, self.config, self.today = vault, vault.config, today
        cache = None if dry_run else vault_cache_dir(vault.root)
        self.context = RenderContext(vault, now)
        self.phrases = PhraseCache(vault, self.context)
        self.gateway = WriteGateway(
            vault, cache, dry_run=dry_run, out=out, clock=clock, stopping=stopping
        )
        # What vaultkit last wrote in each generated block (blocks.py), by digest.
        self.written = WrittenBlocks(cache)
        # The agenda of the notes alone as last built (agenda_state.build), with what it was
        # built from: the notes' version (AgendaIndex.version), the day, the period's start and
        # whether it is whole.
        self.built: tuple[tuple[int, dt.date, dt.date | None, bool], Agenda] | None = None
        # Each mood chart's bytes as last drawn, with what it was drawn from (generated.py).
        self.charts: dict[str, tuple[tuple[ChartData, str], bytes]] = {}

    @property
    def report(self) -> Report:
        return self.gateway.report

    def finish(self) -> Report:
        """Save what the pass remembers and give its report, with the vault's warnings."""
        self.written.save()
        self.gateway.own_writes.save()
        report = self.report
        report.warnings = self.vault.warnings() + report.problems
        report.skipped = len(self.vault.skipped)
        return report
