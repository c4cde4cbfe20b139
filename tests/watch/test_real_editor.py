"""A real editor against the running daemon: vim in tmux. The person types a #next line, saves,
keeps typing, saves again; the agenda picks the line up and vim never says the file it is
editing changed on disk.

Needs vim and tmux: `.ci/run` installs them and sets VAULTKIT_REQUIRE_TOOLS=1, so in CI a
missing tool is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from support.daemon import AGENDA, FRIDAY, agenda_text, two_day_vault, wait_for

TOOLS = [tool for tool in ("vim", "tmux") if shutil.which(tool) is None]
if TOOLS:
    if os.environ.get("VAULTKIT_REQUIRE_TOOLS"):
        raise RuntimeError(f"missing {', '.join(TOOLS)}: .ci/run should have installed them")
    pytest.skip(f"needs {' and '.join(TOOLS)}", allow_module_level=True)


class Tmux:
    """One private tmux server (its own socket name) holding one window."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.name, *args], capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        self("send-keys", "-t", "editor", *keys)

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "editor")


@pytest.fixture
def tmux(tmp_path):
    server = Tmux(f"vaultkit-test-{os.getpid()}-{tmp_path.name}")
    yield server
    server("kill-server")


def test_vim_saves_twice_while_the_daemon_runs(tmp_path, tmux):
    vault = two_day_vault(tmp_path / "v")
    note = vault / FRIDAY
    log = tmp_path / "watch.log"
    with open(log, "wb") as err:
        daemon = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "vaultkit",
                "--vault",
                str(vault),
                "--today",
                "2026-11-22",
                "watch",
            ],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=dict(os.environ),
        )
    try:
        wait_for(
            lambda: (vault / AGENDA).exists() and "Ask about sleep" in agenda_text(vault),
            30,
            "the daemon's first pass",
        )
        # vim with its defaults (-u NONE): a swap file, and a backup-rename on every write.
        tmux("new-session", "-d", "-s", "editor", "-x", "120", "-y", "40", f"vim -u NONE -N {note}")
        wait_for(lambda: "Ask about sleep" in tmux.screen(), 15, "vim showing the note")

        tmux.keys("G", "o", "Talk about the move #next", "Escape")
        tmux.keys(":w", "Enter")
        wait_for(lambda: "Talk about the move" in agenda_text(vault), 20, "the agenda")

        tmux.keys("o", "and what Mum said about it", "Escape")
        tmux.keys(":w", "Enter")
        wait_for(lambda: "what Mum said" in note.read_text("utf-8"), 15, "the second save")
        # Ask vim to look at the file on disk, as it does when its window regains focus.
        tmux.keys(":checktime", "Enter")
        tmux.keys(":echo 'checked'", "Enter")
        wait_for(lambda: "checked" in tmux.screen(), 10, "vim to answer")
        screen = tmux.screen()
        tmux.keys(":q", "Enter")
    finally:
        daemon.terminate()
        daemon.wait(10)
    for warning in ("W11", "W12", "changed since", "has been changed", "WARNING"):
        assert warning not in screen, screen
    assert note.read_text("utf-8") == (
        "# Friday\n\nAsk about sleep #next\nTalk about the move #next\nand what Mum said about it\n"
    )
    assert "Talk about the move" in agenda_text(vault)
    assert "conflict" not in log.read_text("utf-8")
