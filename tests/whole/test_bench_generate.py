"""benchmarks/generate.py: seeded, byte-for-byte deterministic, and a vault vaultkit tends cleanly."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from support.bench import load_generator
from vaultkit.cli import main
from vaultkit.render.settings_file import commented_toml
from vaultkit.settings.config import Config

NOTES = 60
TODAY = "2026-11-22"  # the day after the newest generated daily page


gen = load_generator()


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under root: its bytes (b"" for folders) and mtime in ns."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            path = Path(folder, name)
            found[path.relative_to(root).as_posix() + "/"] = (b"", path.stat().st_mtime_ns)
        for name in files:
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


@pytest.fixture(scope="module")
def vault(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("bench") / "vault"
    counts = gen.generate(root, NOTES, seed=1)
    return root, counts


def test_same_seed_same_tree(vault, tmp_path):
    root, counts = vault
    again = gen.generate(tmp_path / "again", NOTES, seed=1)
    assert again == counts
    first, second = tree(root), tree(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert first == second
    assert {mtime for _, mtime in first.values()} == {gen.FIXED_MTIME * 10**9}


def test_other_seed_differs(vault, tmp_path):
    root, _ = vault
    gen.generate(tmp_path / "other", NOTES, seed=2)
    first, other = tree(root), tree(tmp_path / "other")
    assert first != other
    shared = set(first) & set(other)
    assert any(first[p] != other[p] for p in shared if p.startswith("Journal/"))


def test_counts_and_shapes(vault):
    root, counts = vault
    notes = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))
    assert counts["notes"] == len(notes) == NOTES
    assert counts["bytes"] == sum((root / p).stat().st_size for p in notes)
    assert counts["files"] == NOTES + 2  # vaultkit.toml and .obsidian/app.json
    daily = [p for p in notes if p.startswith("Journal/")]
    assert len(daily) == counts["Journal"] >= NOTES * 6 // 10
    assert all(re.fullmatch(r"Journal/\d{4}-\d{2}-\d{2}\.md", p) for p in daily)
    assert daily[-1] == "Journal/2026-11-21.md"
    for path in daily:
        size = (root / path).stat().st_size
        assert 1500 <= size <= 4000, (path, size)
        text = (root / path).read_text(encoding="utf-8")
        assert text.startswith("---\ndate: " + path[8:18] + "\nmood: ")
    for path in notes:
        text = (root / path).read_text(encoding="utf-8")
        assert text.strip(), f"{path} is empty: a prompt folder would fill it"
        assert "{{" not in text and "{%" not in text, f"{path} holds a trigger or template"
    sessions = [p for p in notes if p.startswith("Sessions/")]
    assert sessions and sessions[-1] == "Sessions/2026-11-19 session.md"
    assert (root / sessions[-1]).read_text().startswith("---\ntype: session\ndate: 2026-11-19\n")
    assert (root / ".obsidian" / "app.json").read_text() == "{}\n"
    assert (root / "vaultkit.toml").read_text(encoding="utf-8") == commented_toml(Config())


def test_decoys_are_there(vault):
    root, _ = vault
    newest = (root / "Journal" / "2026-11-21.md").read_text(encoding="utf-8")
    assert "```text\n" in newest and " `" in newest and "<!-- " in newest
    assert "https://example." in newest or any(
        "https://example." in p.read_text(encoding="utf-8") for p in (root / "Journal").iterdir()
    )
    assert re.search(r"^- .*#next(/urgent)?$", newest, re.MULTILINE)


def _next_lines(text: str) -> tuple[list[str], list[str]]:
    """The item texts of #next lines outside fenced code, and of those inside it."""
    outside, inside, fenced = [], [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if not re.search(r"(^|\s)#next(/urgent)?(\s|$)", line) or "<!--" in line:
            continue  # (a #next inside an HTML comment is checked on its own below)
        if not fenced and not line.startswith("- "):
            continue
        bare = re.sub(r"^- (\[[ x]\] )?", "", line)
        bare = re.sub(r"\s*#next(/urgent)?", "", bare).strip()
        (inside if fenced else outside).append(bare)
    return outside, inside


def test_vaultkit_run_is_clean(tmp_path):
    root = tmp_path / "tended"
    gen.generate(root, NOTES, seed=1)
    before = tree(root)
    result = CliRunner().invoke(
        main, ["--vault", str(root), "--today", TODAY, "run"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "warning" not in result.output and "error" not in result.output
    weeks = [f"2026-W{week}" for week in (43, 44, 45, 46)]  # the four finished before 11-22
    made = {
        "Journal/2026-11-22.md": "daily page",
        "Next session.md": "agenda",
        "Reviews/Charts/Next session.svg": "mood chart",
        **{f"Reviews/{w}.md": "weekly review" for w in weeks},
        **{f"Reviews/Charts/{w}.svg": "mood chart" for w in weeks},
    }
    assert sorted(result.stdout.splitlines()) == sorted(
        f"created {path} ({what})" for path, what in made.items()
    )
    after = tree(root)
    assert {p for p in after if not p.endswith("/")} - {
        p for p in before if not p.endswith("/")
    } == set(made)
    assert all(after[p] == before[p] for p in before if not p.endswith("/"))

    agenda = (root / "Next session.md").read_text(encoding="utf-8")
    newest = (root / "Journal" / "2026-11-21.md").read_text(encoding="utf-8")
    outside, inside = _next_lines(newest)
    assert outside and inside
    for text in outside:
        assert f"{text} — [[2026-11-21]]" in agenda
    for text in inside:
        assert text not in agenda
    for snippet in gen.CODE_SNIPPETS:  # no pasted decoy from any page reaches the agenda
        for line in snippet:
            if "#next" in line:
                assert re.sub(r"^- \[ \] ", "", line.split(" #next")[0]) not in agenda
    assert "not sure yet" not in agenda and "the thing about the car" not in agenda

    # A second run on the same day has nothing to do.
    again = CliRunner().invoke(
        main, ["--vault", str(root), "--today", TODAY, "run"], catch_exceptions=False
    )
    assert again.exit_code == 0 and again.stderr == "" and again.stdout == ""
