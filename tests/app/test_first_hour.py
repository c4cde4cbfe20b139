"""The first hour with vaultkit, as a new person lives it: `init` in a new folder, global options
wherever they are typed, `add` from a phone's terminal, a demo that never destroys and never
ages, and messages that say what to do next."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from support.paths import ROOT
from support.vaults import age_tree, tree_bytes
from vaultkit.app import adding
from vaultkit.app.demo import MARKER, demo_shift, shift_name, shift_text
from vaultkit.cli import add_command as cli_module
from vaultkit.cli import main
from vaultkit.store.resources import EXAMPLE_LAST_DAY, example_vault_dir

DAY = "2026-11-22"
PAGE = f"Journal/{DAY}.md"
GLOBAL = ("--vault", "--today", "-v, --verbose", "-q, --quiet")


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """A new, empty folder the person stands in, with no VAULTKIT_VAULT to lead elsewhere."""
    folder = tmp_path / "journal"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    return folder


# --- init in any folder -----------------------------------------------------------------------


def test_init_makes_the_empty_folder_it_is_run_in_a_vault(cli, here):
    result = cli("init")
    assert result.exit_code == 0, result.output
    assert (here / "vaultkit.toml").is_file()
    assert (here / "Templates" / "daily.md").is_file()
    out = result.output
    assert "[support] contacts" in out and "[sessions] schedule" in out
    assert "vaultkit watch" in out and "vaultkit service install" in out
    # The vault it made is found from there by every other command.
    assert cli("--today", DAY, "run").exit_code == 0
    assert (here / PAGE).is_file()


def test_init_makes_the_folder_given_after_the_command(cli, here):
    result = cli("init", "--vault", "new journal")
    assert result.exit_code == 0, result.output
    assert (here / "new journal" / "vaultkit.toml").is_file()
    assert not (here / "vaultkit.toml").exists()
    # The next steps name the vault, since it is not the folder the person stands in.
    assert "--vault" in result.output


def test_init_inside_a_vault_refuses_and_names_the_vault(cli, tmp_path, monkeypatch):
    outer = tmp_path / "Journal"
    (outer / ".obsidian").mkdir(parents=True)
    inner = outer / "Letters"
    inner.mkdir()
    monkeypatch.chdir(inner)
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    before = tree_bytes(tmp_path)
    result = cli("init")
    assert result.exit_code == 2
    assert str(outer) in result.output and f"vaultkit --vault {outer} init" in result.output
    assert tree_bytes(tmp_path) == before


def test_init_with_vaultkit_vault_set_says_which_vault(cli, here, tmp_path, monkeypatch):
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.setenv("VAULTKIT_VAULT", str(other))
    result = cli("init")
    assert result.exit_code == 0, result.output
    assert (other / "vaultkit.toml").is_file() and not (here / "vaultkit.toml").exists()
    assert "VAULTKIT_VAULT" in result.output


# --- global options before or after the command ------------------------------------------------


def test_global_options_after_the_command(cli, vault):
    result = cli("run", "--vault", str(vault), "--today", DAY)
    assert result.exit_code == 0, result.output
    assert (vault / PAGE).is_file()


def test_the_value_after_the_command_wins(cli, vault):
    result = cli(
        "--today",
        "2026-11-21",
        "--vault",
        "/no/such/place",
        "run",
        "--today",
        DAY,
        "--vault",
        str(vault),
    )
    assert result.exit_code == 0, result.output
    assert (vault / PAGE).is_file() and not (vault / "Journal" / "2026-11-21.md").exists()


def test_quiet_after_the_command(cli, vault):
    result = cli("run", "--vault", str(vault), "--today", DAY, "-q")
    assert result.exit_code == 0 and result.output == ""


def test_a_bad_date_after_the_command_is_a_usage_error(cli, vault):
    assert cli("run", "--vault", str(vault), "--today", "22/11/2026").exit_code == 2


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_help_lists_the_global_options(cli):
    for words, _ in _commands(main):
        result = cli(*words, "--help")
        assert result.exit_code == 0, words
        for option in GLOBAL:
            assert option in result.output, f"{' '.join(words)} --help lacks {option}"
        assert "before or after the command" in result.output, words
        # Every line of a list of options describes one: no bare KIND or [TITLE] among them.
        assert not re.search(r"(?m)^  [A-Z\[][A-Z_.\]]*$", result.output), result.output


# --- add ------------------------------------------------------------------------------------


def test_add_to_a_page_that_does_not_exist_yet(cli, vault):
    result = cli("--vault", str(vault), "--today", DAY, "add", "the panic on the train #next")
    assert result.exit_code == 0, result.output
    text = (vault / PAGE).read_text("utf-8")
    assert "## What happened" in text  # made from the daily template first
    assert text.endswith("\n\n- the panic on the train #next\n")  # --today: no clock time
    assert PAGE in result.output


def test_add_appends_and_keeps_every_byte_before(cli, vault):
    page = vault / PAGE
    page.write_bytes(b"\xef\xbb\xbf# Sunday\r\n\r\nA walk.")
    age_tree(vault)
    assert cli("--vault", str(vault), "--today", DAY, "add", "one").exit_code == 0
    assert cli("--vault", str(vault), "--today", DAY, "add", "two", "words").exit_code == 0
    assert (
        page.read_bytes() == b"\xef\xbb\xbf# Sunday\r\n\r\nA walk.\r\n\r\n- one\r\n- two words\r\n"
    )


def test_add_takes_the_clock_time_on_a_day_not_pinned(cli, vault):
    result = cli("--vault", str(vault), "add", "tea with Jo")
    assert result.exit_code == 0, result.output
    page = vault / "Journal" / f"{dt.date.today().isoformat()}.md"
    assert re.search(r"\n- \d\d:\d\d tea with Jo\n$", page.read_text("utf-8"))


@pytest.mark.parametrize("args", [["add", "-"], ["add"]])
def test_add_reads_standard_input(tmp_path, vault, args):
    from click.testing import CliRunner

    result = CliRunner().invoke(
        main,
        ["--vault", str(vault), "--today", DAY, *args],
        input="written on the bus\nand a second line #next\n",
    )
    assert result.exit_code == 0, result.output
    text = (vault / PAGE).read_text("utf-8")
    assert text.endswith("- written on the bus\n  and a second line #next\n")


@pytest.mark.parametrize(
    "args, given",
    [(["add", ""], None), (["add", "   "], None), (["add", "-"], "\n  \n"), (["add"], "")],
)
def test_add_with_nothing_to_add_is_a_usage_error(vault, args, given):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["--vault", str(vault), "--today", DAY, *args], input=given)
    assert result.exit_code == 2
    assert "nothing to add" in result.output
    assert not (vault / PAGE).exists()


def test_add_with_no_text_at_a_terminal_says_how(cli, vault, monkeypatch):
    monkeypatch.setattr(cli_module, "stdin_is_terminal", lambda: True)
    result = cli("--vault", str(vault), "--today", DAY, "add")
    assert result.exit_code == 2 and "vaultkit add" in result.output


def test_add_waits_out_a_short_quiet_period(cli, vault):
    (vault / "vaultkit.toml").write_text("quiet_seconds = 1\n")
    page = vault / PAGE
    page.write_text("Typed a moment ago.\n")  # saved just now by the editor
    started = time.monotonic()
    result = cli("--vault", str(vault), "--today", DAY, "add", "from the launcher")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 0.5
    assert page.read_text() == "Typed a moment ago.\n\n- from the launcher\n"


def test_add_in_a_long_quiet_period_refuses_and_gives_the_text_back(cli, vault):
    (vault / "vaultkit.toml").write_text("quiet_seconds = 60\n")
    page = vault / PAGE
    page.write_text("Typing right now.\n")
    result = cli("--vault", str(vault), "--today", DAY, "add", "do not lose me")
    assert result.exit_code == 1
    assert page.read_text() == "Typing right now.\n"
    assert "do not lose me" in result.stderr and "try again" in result.stderr


def test_appended_is_pure_and_keeps_lists_together():
    assert adding.appended(b"", "- a\n") == b"- a\n"
    assert adding.appended(b"text", "- a\n") == b"text\n\n- a\n"
    assert adding.appended(b"text\n", "- a\n") == b"text\n\n- a\n"
    assert adding.appended(b"text\n\n", "- a\n") == b"text\n\n- a\n"
    assert adding.appended(b"- 09:10 first\n", "- b\n") == b"- 09:10 first\n- b\n"
    assert adding.appended(b"> [!note]- help\n> - a line\n", "- b\n") == (
        b"> [!note]- help\n> - a line\n\n- b\n"
    )
    assert adding.entry("  one\n\n two  \n", "21:40") == "- 21:40 one\n\n  two\n"
    assert adding.entry("one", None) == "- one\n"


# --- demo ---------------------------------------------------------------------------------------


def test_demo_refuses_a_folder_with_a_file_it_did_not_make(cli, tmp_path):
    target = tmp_path / "demo"
    target.mkdir()
    (target / "my notes.md").write_text("mine\n")
    result = cli("--today", DAY, "demo", str(target))
    assert result.exit_code == 2
    assert "my notes" in result.output or "did not make" in result.output
    assert tree_bytes(target) == {"my notes.md": b"mine\n"}


def test_demo_again_keeps_what_was_written_and_says_so(cli, tmp_path):
    target = tmp_path / "demo"
    assert cli("--today", DAY, "demo", str(target)).exit_code == 0
    assert (target / MARKER).is_file()
    page = next((target / "Journal").glob("*.md"))
    page.write_text(page.read_text("utf-8") + "\nMy own line.\n", "utf-8")
    (target / "Journal" / "mine.md").write_text("written in the demo\n")
    age_tree(target, time.time() - 3600)
    again = cli("--today", DAY, "demo", str(target))
    assert again.exit_code == 0, again.output
    assert "already" in again.output
    assert page.read_text("utf-8").endswith("\nMy own line.\n")
    assert (target / "Journal" / "mine.md").read_text() == "written in the demo\n"


def test_makefile_demo_deletes_nothing():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "rm " not in recipe and "vaultkit demo" in recipe


def test_the_example_ends_on_its_last_day():
    days = [
        dt.date.fromisoformat(p.stem[:10])
        for p in example_vault_dir().rglob("*.md")
        if re.match(r"\d{4}-\d{2}-\d{2}", p.stem)
    ]
    assert max(days) == EXAMPLE_LAST_DAY


@pytest.mark.parametrize(
    "today", ["2026-11-23", "2026-11-29", "2027-03-10", "2030-01-01", "2026-11-22", "2025-06-01"]
)
def test_the_shift_is_whole_weeks_and_ends_the_example_in_the_week_before_today(today):
    day = dt.date.fromisoformat(today)
    days = demo_shift(day)
    assert days % 7 == 0
    last = EXAMPLE_LAST_DAY + dt.timedelta(days=days)
    assert 2 <= (day - last).days <= 8  # the example's last week has just ended
    monday = day - dt.timedelta(days=day.weekday())
    assert monday - dt.timedelta(days=7) <= last < monday


def test_shift_text_moves_every_kind_of_date():
    text = (
        "---\ndate: 2026-11-12\n---\n\n# Session — Thursday, November 12th 2026\n\n"
        "- [x] the meeting — [[2026-11-09]]\nNotes in [[2026-11-12 session]].\n"
        "Sunday, November 1st 2026 and 2026-13-45 and 12026-11-12\n"
    )
    shifted = shift_text(text, 7 * 16)
    assert shifted == (
        "---\ndate: 2027-03-04\n---\n\n# Session — Thursday, March 4th 2027\n\n"
        "- [x] the meeting — [[2027-03-01]]\nNotes in [[2027-03-04 session]].\n"
        "Sunday, February 21st 2027 and 2026-13-45 and 12026-11-12\n"
    )
    assert shift_text(shifted, -7 * 16) == text
    assert shift_name("Sessions/2026-11-05 session.md", 7) == "Sessions/2026-11-12 session.md"
    assert shift_name("People/Mum.md", 7) == "People/Mum.md"


def _unshifted_agenda(target: Path, today: dt.date) -> list[str]:
    text = shift_text((target / "Next session.md").read_text("utf-8"), -demo_shift(today))
    # The agenda names days without a year ("on Thursday, June 3rd", "### Friday, June 4th"),
    # which shift_text leaves: the weekday stays true, the month and day move with the shift.
    text = re.sub(r"(\w+day), [A-Z][a-z]+ \d{1,2}(?:st|nd|rd|th)\b", r"\1, DAY", text)
    # The title's day follows the weekday the demo runs on; the marker holds a digest.
    return [
        line
        for line in text.splitlines()
        if not line.startswith(("%% vaultkit:begin", "# Next session"))
    ]


def test_demo_shows_the_same_agenda_whichever_day_it_runs(cli, tmp_path):
    days = [dt.date(2027, 3, 10), dt.date(2027, 6, 16), dt.date(2028, 1, 3)]
    agendas, reviews = [], []
    for day in days:
        target = tmp_path / day.isoformat()
        result = cli("--today", day.isoformat(), "demo", str(target))
        assert result.exit_code == 0, result.output
        names = sorted(p.relative_to(target).as_posix() for p in target.rglob("*.md"))
        assert not [n for n in names if "2026-" in n], names  # nothing left in the example's time
        dated = [
            dt.date.fromisoformat(n.split("/")[-1][:10])
            for n in names
            if re.match(r"\d{4}-\d{2}-\d{2}", n.split("/")[-1]) and "Journal/" in n
        ]
        assert max(dated) == day  # today's page, made by the run
        agendas.append(_unshifted_agenda(target, day))
        reviews.append(len(list((target / "Reviews").glob("*.md"))))
        assert "## What repeated" in "\n".join(agendas[-1])
        assert "#work — on 6 days" in "\n".join(agendas[-1])
    assert agendas[0] == agendas[1] == agendas[2]
    assert reviews[0] == reviews[1] == reviews[2] == 4


def test_demo_never_touches_the_example_in_the_repository(cli, tmp_path):
    before = tree_bytes(example_vault_dir())
    assert cli("--today", "2027-03-10", "demo", str(tmp_path / "d")).exit_code == 0
    assert tree_bytes(example_vault_dir()) == before


def test_demo_inside_a_vault_is_refused(cli, vault):
    result = cli("--today", DAY, "demo", str(vault / "demo"))
    assert result.exit_code == 2 and not (vault / "demo").exists()
    assert str(vault) in result.output


# --- messages -----------------------------------------------------------------------------------


def test_new_with_an_unknown_kind_lists_the_kinds_and_their_aliases(cli, vault):
    assert cli("--vault", str(vault), "init").exit_code == 0  # prompts/ask.md among the templates
    result = cli("--vault", str(vault), "new", "no-such-kind")
    assert result.exit_code == 2
    out = result.output
    assert "unsent-letter" in out and "letter" in out and "thought-record" in out
    assert "prompts/" not in out and "next-session" not in out and "weekly-review" not in out


def test_new_prompts_ask_is_an_unknown_kind(cli, vault):
    assert cli("--vault", str(vault), "init").exit_code == 0
    result = cli("--vault", str(vault), "new", "prompts/ask", "x")
    assert result.exit_code == 2
    assert "no template" in result.output and "undefined" not in result.output


def test_a_template_failure_in_new_exits_1(cli, vault):
    (vault / "Templates").mkdir()
    (vault / "Templates" / "dream.md").write_text("# {{ no_such_thing }}\n")
    age_tree(vault)
    result = cli("--vault", str(vault), "--today", DAY, "new", "dream")
    assert result.exit_code == 1
    assert "Templates/dream.md:1: 'no_such_thing' is undefined" in result.output


def test_a_template_failure_in_brief_exits_1(cli, vault):
    (vault / "Templates").mkdir()
    (vault / "Templates" / "brief.md").write_text("{{ no_such_thing }}\n")
    age_tree(vault)
    result = cli("--vault", str(vault), "--today", DAY, "brief")
    assert result.exit_code == 1
    assert "Templates/brief.md:1:" in result.output


def test_a_missing_obsidian_daily_template_is_a_warning(cli, vault):
    (vault / ".obsidian" / "daily-notes.json").write_text(
        json.dumps({"folder": "Journal", "template": "Templates/Daily"})
    )
    age_tree(vault)
    result = cli("--vault", str(vault), "--today", DAY, "run")
    assert (vault / PAGE).is_file()  # made from the built-in one, as before
    assert result.exit_code == 1
    assert "Templates/Daily" in result.stderr and ".obsidian/daily-notes.json" in result.stderr
    doctor = cli("--vault", str(vault), "--today", DAY, "doctor")
    assert "Templates/Daily" in doctor.output.split("warnings:", 1)[1]
    facts = json.loads(cli("--vault", str(vault), "--today", DAY, "doctor", "--json").output)
    assert any("Templates/Daily" in w for w in facts["warnings"])


def test_an_obsidian_daily_template_that_is_there_is_no_warning(cli, vault):
    (vault / ".obsidian" / "daily-notes.json").write_text(
        json.dumps({"folder": "Journal", "template": "Templates/Daily"})
    )
    (vault / "Templates").mkdir()
    (vault / "Templates" / "Daily.md").write_text("# {{title}}\n\nMy own page.\n")
    age_tree(vault)
    result = cli("--vault", str(vault), "--today", DAY, "run")
    assert result.exit_code == 0, result.output
    assert "My own page." in (vault / PAGE).read_text()


def test_a_missing_vault_folder_does_not_exist(cli, tmp_path, monkeypatch):
    missing = tmp_path / "no-such-journal"
    result = cli("--vault", str(missing), "run")
    assert result.exit_code == 2
    assert result.output.strip() == f"{missing}: does not exist"
    monkeypatch.setenv("VAULTKIT_VAULT", str(missing))
    result = cli("run")
    assert result.exit_code == 2
    assert f"{missing}: does not exist" in result.output and "VAULTKIT_VAULT" in result.output


def test_a_deferral_says_when_to_try_again(cli, vault):
    note = vault / "Journal" / "2026-11-21.md"
    note.write_text("Today.\n{{letter}}\n")  # just written
    result = cli("--vault", str(vault), "--today", DAY, "run")
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if "deferred" in line)
    assert re.search(r"saved \d+\.\d s ago", line), line
    assert "run it again in 5 s" in line, line
    assert "(quiet period" not in line and "))" not in line


def test_no_vault_found_says_how_to_make_one(cli, here):
    result = cli("run")
    assert result.exit_code == 2
    assert "no vault found" in result.output and "vaultkit init" in result.output


def test_the_deferral_reason_of_the_writer_tells_the_daemon_s_retry(tmp_path):
    from vaultkit.store.writer import Outcome, write_note

    note = tmp_path / "n.md"
    note.write_text("x")
    result = write_note(tmp_path, "n.md", b"y", expect=b"x", quiet_seconds=5)
    assert result.outcome is Outcome.DEFERRED
    assert re.fullmatch(
        r"saved \d\.\d s ago, within the quiet period of 5 s; "
        r"vaultkit tries again in 5 s",
        result.reason,
    ), result.reason
    assert os.path.exists(note)


def test_add_twice_in_a_row_is_not_held_by_its_own_write(cli, vault):
    # A quiet period far longer than add waits: only its own write was ever that recent.
    (vault / "vaultkit.toml").write_text("quiet_seconds = 60\n")
    first = cli("--vault", str(vault), "add", "the first thing")
    assert first.exit_code == 0, first.output
    second = cli("--vault", str(vault), "add", "and the second")
    assert second.exit_code == 0, second.output
    assert "rested" not in second.output
    text = next(
        p for p in (vault / "Journal").glob("*.md") if "the first thing" in p.read_text()
    ).read_text()
    assert (
        "the first thing" in text.rsplit("\n- ", 2)[-2]
        and "and the second" in text.rsplit("\n- ", 1)[-1]
    )


def test_add_after_an_editor_saved_the_same_bytes_waits_again(cli, vault):
    (vault / "vaultkit.toml").write_text("quiet_seconds = 60\n")
    assert cli("--vault", str(vault), "add", "the first thing").exit_code == 0
    page = next(p for p in (vault / "Journal").glob("*.md") if "the first thing" in p.read_text())
    page.write_bytes(page.read_bytes())  # an editor saving what it holds: a new mtime
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000))
    second = cli("--vault", str(vault), "add", "and the second")
    assert second.exit_code == 1 and "and the second" in second.output
    assert "and the second" not in page.read_text()


def test_init_again_says_it_is_set_up_and_replaces_nothing(cli, here):
    assert cli("init").exit_code == 0
    (here / "vaultkit.toml").write_text("# mine\n")
    again = cli("init")
    assert again.exit_code == 0, again.output
    assert "set up already" in again.output and "nothing was replaced" in again.output
    assert "vaultkit watch" in again.output
    assert (here / "vaultkit.toml").read_text() == "# mine\n"


def test_init_elsewhere_gives_commands_that_work_from_anywhere(cli, here):
    result = cli("init", "--vault", "journal2")
    assert result.exit_code == 0, result.output
    assert f"vaultkit --vault {here / 'journal2'} watch" in result.output


def test_demo_onto_a_file_says_choose_a_new_folder(cli, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine\n")
    result = cli("--today", DAY, "demo", str(target))
    assert result.exit_code == 2 and "choose a new folder" in result.output
    assert target.read_text() == "mine\n"


# --- the whole first hour, as the README tells it -----------------------------------------------


@pytest.mark.long
def test_the_first_hour_from_an_empty_folder_without_a_warning(here):
    """`mkdir journal && cd journal`, then the README's first day: init, run, a letter, a line
    added with #next while the daemon runs, the agenda picking it up; nothing on stderr that
    the person did not cause, and the daemon stopping cleanly."""
    from support.daemon import wait_for

    def vaultkit(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "-m", "vaultkit", *args],
            cwd=here,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert "warning" not in done.stderr.lower() and "Traceback" not in done.stderr, (
            args,
            done.stderr,
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    made = vaultkit("init").stdout
    assert "is a vault now" in made and "vaultkit watch" in made
    vaultkit("run")
    days = list((here / "Journal").glob("*.md"))
    assert len(days) == 1  # today's page
    letter = vaultkit("new", "letter").stdout.strip()
    assert letter.endswith("Letters/A letter I won't send.md"), letter
    watch = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "watch"],
        cwd=here,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        vaultkit("add", "the panic on the train #next")
        vaultkit("add", "-", stdin="slept badly again\n")
        agenda = here / "Next session.md"
        wait_for(
            lambda: "the panic on the train" in agenda.read_text("utf-8"),
            30,
            "the daemon to put the #next line on the agenda",
        )
    finally:
        watch.send_signal(signal.SIGTERM)
        _, err = watch.communicate(timeout=10)
    assert watch.returncode == 0, err
    assert "warning" not in err.lower() and "Traceback" not in err, err
    page = days[0].read_text("utf-8")
    assert "the panic on the train #next" in page and "slept badly again" in page


@pytest.mark.parametrize("given", ["argument", "stdin"])
def test_add_keeps_text_that_is_not_utf8(vault, given):
    args = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "add"]
    typed = b"caf\xe9 on the corner #next"
    if given == "argument":
        done = subprocess.run([*args, os.fsdecode(typed)], capture_output=True, check=False)
    else:
        done = subprocess.run([*args, "-"], input=typed + b"\n", capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    page = next(p for p in (vault / "Journal").glob("*.md") if p.name != "2026-11-20.md")
    assert "caf\ufffd on the corner #next" in page.read_text("utf-8")


def test_add_gives_the_line_back_whatever_goes_wrong(cli, vault, monkeypatch):
    import vaultkit.app.adding

    def broken(*args, **kwargs):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(vaultkit.app.adding, "append_when_quiet", broken)
    (vault / "Journal" / f"{dt.date.today().isoformat()}.md").write_text("already here\n")
    result = cli("--vault", str(vault), "add", "the words I typed")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the words I typed" in result.stderr and "not added" in result.stderr


def test_add_without_a_vault_gives_the_line_back(tmp_path, monkeypatch):
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    done = subprocess.run(
        [sys.executable, "-m", "vaultkit", "add", "-"],
        cwd=tmp_path,
        input="piped words\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "no vault found" in done.stderr
    assert "piped words" in done.stderr


def test_a_title_with_a_line_break_is_refused_in_one_line(cli, vault):
    result = cli("--vault", str(vault), "new", "letter", "To Mum\nand Dad")
    assert result.exit_code == 2 and "line break" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (vault / "Letters").exists()


@pytest.mark.parametrize(
    ("page", "closer"),
    [
        ("# p\n\n```\ncode never closed\n", "```"),
        ("~~~~ py\nx = 1", "~~~~"),
        ("$$\nx^2\n", "$$"),
        ("%% a comment\nstill in it\n", "%%"),
        ("> ```\n> quoted code\n", "> ```"),
    ],
)
def test_add_after_something_left_open_closes_it_first(page, closer):
    from vaultkit.app.adding import appended
    from vaultkit.text.markdown_scan import prose_lines

    new = appended(page.encode(), "- 09:00 the line #next\n").decode()
    assert new.startswith(page)  # every byte before kept
    assert new[len(page) :].lstrip("\n").startswith(closer)
    lines = new.splitlines()
    assert prose_lines(lines)[-1] == lines[-1] == "- 09:00 the line #next"


def test_init_where_nothing_can_be_written_is_one_line(cli, here, monkeypatch):
    import errno

    import vaultkit.store.writer

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(vaultkit.store.writer, "_create", read_only)
    result = cli("init")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "nothing could be written there" in lines[0], result.output
    assert "read-only file system" in lines[0]


def test_demo_in_a_folder_that_does_not_exist_says_so(cli, tmp_path):
    result = cli("--today", DAY, "demo", str(tmp_path / "nope" / "deeper" / "x"))
    assert result.exit_code == 2 and "does not exist" in result.output
    assert ".vaultkit-demo" not in result.output and not (tmp_path / "nope").exists()


def test_run_right_after_run_is_not_put_off_by_its_own_write(cli, vault):
    (vault / "vaultkit.toml").write_text("quiet_seconds = 60\n")
    age_tree(vault)
    first = cli("--vault", str(vault), "--today", DAY, "run")
    assert first.exit_code == 0, first.output
    source = vault / "Journal" / "2026-11-20.md"
    source.write_text("- [ ] ask about sleep #next\n- [ ] and the dream #next\n")
    os.utime(source, (time.time() - 3600,) * 2)  # the person's edit, long ago
    second = cli("--vault", str(vault), "--today", DAY, "run")
    assert second.exit_code == 0, second.output  # the agenda, written seconds ago by vaultkit
    assert "deferred" not in second.output and "s ago" not in second.output
    assert "and the dream" in (vault / "Next session.md").read_text()


def test_a_save_after_vaultkit_s_write_is_the_person_s_and_waited_for(cli, vault):
    (vault / "vaultkit.toml").write_text("quiet_seconds = 60\n")
    age_tree(vault)
    assert cli("--vault", str(vault), "--today", DAY, "run").exit_code == 0
    agenda = vault / "Next session.md"
    agenda.write_text(agenda.read_text().replace("- [ ] ask about sleep", "- [x] ask about sleep"))
    source = vault / "Journal" / "2026-11-20.md"
    source.write_text("- [ ] ask about sleep #next\n- [ ] and the dream #next\n")
    os.utime(source, (time.time() - 3600,) * 2)
    again = cli("--vault", str(vault), "--today", DAY, "run")
    assert again.exit_code == 1 and "deferred Next session.md" in again.output
