"""vaultkit's own files say nothing about the person, and what the person writes is read or said.

Issue 14: right after `vaultkit init`, every command warned about the templates vaultkit had
just written (their Jinja is not YAML), and `doctor` counted them as notes; moods written the
way people write them (`4/10`, `4 - tired`, `six`, `11`) never reached the chart, silently.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.vaults import age_tree
from vaultkit.settings.config import load_config
from vaultkit.store.vault import load_vault, templates_of

TODAY = ["--today", "2026-11-20"]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    return root


def _lines(result) -> list[str]:
    return result.output.splitlines()


def _warnings(result) -> list[str]:
    return [line for line in _lines(result) if line.startswith("warning:")]


def test_init_then_every_command_prints_no_warning(cli, vault):
    init = cli("--vault", str(vault), *TODAY, "init")
    assert init.exit_code == 0, init.output
    assert not any("frontmatter" in line for line in _lines(init)), init.output
    age_tree(vault)
    for args in (["run"], ["run"], ["doctor"], ["agenda", "--stdout"]):
        result = cli("--vault", str(vault), *TODAY, *args)
        assert result.exit_code == 0, result.output
        assert _warnings(result) == [], (args, result.output)
    doctor = cli("--vault", str(vault), *TODAY, "doctor").output
    assert "warnings: none" in doctor


def test_doctor_counts_notes_daily_pages_and_templates_apart(cli, vault):
    assert cli("--vault", str(vault), *TODAY, "init").exit_code == 0
    age_tree(vault)
    assert cli("--vault", str(vault), *TODAY, "run").exit_code == 0
    templates = sorted(p for p in (vault / "Templates").rglob("*.md"))
    assert len(templates) > 10

    facts = json.loads(cli("--vault", str(vault), *TODAY, "doctor", "--json").output)
    # The daily page and the agenda; the templates are counted on their own.
    assert facts["counts"]["notes"] == 2
    assert facts["counts"]["daily_pages"] == 1
    assert facts["counts"]["template_files"] == len(templates)
    assert facts["warnings"] == []
    assert {"items", "sessions", "agenda_items", "skipped"} <= set(facts["counts"])

    text = cli("--vault", str(vault), *TODAY, "doctor").output
    assert "notes: 2 (1 daily page), " in text
    assert (
        f"template files: {len(templates)} in Templates (read as templates, not as notes)" in text
    )


def test_doctor_says_daily_pages_in_the_plural_and_no_template_files(cli, vault):
    (vault / "Journal").mkdir()
    for day in ("2026-11-18", "2026-11-19"):
        (vault / "Journal" / f"{day}.md").write_text("a line\n")
    age_tree(vault)
    facts = json.loads(cli("--vault", str(vault), *TODAY, "doctor", "--json").output)
    assert (
        facts["counts"]["notes"],
        facts["counts"]["daily_pages"],
        facts["counts"]["template_files"],
    ) == (2, 2, 0)
    text = cli("--vault", str(vault), *TODAY, "doctor").output
    assert "notes: 2 (2 daily pages), " in text
    assert "template files: none in Templates (the built-in ones are used)" in text


def test_a_template_is_read_as_a_template_never_as_a_note(vault):
    # Valid YAML that would make a session, a mood, a private note and an agenda item of a note.
    (vault / "Templates").mkdir()
    mine = (
        "---\ntype: session\ndate: 2026-11-01\nmood: 4\ntags: [next]\nprivate: true\n---\n"
        "- bring this #next\n[mood:: eleven]\n{{letter}}\n"
    )
    (vault / "Templates" / "mine.md").write_text(mine)
    (vault / "Templates" / "daily.md").write_text("---\ndate: {{ date }}\n---\n# {{title}}\n")
    age_tree(vault)
    config, _ = load_config(vault)
    loaded = load_vault(vault, config)
    note = loaded.notes["Templates/mine.md"]
    assert note.template
    assert (
        note.session_date,
        note.moods,
        note.items,
        note.tags,
        note.triggers,
        note.warnings,
        note.metadata,
        note.kind,
        note.private,
    ) == (None, (), (), (), (), (), {}, "", False)
    assert loaded.warnings() == []
    # Still found, read and kept as templates.
    templates = templates_of(loaded)
    assert templates.resolve("mine") is not None and templates.resolve("daily") is not None
    assert loaded.files["Templates/mine.md"].data == mine.encode()
    # ...and a change to one is picked up.
    (vault / "Templates" / "mine.md").write_text("# changed {{title}}\n")
    loaded.refresh("Templates/mine.md")
    assert loaded.files["Templates/mine.md"].data == b"# changed {{title}}\n"
    assert loaded.notes["Templates/mine.md"].template
    assert "# changed {{title}}\n" in templates_of(loaded).texts()


def test_a_mood_vaultkit_cannot_use_is_one_warning_in_run_and_in_doctor(cli, vault):
    (vault / "Journal").mkdir()
    (vault / "Journal" / "2026-11-18.md").write_text("---\ndate: 2026-11-18\nmood: 4/10\n---\n")
    (vault / "Journal" / "2026-11-19.md").write_text("---\nmood: 4 - tired\n---\n")
    (vault / "Journal" / "2026-11-20.md").write_text(
        "---\ndate: 2026-11-20\nmood: eleven\n---\n# Friday\n\n- call Sam #next\nmood:: six\n"
    )
    age_tree(vault)
    expected = (
        'Journal/2026-11-20.md:3: mood "eleven" is not a number from 1 to 10; left out of the chart'
    )

    run = cli("--vault", str(vault), *TODAY, "run")
    assert _warnings(run) == [f"warning: {expected}"], run.output
    agenda = (vault / "Next session.md").read_text()
    assert "call Sam" in agenda
    assert "4 to 6 (1–10), on 3 days" in agenda, agenda

    facts = json.loads(cli("--vault", str(vault), *TODAY, "doctor", "--json").output)
    assert facts["warnings"] == [expected]
    text = cli("--vault", str(vault), *TODAY, "doctor").output
    assert f"warnings: 1\n  {expected}" in text
