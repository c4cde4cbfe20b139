"""Attacks: a template that tries to leave the sandbox or never ends, and the network that
vaultkit must never touch, each through the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from support.vaults import age_tree, tree_bytes

TRIGGER_NOTE = "Journal/2026-11-20.md"


def vault_with_template(root: Path, template: str) -> Path:
    """A vault whose own template `attack` is used by a trigger line in a note."""
    for rel, text in {
        "vaultkit.toml": "quiet_seconds = 0.5\n",
        "Templates/attack.md": template,
        TRIGGER_NOTE: "# Friday\n\nWhat happened #next\n\n{{attack}}\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    age_tree(root)
    return root


def run_vaultkit(vault: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--today", "2026-11-22", "run"],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ),
    )


def test_a_template_that_never_ends_is_cut_off_and_the_note_kept(tmp_path):
    vault = vault_with_template(
        tmp_path / "v",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
    )
    before = (vault / TRIGGER_NOTE).read_bytes()
    started = time.monotonic()
    done = run_vaultkit(vault)
    took = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    assert "Templates/attack.md: still rendering after 2 s; stopped" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert (vault / TRIGGER_NOTE).read_bytes() == before  # left as it was
    assert took < 15  # cut off within a few seconds; the rest of the pass still ran
    assert "What happened" in (vault / "Next session.md").read_text("utf-8")


def test_a_template_with_huge_output_is_cut_off_and_the_note_kept(tmp_path):
    vault = vault_with_template(
        tmp_path / "v", "{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}\n"
    )
    before = (vault / TRIGGER_NOTE).read_bytes()
    done = run_vaultkit(vault)
    assert done.returncode == 1, done.stderr
    assert "Templates/attack.md: output is larger than" in done.stdout + done.stderr
    assert (vault / TRIGGER_NOTE).read_bytes() == before


@pytest.mark.long
def test_a_template_that_tries_to_leave_the_sandbox_does_nothing(tmp_path):
    marker = tmp_path / "escaped"
    payloads = [
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch "
        + str(marker)
        + "') }}",
        "{{ lipsum.__globals__['os'].popen('touch " + str(marker) + "').read() }}",
    ]
    for index, payload in enumerate(payloads):
        vault = vault_with_template(tmp_path / f"v{index}", payload + "\n")
        before = (vault / TRIGGER_NOTE).read_bytes()
        done = run_vaultkit(vault)
        assert done.returncode == 1, (payload, done.stderr)
        assert "Templates/attack.md" in done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert (vault / TRIGGER_NOTE).read_bytes() == before
        assert not marker.exists(), payload


# A run and a daemon session, with every socket event the interpreter raises recorded.
NO_SOCKETS = textwrap.dedent("""
    import json, sys, threading, time
    from pathlib import Path
    seen = []
    sys.addaudithook(lambda event, args: event.startswith("socket.") and seen.append(event))
    from vaultkit.cli import main
    vault = Path(sys.argv[1])
    try:
        main(["--vault", str(vault), "--today", "2026-11-22", "run"], prog_name="vaultkit")
    except SystemExit:
        pass
    from vaultkit.watch.daemon import Daemon
    import datetime as dt
    daemon = Daemon(vault, today=dt.date(2026, 11, 22))
    thread = threading.Thread(target=daemon.run)
    thread.start()
    while not daemon.ready.is_set():
        time.sleep(0.02)
    note = vault / "Journal" / "2026-11-21.md"
    note.write_text("# Saturday\\n\\nSaid over a socket? #next\\n", "utf-8")
    agenda = vault / "Next session.md"
    deadline = time.monotonic() + 20
    while "Said over a socket?" not in agenda.read_text("utf-8") and time.monotonic() < deadline:
        time.sleep(0.05)
    daemon.stop()
    thread.join(10)
    print(json.dumps({"sockets": seen,
                      "tended": "Said over a socket?" in agenda.read_text("utf-8")}))
""")


def test_no_socket_is_opened_in_a_run_or_a_daemon_session(tmp_path):
    vault = tmp_path / "v"
    for rel, text in {
        "vaultkit.toml": "quiet_seconds = 0.2\n",
        "Journal/2026-11-20.md": "# Friday\n\nAsk about sleep #next\n",
        "Letters/To Dad.md": "",
    }.items():
        (vault / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / rel).write_text(text, "utf-8")
    age_tree(vault)
    done = subprocess.run(
        [sys.executable, "-c", NO_SOCKETS, str(vault)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["tended"]  # the session really did its work...
    assert result["sockets"] == []  # ...without a single socket
    assert tree_bytes(vault)["Letters/To Dad.md"].startswith(b"---\ntype: letter\n")
