"""benchmarks/: generate.py is seeded, byte-for-byte deterministic and tended cleanly, for both kinds
of vault; measure.py reports both kinds, one row per kind and size."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from support.bench import load_generator, load_measure
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


# --- the long-history vault -----------------------------------------------------------------

HISTORY_NOTES = 1000  # about 2.7 years of daily pages: three calendar years
ITEM = re.compile(r"(^|\s)#next(/urgent)?(\s|$)")


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("bench") / "history"
    counts = gen.generate(root, HISTORY_NOTES, seed=1, kind="long-history")
    return root, counts


def test_history_same_seed_same_tree(history, tmp_path):
    root, counts = history
    again = gen.generate(tmp_path / "again", HISTORY_NOTES, seed=1, kind="long-history")
    assert again == counts
    first, second = tree(root), tree(tmp_path / "again")
    assert first == second
    # Every file and folder freshly cloned, on the day of the run, noon UTC.
    assert {mtime for _, mtime in first.values()} == {gen.CLONE_MTIME * 10**9}
    assert dt.datetime.fromtimestamp(gen.CLONE_MTIME, dt.UTC) == dt.datetime(
        2026, 11, 22, 12, tzinfo=dt.UTC
    )


def test_history_differs_by_seed_and_from_standard(history, tmp_path):
    root, _ = history
    gen.generate(tmp_path / "other", HISTORY_NOTES, seed=2, kind="long-history")
    gen.generate(tmp_path / "standard", HISTORY_NOTES, seed=1)
    first, other, standard = tree(root), tree(tmp_path / "other"), tree(tmp_path / "standard")
    page = "Journal/2026-11-21.md"
    assert first[page] != other[page] and first[page] != standard[page]
    with pytest.raises(ValueError, match="unknown kind"):
        gen.generate(tmp_path / "nope", 10, kind="short-history")


def _by_year(root: Path) -> dict[int, dict[str, int]]:
    """Per year of daily pages: pages, #next items, urgent ones, open and done tasks."""
    years: dict[int, dict[str, int]] = {}
    for path in sorted((root / "Journal").iterdir()):
        year = years.setdefault(
            int(path.name[:4]), dict.fromkeys(("pages", "items", "urgent", "open", "done"), 0)
        )
        lines = path.read_text(encoding="utf-8").splitlines()
        year["pages"] += 1
        year["items"] += sum(1 for line in lines if ITEM.search(line))
        year["urgent"] += sum(1 for line in lines if "#next/urgent" in line)
        year["open"] += sum(1 for line in lines if line.startswith("- [ ] "))
        year["done"] += sum(1 for line in lines if line.startswith("- [x] "))
    return years


def test_history_shape(history):
    root, counts = history
    notes = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))
    assert counts["notes"] == len(notes) == HISTORY_NOTES
    assert counts["files"] == HISTORY_NOTES + 2
    assert (root / "vaultkit.toml").read_text(encoding="utf-8") == commented_toml(Config())

    # No session note at all: nothing has ever closed a period.
    assert not (root / "Sessions").exists()
    assert not [p for p in notes if "type: session" in (root / p).read_text(encoding="utf-8")]

    # One page a day, without a gap, up to the day before the run.
    daily = [p for p in notes if p.startswith("Journal/")]
    days = [dt.date.fromisoformat(p[8:18]) for p in daily]
    assert len(daily) == counts["Journal"] >= HISTORY_NOTES * 95 // 100
    assert days[-1] == dt.date(2026, 11, 21)
    assert (days[-1] - days[0]).days == len(days) - 1 > 2.5 * 365

    # Items, urgent items, open and done tasks throughout: every year holds its share.
    years = _by_year(root)
    assert sorted(years) == [2024, 2025, 2026]
    for year, seen in years.items():
        assert seen["items"] >= 1.5 * seen["pages"], (year, seen)
        assert seen["open"] >= 0.5 * seen["pages"], (year, seen)
        assert seen["done"] >= 0.5 * seen["pages"], (year, seen)
        assert seen["urgent"] >= 5, (year, seen)

    # Every page has a mood, emotions, tags and links.
    moods = fields = linked = 0
    for path in daily:
        text = (root / path).read_text(encoding="utf-8")
        assert "[emotion:: " in text and "[intensity:: " in text
        assert "\ntags: [" in text.split("\n---\n", 1)[0]
        assert 1500 <= len(text.encode("utf-8")) <= 4000, path
        moods += "\nmood: " in text
        fields += "\nmood:: " in text
        linked += bool(re.search(r"\[\[\d{4}-\d{2}-\d{2}\]\]", text) and "[[People/" in text)
    assert moods + fields == len(daily) and fields > len(daily) // 20
    assert linked > len(daily) // 2


def test_history_notes_dated_only_by_mtime(history):
    root, counts = history
    undated = []
    for path in root.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if not re.match(r"\d{4}-\d{2}-\d{2}", path.name) and "\ndate: " not in "\n" + text:
            undated.append(path.relative_to(root).as_posix())
    assert sorted(undated) == sorted(
        p.relative_to(root).as_posix() for p in (root / "Reference").rglob("*.md")
    )
    assert len(undated) == counts["Reference"] == HISTORY_NOTES // 50
    languages = {p.split("/")[1] for p in undated}
    assert languages == {"de", "en", "es", "fr", "ja", "pt"}
    texts = [(root / p).read_text(encoding="utf-8") for p in undated]
    assert sum("[[" in t for t in texts) == len(texts)  # linked to each other
    assert (
        sum("- [ ] " in t for t in texts) >= 3
        and sum(bool(re.search(r" #\w", t)) for t in texts) >= 3
    )


def test_history_plan_at_every_size():
    plan = gen.gen_history.plan
    small, middle, large = plan(1000), plan(10_000), plan(50_000)
    for notes, counts in ((1000, small), (10_000, middle), (50_000, large)):
        assert sum(counts.values()) == notes
        assert counts["Reference"] == notes // 50
    assert 2.5 * 365 < small["Journal"] < 3 * 365
    assert 26.5 * 365 < middle["Journal"] <= large["Journal"] == gen.gen_history.MAX_DAILY
    assert large["Journal"] // 365 == 27
    assert large["Emotions"] > 10_000 and "Sessions" not in large
    for notes in (1, 2, 3, 12):  # the tiniest vault still has the page the benchmark edits
        assert plan(notes)["Journal"] >= 1 and sum(plan(notes).values()) == notes


def test_history_vaultkit_run_is_clean(tmp_path):
    root = tmp_path / "tended"
    gen.generate(root, 300, seed=1, kind="long-history")  # a reference note in every language
    before = tree(root)
    result = CliRunner().invoke(
        main, ["--vault", str(root), "--today", TODAY, "run"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "created Journal/2026-11-22.md (daily page)" in result.stdout.splitlines()
    assert "created Next session.md (agenda)" in result.stdout.splitlines()
    after = tree(root)
    assert all(after[p] == before[p] for p in before if not p.endswith("/"))
    again = CliRunner().invoke(
        main, ["--vault", str(root), "--today", TODAY, "run"], catch_exceptions=False
    )
    assert again.exit_code == 0 and again.stderr == "" and again.stdout == ""


def test_cli_kind(tmp_path, capsys):
    assert gen.main([str(tmp_path / "v"), "--notes", "12", "--kind", "long-history"]) == 0
    assert "12 notes" in capsys.readouterr().out
    assert (tmp_path / "v" / "Journal" / "2026-11-21.md").is_file()
    assert not (tmp_path / "v" / "Sessions").exists()


# --- benchmarks/measure.py: both kinds in one report ------------------------------------------


def test_measure_options_choose_sizes_and_kinds(capsys):
    measure = load_measure()
    args = measure.parse_args(["--sizes", "1000", "--kinds", "long-history"])
    assert (args.size_list, args.kind_list) == ([1000], ["long-history"])
    args = measure.parse_args(["--quick"])
    assert (args.size_list, args.kind_list) == ([200], ["standard", "long-history"])
    with pytest.raises(SystemExit):
        measure.parse_args(["--kinds", "short-history"])
    assert "--kinds" in capsys.readouterr().err


def test_measure_report_one_row_per_kind_and_size():
    measure = load_measure()
    results = []
    for kind, p95 in (("standard", 20.0), ("long-history", 100.0)):
        for notes in (1000, 10000):
            daemon = measure.DaemonResult([10.0, p95], 0, 150.0, 0.1, 0, 1.0, "")
            result = measure.SizeResult(notes, 2.0, 0.1, kind, cold=0.5, warm=0.2, edited=0.3)
            result.agenda_kb, result.daemon, result.stop_s = 8.0, daemon, 0.5
            results.append(result)
    args = measure.parse_args(["--sizes", "1000,10000"])
    args.python_start_ms, args.vaultkit_start_ms = 10.0, 60.0
    text = measure.report(args, ["measure.py"], results)
    rows = [
        line
        for line in text.splitlines()
        if re.match(r"\| (standard|long-history) \| [\d,]+ \|", line)
    ]
    assert rows == [
        "| standard | 1,000 | 2.0 | 0.100 | 0.50 (5.0×) | 0.20 (2.0×) | 0.30 (3.0×) | 8.0 | 15.0 | 20.0 | 1.00 | 150 | 0.10 | 0.50 |",
        "| standard | 10,000 | 2.0 | 0.100 | 0.50 (5.0×) | 0.20 (2.0×) | 0.30 (3.0×) | 8.0 | 15.0 | 20.0 | 1.00 | 150 | 0.10 | 0.50 |",
        "| long-history | 1,000 | 2.0 | 0.100 | 0.50 (5.0×) | 0.20 (2.0×) | 0.30 (3.0×) | 8.0 | 55.0 | 100.0 | 1.00 | 150 | 0.10 | 0.50 |",
        "| long-history | 10,000 | 2.0 | 0.100 | 0.50 (5.0×) | 0.20 (2.0×) | 0.30 (3.0×) | 8.0 | 55.0 | 100.0 | 1.00 | 150 | 0.10 | 0.50 |",
    ]
    assert (
        "| standard | edit→agenda p95 ≤ 50 ms at every size | worst p95 20.0 ms (at 1,000) | met |"
        in text
    )
    assert (
        "| long-history | edit→agenda p95 ≤ 50 ms at every size | worst p95 100.0 ms (at 1,000) | missed by 2.0× |"
        in text
    )
    assert text.count("| run warm ≤ 3× floor at 10,000 | 0.20 s = 2.0× floor | met |") == 2


def test_measure_probe_keeps_one_probe_line(tmp_path):
    measure = load_measure()
    note = tmp_path / measure.PROBE_NOTE
    note.parent.mkdir()
    note.write_bytes(b"# a page\n")
    agenda = tmp_path / measure.AGENDA_NOTE
    sizes = []
    for number in (0, 1, 10):
        agenda.write_bytes(b"- [ ] Benchmark probe %06d \xe2\x80\x94 [[2026-11-21]]\n" % number)
        assert measure.probe(tmp_path, number, timeout=1.0) is not None
        sizes.append(note.stat().st_size)
    assert note.read_bytes() == b"# a page\nBenchmark probe 000010 #next\n"
    assert sizes[0] == sizes[1] == sizes[2]
    assert measure.probe(tmp_path, 1, timeout=0.05) is None  # "000010" is not "000001"


@pytest.mark.parametrize("notes", [1, 13, 60, 150, 400])
def test_history_notes_at_small_sizes(notes):
    """A small long-history vault has few reference notes in each language: each links to
    the others it has, never to more (400 notes crashed in random.sample)."""
    files = gen.gen_history.history_notes(notes, 1)
    assert len(files) == notes
