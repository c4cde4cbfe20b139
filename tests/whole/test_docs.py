"""The docs are tested where they make a claim a test can check."""

from __future__ import annotations

import importlib.util
import re

from support.paths import ROOT


def promises() -> list[tuple[str, list[str]]]:
    # The table of promises lives with the rest of reliability, not in the README.
    page = (ROOT / "docs" / "reliability.md").read_text("utf-8")
    table = page[page.index("| promise | held by |") :]
    table = table[: table.index("\n\n")]
    rows = []
    for line in table.splitlines()[2:]:
        promise, held = (cell.strip() for cell in line.strip().strip("|").split(" | "))
        rows.append((promise, re.findall(r"`(tests/(?:\w+/)?test_\w+\.py)`", held)))
    return rows


def test_every_promise_names_tests_that_exist():
    rows = promises()
    assert len(rows) >= 10
    for promise, files in rows:
        assert files, f"no test named for: {promise}"
        for name in files:
            text = (ROOT / name).read_text("utf-8")
            assert re.search(r"^def test_|^Test\w+ = ", text, re.MULTILINE), (
                f"{name}, named for '{promise}', holds no test"
            )


def test_the_readme_is_short_enough_to_read():
    lines = (ROOT / "README.md").read_text("utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; move the rest into docs/"


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_between_the_pages_leads_somewhere():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        text = page.read_text("utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.exists(), f"{page.relative_to(ROOT)}: {target} does not exist"
            if anchor and linked.suffix == ".md":
                headings = re.findall(r"^#{1,6} (.+)$", linked.read_text("utf-8"), re.MULTILINE)
                assert anchor in {_anchor(h) for h in headings}, (
                    f"{page.relative_to(ROOT)}: no heading for #{anchor} in {linked.name}"
                )


def test_the_readme_s_two_commands_are_make_targets():
    readme = (ROOT / "README.md").read_text("utf-8")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.MULTILINE)


def test_the_pictures_show_what_vaultkit_writes_now(tmp_path):
    spec = importlib.util.spec_from_file_location("pictures", ROOT / "docs" / "pictures.py")
    assert spec and spec.loader
    pictures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pictures)
    made = pictures.digests(pictures.example_pages(tmp_path))
    assert made == pictures.SOURCES.read_text("utf-8"), (
        "the agenda or the brief of the example vault changed: run `make pictures` and commit"
    )


def test_make_test_runs_in_parallel_shows_progress_and_says_why_a_test_was_skipped():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    command = next(line for line in recipe.splitlines() if "pytest" in line)
    assert " -n " in command  # pytest-xdist: the suite spread over the cores
    assert re.search(r" -r\w*s", command)  # the reason of every skipped test
    assert " -q" not in command  # the progress, file by file, with percentages
