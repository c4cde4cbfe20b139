"""The phrases of each note the counts read (agenda, reviews, brief), worked out once per
version of a note, and the boilerplate (vaultkit's own words) they are read without."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from vaultkit.app.render_context import RenderContext
from vaultkit.facts.agenda import PHRASE_DAYS, SNAPSHOT_HEADING, is_counted
from vaultkit.render.support import boilerplate as support_boilerplate
from vaultkit.render.templates import LAYOUTS
from vaultkit.store.vault import Vault
from vaultkit.text.note import Note
from vaultkit.text.note_lines import split_lines
from vaultkit.text.phrases import Boilerplate, EntryText, read_entry, template_boilerplate
from vaultkit.text.recurring_phrases import Recurrence
from vaultkit.text.sections import section_lines, section_list_items


class PhraseCache:
    """What each note's text says to the counts, remembered by the digest of its bytes."""

    def __init__(self, vault: Vault, context: RenderContext):
        self.vault, self.config, self.context = vault, vault.config, context
        # path -> (digest, phrases); `_used` says which to keep (forget_unused).
        self._memo: dict[str, tuple[bytes, EntryText]] = {}
        self._used: set[str] = set()
        self._boilerplate: tuple[object, Boilerplate] | None = None
        # Which days hold which phrases, as the agenda last counted them: an edit recounts the
        # phrases of its own day only (recurring_phrases.Recurrence).
        self.recurrence = Recurrence()

    def of(self, notes: Iterable[Note], today: dt.date) -> dict[str, EntryText]:
        """What each note's text says to the counts (phrases.read_entry: its phrases, what
        was worked on in it, whether the person wrote in it), read from its bytes. The
        templates' own words and the sessions' threads are left out: every daily page repeats
        them, copied in. Notes the counts may not read (agenda.is_counted: private notes,
        released letters, reference notes) are not read at all."""
        words = self.boilerplate(today)
        found = {}
        for note in notes:
            state = self.vault.files.get(note.path)
            if state is None or not is_counted(note, self.config):
                continue
            self._used.add(note.path)
            known = self._memo.get(note.path)
            if known is None or known[0] != state.digest:
                data = self.vault.data_of(note.path)
                if data is None:
                    continue  # changed since it was read: counted once it is read again
                text = data.decode("utf-8", "replace")
                if note.session_date is not None:
                    # The agenda snapshot repeats the items; their own notes count them.
                    copied = {i for i, _ in section_lines(note, SNAPSHOT_HEADING)}
                    text = "\n".join(
                        line for i, line in enumerate(split_lines(text)) if i not in copied
                    )
                known = (state.digest, read_entry(text, words))
                self._memo[note.path] = known
            found[note.path] = known[1]
        return found

    def boilerplate(self, today: dt.date) -> Boilerplate:
        """What vaultkit itself writes into notes (phrases.template_boilerplate): the
        templates and prompt lists, the threads copied from sessions, the support callout on
        every writing page (support.boilerplate). Neither a phrase of the person's nor a line
        they wrote."""
        # The threads copied into the pages phrases are counted in: those of the sessions
        # before the oldest such page, or since.
        days = max(PHRASE_DAYS, 7 * (self.config.reviews_weeks + 1)) + 31
        sessions = self.vault.agenda_index.session_notes(today - dt.timedelta(days=days))
        templates = self.context.templates
        key = (templates, tuple((n.path, n.lines) for n in sessions))
        if self._boilerplate is None or self._boilerplate[0] != key:
            threads = [
                "\n".join(section_list_items(n, self.config.threads_heading)) for n in sessions
            ]
            # The templates and prompt lists whose words reach entries (the person's copies
            # first); not the layouts of the agenda, reviews and brief, whose wording ("came
            # back", "last time") never reaches a note and must not hide the same words of
            # the person's.
            names = templates.names() | {name[:-3] for name, _ in templates.builtin_files()}
            texts = [templates.text(name) for name in sorted(names - LAYOUTS)]
            # The support callout sits folded on every writing page: its lines are vaultkit's.
            words = template_boilerplate([*texts, *threads, support_boilerplate(self.config)])
            self._boilerplate = (key, words)
            self._memo = {}  # worked out without these words
        return self._boilerplate[1]

    def forget_unused(self) -> None:
        """Keep only the phrases of notes counted since the last call: memory stays the size
        of a few weeks of entries however long the daemon runs. A pass that counted nothing
        (its agenda was built already, agenda_state.build) forgets nothing."""
        if self._used:
            self._memo = {p: v for p, v in self._memo.items() if p in self._used}
        self._used = set()
