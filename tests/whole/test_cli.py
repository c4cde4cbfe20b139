"""The command line as a person uses it: exit statuses, messages, and what lands on disk."""

from __future__ import annotations

import json
import os
import time

import pytest

from support.paths import ROOT
from support.vaults import age_tree, tree_bytes
from vaultkit.cli import main

TODAY = ["--today", "2026-11-22"]


def test_every_command_has_help_with_an_example(cli):
    for name, command in sorted(main.commands.items()):
        result = cli(name, "--help")
        assert result.exit_code == 0, name
        assert command.help and len(command.help.split()) > 5, f"{name} has no real help"
        assert "Example:" in result.output and f"vaultkit {name}" in result.output.replace(
            "vaultkit --vault ~/Journal init", "vaultkit init"
        ), f"{name} --help has no example"


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text()
    for name in main.commands:
        assert f"vaultkit {name}" in readme or f"`{name}`" in readme, f"README lacks {name}"


def test_run_creates_the_day_and_the_agenda(cli, vault):
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 0, result.output
    assert (vault / "Journal" / "2026-11-22.md").is_file()
    agenda = (vault / "Next session.md").read_text()
    assert "- [ ] ask about sleep — [[2026-11-20]]" in agenda


def test_dry_run_prints_diffs_and_writes_nothing(cli, vault):
    before = tree_bytes(vault)
    result = cli("--vault", str(vault), *TODAY, "run", "--dry-run")
    assert result.exit_code == 0
    assert "+++ b/Next session.md" in result.output
    assert "+++ b/Journal/2026-11-22.md" in result.output
    assert tree_bytes(vault) == before


def test_a_note_inside_its_quiet_period_is_deferred_then_expanded(cli, vault):
    note = vault / "Journal" / "2026-11-21.md"
    note.write_text("Today.\n{{letter}}\n")  # just written: inside the quiet period
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 1
    assert "deferred Journal/2026-11-21.md" in result.output
    assert note.read_text() == "Today.\n{{letter}}\n"
    old = time.time() - 60
    os.utime(note, (old, old))
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 0, result.output
    text = note.read_text()
    assert text.startswith("Today.\n") and "{{letter}}" not in text and "To:" in text


def test_bad_config_names_file_and_line_and_exits_2(cli, vault):
    (vault / "vaultkit.toml").write_text('[daily]\nfolder = "Journal"\nformat = 12\n')
    result = cli("--vault", str(vault), "run")
    assert result.exit_code == 2
    assert result.output.strip() == "vaultkit.toml:3: 'format' must be a string"


def test_config_pointing_outside_the_vault_is_refused(cli, vault):
    (vault / "vaultkit.toml").write_text('[daily]\nfolder = "../elsewhere"\n')
    result = cli("--vault", str(vault), "run")
    assert result.exit_code == 2
    assert "vaultkit.toml:2: '../elsewhere' points outside the vault" in result.output
    assert not (vault.parent / "elsewhere").exists()


def test_no_vault_found_is_a_usage_error(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    result = cli("run")
    assert result.exit_code == 2
    assert "no vault found" in result.output


def test_bad_today_is_a_usage_error(cli, vault):
    result = cli("--vault", str(vault), "--today", "22/11/2026", "run")
    assert result.exit_code == 2


def test_template_error_names_template_and_line_and_writes_nothing(cli, vault):
    (vault / "Templates").mkdir()
    (vault / "Templates" / "daily.md").write_text("# {{ title }}\n\n{{ no_such_thing }}\n")
    age_tree(vault)
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 1
    assert "Templates/daily.md:3: 'no_such_thing' is undefined" in result.output
    assert not (vault / "Journal" / "2026-11-22.md").exists()


def test_new_creates_in_the_prompt_folder_and_never_overwrites(cli, vault):
    first = cli("--vault", str(vault), *TODAY, "new", "letter", "To Mum")
    assert first.exit_code == 0 and first.output.strip() == "Letters/To Mum.md"
    second = cli("--vault", str(vault), *TODAY, "new", "letter", "To Mum")
    assert second.output.strip() == "Letters/To Mum 2.md"
    assert "To:" in (vault / "Letters" / "To Mum.md").read_text()


def test_new_refuses_unknown_kinds_and_bad_titles(cli, vault):
    unknown = cli("--vault", str(vault), "new", "poem")
    assert unknown.exit_code == 2
    assert unknown.output.startswith("poem: no template of that name. You can ask for:\n")
    assert "  unsent-letter (or: letter)\n" in unknown.output
    assert "  thought-record (or: thought)\n" in unknown.output
    result = cli("--vault", str(vault), "new", "letter", "../../escape")
    assert result.exit_code == 2
    assert not list(vault.parent.glob("*.md"))


def test_agenda_stdout_prints_and_writes_nothing(cli, vault):
    result = cli("--vault", str(vault), *TODAY, "agenda", "--stdout")
    assert result.exit_code == 0
    assert "%% vaultkit:begin " in result.output and "ask about sleep" in result.output
    assert not (vault / "Next session.md").exists()


def test_ticking_a_task_in_the_agenda_ticks_its_source(cli, vault):
    cli("--vault", str(vault), *TODAY, "run")
    agenda = vault / "Next session.md"
    agenda.write_text(agenda.read_text().replace("- [ ] ask about sleep", "- [x] ask about sleep"))
    age_tree(vault)
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 0, result.output
    assert (vault / "Journal" / "2026-11-20.md").read_text() == "- [x] ask about sleep #next\n"
    assert "- [x] ask about sleep — [[2026-11-20]]" in agenda.read_text()


def test_session_records_once(cli, vault):
    first = cli("--vault", str(vault), *TODAY, "session")
    assert first.exit_code == 0 and first.output.strip() == "Sessions/2026-11-22 session.md"
    note = (vault / "Sessions" / "2026-11-22 session.md").read_text()
    assert "type: session" in note and "- [ ] ask about sleep — [[2026-11-20]]" in note
    again = cli("--vault", str(vault), *TODAY, "session")
    assert again.output.strip() == "Sessions/2026-11-22 session.md"
    assert len(list((vault / "Sessions").iterdir())) == 1


def test_doctor_reports_what_it_sees(cli, vault):
    (vault / "Journal" / "odd.md").write_bytes(b"caf\xe9\n")
    (vault / "Journal" / "2026-11-20.sync-conflict-20261120-101010-ABC.md").write_text("x\n")
    (vault / "Journal" / "trigger.md").write_text("text\n{{sonnet}}\n{{ask}}\n")  # ask is known
    result = cli("--vault", str(vault), *TODAY, "doctor", "--json")
    facts = json.loads(result.output)
    assert facts["skipped"] == [{"path": "Journal/odd.md", "reason": "not valid UTF-8", "line": 1}]
    assert facts["sync_conflicts"] == ["Journal/2026-11-20.sync-conflict-20261120-101010-ABC.md"]
    assert facts["unknown_triggers"] == [
        {"path": "Journal/trigger.md", "line": 2, "trigger": "sonnet"}
    ]
    assert facts["counts"]["items"] == 1
    text = cli("--vault", str(vault), *TODAY, "doctor").output
    assert "Journal/odd.md:1: not valid UTF-8" in text and "{{sonnet}}" in text


def test_init_writes_settings_and_templates_once(cli, vault):
    result = cli("--vault", str(vault), "init")
    assert result.exit_code == 0
    toml = (vault / "vaultkit.toml").read_text()
    assert '# folder = "Journal"' in toml and "# [support]" in toml
    assert (vault / "Templates" / "daily.md").is_file()
    assert (vault / "Templates" / "prompts" / "free-writing.md").is_file()
    before = tree_bytes(vault)
    again = cli("--vault", str(vault), "init")
    assert again.exit_code == 0 and "set up already" in again.output  # and nothing made
    assert tree_bytes(vault) == before
    assert cli("--vault", str(vault), *TODAY, "run").exit_code == 0


def test_demo_fills_a_copy_of_the_example_vault(cli, tmp_path):
    target = tmp_path / "demo"
    result = cli(*TODAY, "demo", str(target))
    assert result.exit_code == 0, result.output
    assert "Next session.md" in result.output
    assert "Since last session" in (target / "Next session.md").read_text()
    assert f"{target / 'Reviews'} for the weekly reviews" in result.output
    # The example's dates move by whole weeks, so that its last week is the one just ended.
    assert (target / "Reviews" / "2026-W46.md").is_file()
    assert (target / "Journal" / "2026-11-14.md").is_file()  # the example's 2026-11-21
    again = cli(*TODAY, "demo", str(target))
    assert again.exit_code == 0 and "already" in again.output  # re-used, never replaced


def test_new_with_a_broken_template_reports_it_and_writes_nothing(cli, vault):
    (vault / "Templates").mkdir()
    (vault / "Templates" / "unsent-letter.md").write_text("To:\n{% if %}\n")
    result = cli("--vault", str(vault), *TODAY, "new", "letter", "To Mum")
    assert result.exit_code == 1  # a template failed: README's exit status 1, not a usage error
    assert "Templates/unsent-letter.md:2:" in result.output
    assert not (vault / "Letters").exists()


def test_the_support_example_init_writes_reaches_the_agenda_once_uncommented(cli, vault):
    assert cli("--vault", str(vault), "init").exit_code == 0
    toml = (vault / "vaultkit.toml").read_text()
    example = (
        '# contacts = ["My therapist: (the practice number)", "Crisis line: (your local number)"]'
    )
    assert "# [support]\n" in toml and example in toml
    assert cli("--vault", str(vault), *TODAY, "run").exit_code == 0
    assert "My therapist" not in (vault / "Next session.md").read_text()
    toml = toml.replace("# [support]\n", "[support]\n").replace(example, example[2:])
    (vault / "vaultkit.toml").write_text(toml)
    age_tree(vault)  # the agenda was written a moment ago: outside its quiet period now
    assert cli("--vault", str(vault), *TODAY, "run").exit_code == 0
    assert (
        "> [!note] If it gets too heavy\n> You don't have to hold this alone.\n"
        "> - My therapist: (the practice number)\n> - Crisis line: (your local number)\n"
    ) in (vault / "Next session.md").read_text()


# --- issue 14: untitled notes are named as a person would; `new session` is `session` ----------

TUESDAY = ["--today", "2026-12-01"]


@pytest.mark.parametrize(
    "kind, path, heading",
    [
        ("letter", "Letters/A letter I won't send.md", "# A letter I won't send\n"),
        (
            "thought-record",
            "Thought records/Thought record, Tuesday 1 December.md",
            "# Thought record — Tuesday, December 1st 2026\n",
        ),
        (
            "free-writing",
            "Free writing/Free writing, Tuesday 1 December.md",
            "# Free writing — Tuesday, December 1st 2026\n",
        ),
        (
            "emotion-log",
            "Emotions/Emotion log, Tuesday 1 December.md",
            "# Emotion log — Tuesday, December 1st 2026\n",
        ),
        ("dream", "Dreams/Dream, Tuesday 1 December.md", "# Dream — Tuesday, December 1st 2026\n"),
        ("setdown", "Setting it down, Tuesday 1 December.md", "# Setting it down\n"),
        ("safety-plan", "My safety plan.md", "# My safety plan\n"),
    ],
)
def test_new_without_a_title_names_the_note_as_a_person_would(cli, vault, kind, path, heading):
    first = cli("--vault", str(vault), *TUESDAY, "new", kind)
    assert first.exit_code == 0, first.output
    assert first.output == path + "\n"
    text = (vault / path).read_text()
    assert heading in text and "2026-12-01 " not in text
    if kind == "safety-plan":
        return  # one plan, kept up to date: asked again, it is the same note
    second = cli("--vault", str(vault), *TUESDAY, "new", kind)
    assert second.output == path[:-3] + " 2.md\n"
    # The number keeps the file name free; the page still reads as the first one does.
    assert heading in (vault / path.replace(".md", " 2.md")).read_text()


def test_new_with_a_title_of_ones_own_template_or_without(cli, vault):
    (vault / "Templates").mkdir()
    (vault / "Templates" / "gratitude-list.md").write_text("# {{ title }}\n\n- \n")
    result = cli("--vault", str(vault), *TUESDAY, "new", "gratitude-list")
    assert result.output == "Gratitude list, Tuesday 1 December.md\n"
    assert (
        vault / "Gratitude list, Tuesday 1 December.md"
    ).read_text() == "# Gratitude list, Tuesday 1 December\n\n- \n"
    assert (
        cli("--vault", str(vault), *TUESDAY, "new", "letter", "To Mum").output
        == "Letters/To Mum.md\n"
    )


@pytest.mark.parametrize(
    "command",
    [["session"], ["new", "session"], ["new", "reflection"], ["new", "session-reflection"]],
)
def test_session_and_new_session_make_the_same_note(cli, vault, command):
    result = cli("--vault", str(vault), *TODAY, *command)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Sessions/2026-11-22 session.md"
    note = (vault / "Sessions" / "2026-11-22 session.md").read_text()
    # The agenda as it stood, snapshotted, and the agenda itself started afresh.
    assert "type: session" in note and "- [ ] ask about sleep — [[2026-11-20]]" in note
    assert "Since last session" not in (vault / "Next session.md").read_text()
    for again in (["session"], ["new", "session"]):
        repeat = cli("--vault", str(vault), *TODAY, *again)
        assert repeat.exit_code == 0 and repeat.output.strip() == "Sessions/2026-11-22 session.md"
    assert [p.name for p in (vault / "Sessions").iterdir()] == ["2026-11-22 session.md"]


def test_init_with_the_vault_option_after_the_command(cli, vault):
    result = cli("init", "--vault", str(vault))
    assert result.exit_code == 0, result.output
    assert (vault / "vaultkit.toml").is_file()


def test_every_exit_status_of_a_template_failure_is_1(cli, vault):
    (vault / "Templates").mkdir()
    for name in ("session-reflection", "next-session", "brief", "daily"):
        (vault / "Templates" / f"{name}.md").write_text("{{ nobody }}\n")
    age_tree(vault)
    for command in (["run"], ["agenda"], ["session"], ["brief"], ["new", "daily"]):
        result = cli("--vault", str(vault), *TODAY, *command)
        assert result.exit_code == 1, (command, result.output)
        assert "'nobody' is undefined" in result.output, command


def test_a_name_taken_in_another_case_is_taken(cli, vault):
    # One file on macOS and Windows, and on any device the vault syncs to there.
    (vault / "Letters").mkdir()
    (vault / "Letters" / "a letter i won't send.md").write_text("mine\n")
    result = cli("--vault", str(vault), *TUESDAY, "new", "letter")
    assert result.output == "Letters/A letter I won't send 2.md\n"
    assert (vault / "Letters" / "a letter i won't send.md").read_text() == "mine\n"
