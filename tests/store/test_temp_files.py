"""vaultkit's own temp files: recognised by their names, and swept away once their writer is
gone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vaultkit.store.temp_files import (
    STALE_TEMP_SECONDS,
    is_stale_temp,
    is_temp_name,
    sweep_stale_temps,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".day.md.vaultkit-a1b2c3.tmp", True),
        ("day.md", False),
        (".day.md.swp", False),
        ("day.md.vaultkit-a1b2.tmp", False),  # not hidden: a person's file
        (".day.md.vaultkit-a1b2.md", False),
    ],
)
def test_is_temp_name(name: str, expected: bool) -> None:
    assert is_temp_name(name) is expected


def test_a_temp_file_is_stale_when_its_writer_is_gone_or_it_is_old(tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid that no longer runs
    now = time.time()
    names = {
        "dead": f".note.md.vaultkit-{gone.pid}-abc.tmp",
        "mine": f".note.md.vaultkit-{os.getpid()}-abc.tmp",
        "other, alive": ".note.md.vaultkit-1-abc.tmp",
        "no pid, fresh": ".note.md.vaultkit-abc.tmp",
        "no pid, old": ".old.md.vaultkit-abc.tmp",
    }
    for _key, name in names.items():
        (tmp_path / name).write_bytes(b"half")
    os.utime(tmp_path / names["no pid, old"], (now - STALE_TEMP_SECONDS - 1,) * 2)
    stale = {key for key, name in names.items() if is_stale_temp(str(tmp_path / name), now)}
    assert stale == {"dead", "no pid, old"}
    removed = sweep_stale_temps(tmp_path, [*sorted(names.values()), "note.md"], now)
    assert sorted(removed) == sorted([names["dead"], names["no pid, old"]])
    assert sorted(os.listdir(tmp_path)) == sorted(
        [names["mine"], names["other, alive"], names["no pid, fresh"]]
    )
