"""SIGTERM in the middle of the first read of a big vault: the daemon looks for the stop
between notes, so it stops with most of the vault unread, exit status 0, and the notes it did
read saved in the index for the next start. Counted, not timed: how many notes it read."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest

from support.bench import load_generator
from support.daemon import wait_for
from support.paths import ROOT
from vaultkit.settings.config import load_config
from vaultkit.store.note_cache import NoteCache

NOTES = 6000  # a first read of a second or more, whatever the machine
STOPPED = re.compile(r"stopped reading after ([\d,]+) of ([\d,]+) notes")


def _number(text: str) -> int:
    return int(text.replace(",", ""))


@pytest.mark.long
def test_sigterm_during_the_first_read_stops_between_notes(tmp_path):
    vault = tmp_path / "vault"
    load_generator().generate(vault, NOTES, seed=1)
    log = tmp_path / "watch.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--today", "2026-11-22"]
    process = subprocess.Popen(
        [*command, "watch", "--log-file", str(log)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def said() -> str:
            return log.read_text("utf-8") if log.exists() else ""

        wait_for(lambda: "reading " in said() or process.poll() is not None, 60, "the read")
        process.send_signal(signal.SIGTERM)
        # A bound only so that a daemon that never stops fails the test: ten times the promise.
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    text = said()
    assert code == 0, text
    found = STOPPED.search(text)
    assert found, text
    read, total = _number(found[1]), _number(found[2])
    assert total >= NOTES
    assert read < total // 3, text
    assert "stopped" in text.splitlines()[-1]
    # What was read is kept for the next start, and nothing else was done: no page, no agenda.
    config = load_config(vault)[0]
    assert len(NoteCache.at(vault, config).read().entries) == read
    assert not (vault / "Next session.md").exists()
