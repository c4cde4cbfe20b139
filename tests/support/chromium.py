"""Headless Chromium for the tests and docs/pictures.py: print a page to PDF, or take a picture of it.

vaultkit itself never runs a browser; this lives with the tests so that checks
of the brief can see what a person would see on paper.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["find_chromium", "print_pdf", "screenshot"]

_NAMES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 120  # seconds; a cold start on a loaded 2-core machine can take a while


def find_chromium() -> str | None:
    """The path of the first Chromium-like browser on PATH, or None."""
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_or_skip() -> str:
    """Chromium's path; a skip where it is missing, a failure where CI said tools are required."""
    import pytest

    browser = find_chromium()
    if browser is None:
        if os.environ.get("VAULTKIT_REQUIRE_TOOLS") == "1":
            pytest.fail("chromium is required")
        pytest.skip("no chromium, chromium-browser or google-chrome on PATH")
    return browser


def _run(browser: str, *args: str) -> None:
    # A throwaway profile and HOME: nothing is read from or written to the
    # user's own browser, and no first-run or crash-report machinery starts.
    with tempfile.TemporaryDirectory(prefix="vaultkit-chromium-") as scratch:
        env = {**os.environ, "HOME": scratch}
        command = [
            browser,
            "--headless",
            "--no-sandbox",  # containers and CI often have no user namespaces
            "--disable-gpu",
            "--disable-dev-shm-usage",  # small /dev/shm in containers
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--metrics-recording-only",
            f"--user-data-dir={scratch}/profile",
            *args,
        ]
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=TIMEOUT)


def print_pdf(html_path: Path, pdf_path: Path, browser: str | None = None) -> None:
    """Print ``html_path`` to ``pdf_path`` as Chromium's "Save as PDF" would, without header or footer."""
    browser = browser or find_chromium()
    if browser is None:
        raise FileNotFoundError("no chromium on PATH")
    pdf_path.unlink(missing_ok=True)
    _run(
        browser,
        f"--print-to-pdf={pdf_path}",
        "--no-pdf-header-footer",
        html_path.resolve().as_uri(),
    )
    if not pdf_path.is_file():
        raise RuntimeError(f"chromium wrote no PDF at {pdf_path}")


def screenshot(
    html_path: Path,
    png_path: Path,
    width: int = 900,
    height: int = 1400,
    browser: str | None = None,
) -> None:
    """A PNG of the top ``width`` x ``height`` pixels of ``html_path`` on screen."""
    browser = browser or find_chromium()
    if browser is None:
        raise FileNotFoundError("no chromium on PATH")
    png_path.unlink(missing_ok=True)
    _run(
        browser,
        f"--screenshot={png_path}",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
        html_path.resolve().as_uri(),
    )
    if not png_path.is_file():
        raise RuntimeError(f"chromium wrote no screenshot at {png_path}")
