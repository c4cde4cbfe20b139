"""One pipeline: `run`, the daemon (its first pass, a changed note, a new day) and `session`
all run the same steps, in the same order, once each."""

from __future__ import annotations

import datetime as dt

import pytest

import vaultkit.app.tend as tend_module
from support.daemon import SATURDAY, two_day_vault
from vaultkit.app.creating import record_session
from vaultkit.app.tend import run_all
from vaultkit.app.tender import Tender
from vaultkit.settings.config import load_config
from vaultkit.store.vault import load_vault
from vaultkit.watch.daemon import Daemon

TODAY = dt.date(2026, 11, 22)
ORDER = [step.__name__ for step in tend_module.STEPS]


@pytest.fixture
def steps_run(monkeypatch):
    """The names of the steps run, in order."""
    seen: list[str] = []

    def counted(step):
        def run(tender, scope, agenda):
            seen.append(step.__name__)
            step(tender, scope, agenda)

        return run

    monkeypatch.setattr(tend_module, "STEPS", tuple(counted(s) for s in tend_module.STEPS))
    return seen


def test_run_runs_every_step_once_in_order(tmp_path, steps_run):
    vault = two_day_vault(tmp_path / "v")
    config, _ = load_config(vault)
    run_all(Tender(load_vault(vault, config), TODAY))
    assert steps_run == ORDER


def test_session_runs_the_same_steps(tmp_path, steps_run):
    vault = two_day_vault(tmp_path / "v")
    config, _ = load_config(vault)
    assert record_session(Tender(load_vault(vault, config), TODAY)) is not None
    assert steps_run == ORDER


def test_the_daemon_runs_the_same_steps_at_start_for_a_change_and_for_a_new_day(
    tmp_path, steps_run
):
    vault = two_day_vault(tmp_path / "v")
    daemon = Daemon(vault, today=TODAY)
    try:
        daemon.restart()
        assert daemon.session is not None
        session = daemon.session
        prior = session.vault.files[SATURDAY]
        (vault / SATURDAY).write_text("# Saturday\n\nA walk.\nCall the clinic #next\n", "utf-8")
        session.vault.refresh(SATURDAY)
        session.tend({SATURDAY: prior})
        session.new_day(TODAY + dt.timedelta(days=1))
    finally:
        daemon._wakeup.close()
    assert steps_run == ORDER * 3
    assert "Call the clinic" in (vault / "Next session.md").read_text("utf-8")
