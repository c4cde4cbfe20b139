"""[agenda] window_days: with no session recorded, how many last days the agenda covers."""

from __future__ import annotations

import pytest

from support.settings_files import config_error, put
from vaultkit.settings.config import load_config


@pytest.mark.parametrize("value", ["0", "3651", "-1"])
def test_window_days_outside_its_range_names_its_line(tmp_path, value):
    put(tmp_path, "vaultkit.toml", f"[agenda]\nwindow_days = {value}\n")
    assert str(config_error(tmp_path)) == (
        "vaultkit.toml:2: 'window_days' must be a number of days from 1 to 3650"
    )


def test_window_days_is_read_and_defaults_to_fourteen(tmp_path):
    assert load_config(tmp_path)[0].agenda_window_days == 14
    put(tmp_path, "vaultkit.toml", "[agenda]\nwindow_days = 30\n")
    assert load_config(tmp_path)[0].agenda_window_days == 30
