"""Pictures of vaultkit's pages for the docs, taken with headless Chromium.

Run by hand from the repository root after a change to the brief or the agenda:

    .venv/bin/python docs/pictures.py                      # docs/brief.png, docs/agenda.png
    .venv/bin/python docs/pictures.py --html F --png P     # any page

Without arguments it copies the example vault to a temporary folder, runs vaultkit there on
the example's date, and pictures the brief and the agenda note (drawn as Obsidian's reading
view would show it, with its mood chart); docs/pictures.sha256 records what was pictured.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

# The Chromium helpers live with the tests (vaultkit itself never runs a
# browser), so one copy of the flags serves both.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from support.chromium import find_chromium, screenshot

__all__ = ["find_chromium", "main", "screenshot"]


EXAMPLE_DAY = "2026-11-22"
DOCS = Path(__file__).resolve().parent
# What each picture was taken of: the SHA-256 of the page's HTML, a line a picture. A test
# makes the pages again and compares, so a change to what vaultkit writes that leaves the
# pictures behind fails until `make pictures` is run.
SOURCES = DOCS / "pictures.sha256"


def digests(pages: dict[str, Path]) -> str:
    """The text of SOURCES for `pages` (name -> HTML file)."""
    return "".join(
        f"{hashlib.sha256(page.read_bytes()).hexdigest()}  {name}.png\n"
        for name, page in sorted(pages.items())
    )


def example_pages(folder: Path) -> dict[str, Path]:
    """The brief and the agenda of the example vault, as HTML files in `folder`."""
    import shutil
    import subprocess

    from vaultkit.render.brief_html import brief_html
    from vaultkit.store.resources import example_vault_dir

    vault = folder / "vault"
    shutil.copytree(example_vault_dir(), vault)
    vaultkit = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--today", EXAMPLE_DAY]
    subprocess.run([*vaultkit, "-q", "run"], check=False, stdout=subprocess.DEVNULL)
    brief = folder / "brief.html"
    subprocess.run([*vaultkit, "brief", "--out", str(brief)], check=True)
    agenda_text = (vault / "Next session.md").read_text(encoding="utf-8")
    charts = {
        p.relative_to(vault).as_posix(): p.read_text(encoding="utf-8")
        for p in (vault / "Reviews" / "Charts").glob("*.svg")
    }
    agenda = folder / "agenda.html"
    agenda.write_text(brief_html(agenda_text, title="Next session", svgs=charts), encoding="utf-8")
    return {"brief": brief, "agenda": agenda}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="the page to picture")
    parser.add_argument("--png", type=Path, help="where to write the picture")
    parser.add_argument("--width", type=int, default=900)
    parser.add_argument("--height", type=int, default=1400)
    args = parser.parse_args(argv)

    browser = find_chromium()
    if browser is None:
        parser.error("no chromium, chromium-browser or google-chrome on PATH")
    if args.html is None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            pages = example_pages(Path(tmp))
            for name, page in pages.items():
                png = DOCS / f"{name}.png"
                screenshot(page, png, args.width, args.height, browser=browser)
                print(png)
            SOURCES.write_text(digests(pages), encoding="utf-8")
        return 0
    if not args.html.is_file() or args.png is None:
        parser.error(f"no such file: {args.html}")
    args.png.parent.mkdir(parents=True, exist_ok=True)
    screenshot(args.html, args.png, args.width, args.height, browser=browser)
    print(args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
