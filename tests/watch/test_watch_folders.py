"""Folders made while the daemon runs are watched once, and say nothing in the log: watchdog's
"Callback already exists" RuntimeWarning (a folder made inside a folder just made) never
reaches it."""

from __future__ import annotations

import os
import warnings

import pytest

from support.daemon import Running, two_day_vault, wait_for

inotify = pytest.importorskip("watchdog.observers.inotify")


def test_a_charts_folder_made_inside_a_new_reviews_folder_warns_nothing(tmp_path, monkeypatch):
    vault = two_day_vault(tmp_path / "vault")
    group = inotify.InotifyWatchGroup
    add = group._add_callback

    def add_then_make_charts(self, path: bytes) -> None:
        # The race, made certain: `Charts` appears just after `Reviews` is watched and before
        # watchdog lists `Reviews`, as when vaultkit's writer makes the two one after the other.
        add(self, path)
        if path.endswith(b"/Reviews"):
            os.makedirs(os.path.join(path, b"Charts"), exist_ok=True)

    monkeypatch.setattr(group, "_add_callback", add_then_make_charts)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with Running(vault) as running:
            (vault / "Reviews").mkdir()
            wait_for(lambda: (vault / "Reviews" / "Charts").is_dir(), 10, "the Charts folder")
            # A note in the new inner folder is heard: it is watched, and its events arrive
            # after those of its making (so any warning about them has been given by then).
            (vault / "Reviews" / "Charts" / "seen.md").write_text("x\n", "utf-8")
            wait_for(
                lambda: [e for e in running.lines("event ") if "Reviews/Charts/seen.md" in e],
                10,
                "the event of a note in Reviews/Charts",
            )
    runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert runtime == [], [str(w.message) for w in runtime]
