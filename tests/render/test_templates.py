"""Templates: Obsidian's placeholders, Jinja2 in its sandbox, finding templates and prompts."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

import jinja2
import pytest

import vaultkit.render.sandbox.limits
from support.template_inputs import BUILTINS, FORMATS, rich_agenda, template_variables
from vaultkit.facts.agenda import build_agenda
from vaultkit.render.placeholders import translate_placeholders
from vaultkit.render.sandbox.bounds import MAX_OUTPUT_CHARS
from vaultkit.render.templates import (
    LAYOUTS,
    RENDER_SECONDS,
    Template,
    TemplateProblem,
    TemplateSet,
    choose_prompt,
    render,
)
from vaultkit.settings.config import Config
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.text.expansion import strip_frontmatter

SUNDAY = dt.date(2026, 11, 22)


def run(
    text: str,
    *,
    now: dt.datetime = dt.datetime(2026, 11, 22, 9, 5),
    formats: dict[str, str] = FORMATS,
    origin: str = "Templates/t.md",
    **variables,
) -> str:
    context = {"title": "My note", "date": now.date(), "now": now, **variables}
    return render(Template("t", origin, text), context, date_formats=formats)


def problem(text: str, **variables) -> str:
    with pytest.raises(TemplateProblem) as caught:
        run(text, **variables)
    return str(caught.value)


# --- Obsidian placeholders ------------------------------------------------------------------


def test_title_date_and_time():
    assert run("{{title}} | {{date}} | {{time}}") == "My note | 2026-11-22 | 09:05"


def test_date_and_time_use_the_configured_formats():
    formats = {"date": "DD.MM.YYYY", "time": "h:mm A", "daily": "YYYY-MM-DD"}
    assert run("{{date}} {{time}}", formats=formats) == "22.11.2026 9:05 AM"


def test_date_with_format():
    assert run("{{date:dddd, MMMM Do YYYY}}") == "Sunday, November 22nd 2026"


def test_placeholders_allow_spaces_and_any_case():
    assert run("{{ date : YYYY }} {{DATE:MM}} {{ time }}") == "2026 11 09:05"


def test_date_with_literal_in_brackets():
    assert run("{{date:[Week] WW, YYYY}}") == "Week 47, 2026"


@pytest.mark.parametrize(
    "placeholder, expected",
    [
        ("{{date+1d:YYYY-MM-DD}}", "2026-11-23"),
        ("{{date-1d:YYYY-MM-DD}}", "2026-11-21"),
        ("{{date-1w:YYYY-MM-DD}}", "2026-11-15"),
        ("{{date+2w:YYYY-MM-DD}}", "2026-12-06"),
        ("{{date+1M:YYYY-MM-DD}}", "2026-12-22"),
        ("{{date+2M:YYYY-MM-DD}}", "2027-01-22"),
        ("{{date-1y:YYYY-MM-DD}}", "2025-11-22"),
        ("{{time+2h:HH:mm}}", "11:05"),
        ("{{time-10m:HH:mm}}", "08:55"),
        ("{{date+1d}}", "2026-11-23"),
    ],
)
def test_date_offsets(placeholder, expected):
    assert run(placeholder) == expected


@pytest.mark.parametrize(
    "now, placeholder, expected",
    [
        (dt.datetime(2026, 1, 31), "{{date+1M:YYYY-MM-DD}}", "2026-02-28"),
        (dt.datetime(2028, 1, 31), "{{date+1M:YYYY-MM-DD}}", "2028-02-29"),
        (dt.datetime(2026, 3, 31), "{{date-1M:YYYY-MM-DD}}", "2026-02-28"),
        (dt.datetime(2026, 12, 31), "{{date+1M:YYYY-MM-DD}}", "2027-01-31"),
        (dt.datetime(2028, 2, 29), "{{date+1y:YYYY-MM-DD}}", "2029-02-28"),
        (dt.datetime(2026, 3, 31), "{{date-13M:YYYY-MM-DD}}", "2025-02-28"),
    ],
)
def test_month_and_year_offsets_clamp_to_month_end(now, placeholder, expected):
    assert run(placeholder, now=now) == expected


def test_yesterday_and_tomorrow_use_the_daily_format():
    formats = {"date": "DD/MM", "time": "HH:mm", "daily": "YYYY/MM/YYYY-MM-DD"}
    assert (
        run("{{yesterday}} {{ tomorrow }}", formats=formats)
        == "2026/11/2026-11-21 2026/11/2026-11-23"
    )


def test_yesterday_across_a_year_boundary():
    assert run("{{yesterday}}", now=dt.datetime(2027, 1, 1)) == "2026-12-31"


def test_moment_filter():
    assert run('{{ date | moment("ddd D MMM") }} {{ now | moment("HH:mm") }}') == "Sun 22 Nov 09:05"


def test_translate_keeps_every_line_in_place():
    text = "a {{date:YYYY}}\n{{title}}\n{{ tomorrow }}\n{{date+1w:MMM\n}}"
    out = translate_placeholders(text)
    assert out.count("\n") == text.count("\n")
    assert out.splitlines()[1] == "{{title}}"
    assert "obsidian_placeholder" in out.splitlines()[0]


def test_format_with_quotes_and_unicode_survives_translation():
    assert run('{{date:[«]YYYY["]}}') == '«2026"'


# --- errors name the template's line --------------------------------------------------------


def test_missing_variable_names_origin_and_line():
    text = "---\ndate: {{date}}\n---\n\nHello {{ nobody }}\n"
    assert problem(text) == "Templates/t.md:5: 'nobody' is undefined"


def test_missing_variable_in_a_loop_names_its_line():
    text = "a\n{% for i in [1, 2] %}\n{{ i }}\n{{ missing }}\n{% endfor %}\n"
    assert problem(text).startswith("Templates/t.md:4: ")


def test_missing_attribute_names_its_line():
    text = "a\n{% if title %}\n\n{{ agenda.nothing }}\n{% endif %}\n"
    assert problem(text, agenda={}).startswith("Templates/t.md:4: ")


def test_syntax_error_names_its_line():
    assert problem("line one\n{{date:YYYY}}\n{% if %}\n").startswith("Templates/t.md:3: ")


def test_unknown_filter_names_its_line():
    assert problem("x\n{{ title | shout }}\n") == "Templates/t.md:2: No filter named 'shout'."


def test_python_error_in_template_names_its_line():
    assert problem("a\nb\n{{ 1 / 0 }}\n").startswith("Templates/t.md:3: ZeroDivisionError")


def test_include_is_refused():
    assert problem("{% include '/etc/passwd' %}").startswith("Templates/t.md:")


def test_recursive_macro_is_a_template_problem():
    text = "{% macro again() %}{{ again() }}{% endmacro %}\n{{ again() }}\n"
    with pytest.raises(TemplateProblem):
        run(text)


# --- the sandbox ----------------------------------------------------------------------------


def popen_payload(marker: Path) -> str:
    return "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"


SUBCLASS_PAYLOAD = (
    "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
    "{% if c.__name__ == 'catch_warnings' %}"
    "{{ c()._module.__builtins__['open'](marker, 'w').write('pwned') }}"
    "{% endif %}{% endfor %}"
)


def test_payloads_would_escape_an_unsandboxed_environment(tmp_path):
    # The control: these payloads are real, so the sandbox tests below can fail.
    first, second = tmp_path / "popen", tmp_path / "subclass"
    jinja2.Environment().from_string(popen_payload(first)).render()
    jinja2.Environment().from_string(SUBCLASS_PAYLOAD).render(marker=str(second))
    assert first.exists() and second.exists()


def test_sandbox_blocks_globals_escape(tmp_path):
    marker = tmp_path / "popen"
    message = problem(popen_payload(marker))
    assert message.startswith("Templates/t.md:1: ")
    assert "unsafe" in message
    assert not marker.exists()


def test_sandbox_blocks_subclasses_escape(tmp_path):
    marker = tmp_path / "subclass"
    assert "unsafe" in problem(SUBCLASS_PAYLOAD, marker=str(marker))
    assert not marker.exists()


def test_sandbox_blocks_plain_subclasses_listing():
    assert "unsafe" in problem("{{ ''.__class__.__mro__[1].__subclasses__() }}")


def test_output_over_the_limit_is_refused_as_it_grows():
    message = problem("{% for i in range(100) %}{{ 'x' * 100000 }}{% endfor %}")
    assert message == f"Templates/t.md: output is larger than {MAX_OUTPUT_CHARS} characters"


def test_one_huge_repetition_is_refused_before_it_is_made():
    message = problem("{{ 'x' * (limit + 1) }}", limit=MAX_OUTPUT_CHARS)
    assert message == f"Templates/t.md:1: a repetition of more than {MAX_OUTPUT_CHARS} items"
    assert "repetition" in problem("{{ [1] * 10**10 }}")
    assert run("{{ 'ab' * 3 }}|{{ 3 * 'c' }}|{{ 6 * 7 }}") == "ababab|ccc|42"


def test_a_huge_power_is_refused():
    assert "exponent" in problem("{{ 9 ** 999999 }}")
    assert "exponent" in problem("{{ n ** n }}", n=10**6)
    assert run("{{ 2 ** 10 }}|{{ 1 ** 100000 }}") == "1024|1"


@pytest.mark.parametrize(
    "loop",
    [
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% set x = i * j %}{% endfor %}"
        "{% endfor %}",
    ],
    ids=["empty", "busy"],
)
@pytest.mark.parametrize("watch", ["watched", "traced"])
def test_a_template_that_does_not_end_is_stopped(loop, watch, monkeypatch):
    if watch == "traced":  # an interpreter that cannot raise in another thread
        monkeypatch.setattr(vaultkit.render.sandbox.limits, "_raiser", lambda: None)
    started = time.monotonic()
    message = problem(loop)
    took = time.monotonic() - started
    assert message == (
        f"Templates/t.md: still rendering after {RENDER_SECONDS:g} s; stopped "
        "(a loop that does not end?)"
    )
    assert took < RENDER_SECONDS + 3  # cut off within a few seconds, not hours


def test_the_time_limit_leaves_no_trace_behind():
    before = sys.gettrace()
    run("{{ 1 }}")
    problem("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    assert sys.gettrace() is before  # a debugger's or coverage's tracer is put back


def test_huge_range_is_refused():
    assert "Range too big" in problem("{% for i in range(10000000) %}{% endfor %}")


def test_output_at_the_limit_renders():
    assert len(run("{{ 'x' * limit }}", limit=MAX_OUTPUT_CHARS)) == MAX_OUTPUT_CHARS


def test_trailing_newline_is_kept():
    assert run("a\n") == "a\n"


# --- finding templates ----------------------------------------------------------------------


@pytest.fixture
def builtin(tmp_path) -> Path:
    folder = tmp_path / "builtin"
    (folder / "prompts").mkdir(parents=True)
    (folder / "daily.md").write_text("built-in daily\n")
    (folder / "unsent-letter.md").write_text("built-in letter\n")
    (folder / "prompts" / "daily.md").write_text(
        "Some intro line.\n\n- first?\n- second?\n* third?\nnot an item\n  + fourth?\n"
    )
    return folder


def test_user_template_overrides_builtin(builtin):
    templates = TemplateSet(builtin, {"daily": ("Templates/daily.md", "mine\n")})
    template = templates.get("daily")
    assert (template.text, template.origin) == ("mine\n", "Templates/daily.md")
    assert templates.get("unsent-letter").text == "built-in letter\n"
    assert templates.get("unsent-letter").origin == "templates/unsent-letter.md"


def test_names_include_user_and_builtin(builtin):
    templates = TemplateSet(builtin, {"weekly": ("Templates/weekly.md", "")})
    assert templates.names() == {"daily", "unsent-letter", "weekly"}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("letter", "unsent-letter"),
        ("Letter", "unsent-letter"),
        ("unsent-letter", "unsent-letter"),
        ("daily", "daily"),
        (" daily ", "daily"),
        ("thought", None),  # an alias whose template does not exist here
        ("nothing", None),
    ],
)
def test_resolve_through_aliases(builtin, name, expected):
    assert TemplateSet(builtin, {}).resolve(name) == expected


def test_user_template_with_an_alias_name_wins_over_the_alias(builtin):
    templates = TemplateSet(builtin, {"letter": ("Templates/letter.md", "my letter")})
    assert templates.resolve("letter") == "letter"


def test_real_aliases_resolve_against_builtins():
    templates = TemplateSet(builtin_templates_dir(), {})
    assert templates.resolve("letter") == "unsent-letter"
    assert templates.resolve("thought") == "thought-record"
    assert templates.resolve("session") == "session-reflection"
    assert templates.resolve("emotions") == "emotion-log"


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every Path.read_text from now on, by path."""
    reads: list[Path] = []
    read_text = Path.read_text

    def counted(self: Path, *args, **kwargs) -> str:
        reads.append(self)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counted)
    return reads


def _stamp(path: Path, text: str, seconds: int) -> None:
    path.write_text(text)
    os.utime(path, ns=(seconds * 10**9, seconds * 10**9))


def test_a_template_is_read_once_and_again_only_after_it_changed(builtin, monkeypatch):
    """The daemon keeps one TemplateSet for hours: renders read the file once, and an edit made
    while it runs is still picked up (a new mtime, or the same mtime with a new size)."""
    daily = builtin / "daily.md"
    _stamp(daily, "first {{ now.day }}\n", 1_700_000_000)
    reads = _count_reads(monkeypatch)
    templates = TemplateSet(builtin, {})
    now = dt.datetime(2026, 11, 22, 9, 0)
    for _ in range(5):
        assert render(templates.get("daily"), {"now": now}, date_formats=FORMATS) == "first 22\n"
    assert reads == [daily]

    _stamp(daily, "other {{ now.day }}\n", 1_700_000_100)  # same size, new mtime
    for _ in range(3):
        assert render(templates.get("daily"), {"now": now}, date_formats=FORMATS) == "other 22\n"
    assert reads == [daily, daily]

    _stamp(daily, "longer {{ now.day }}\n", 1_700_000_100)  # same mtime, new size
    assert templates.get("daily").text == "longer {{ now.day }}\n"
    assert templates.get("daily").text == "longer {{ now.day }}\n"
    assert reads == [daily, daily, daily]


def test_prompts_are_read_once_until_they_change(builtin, monkeypatch):
    prompts = builtin / "prompts" / "daily.md"
    reads = _count_reads(monkeypatch)
    templates = TemplateSet(builtin, {})
    for _ in range(3):
        assert templates.prompts("daily") == ["first?", "second?", "third?", "fourth?"]
        assert templates.text("prompts/daily").startswith("Some intro line.")
    assert reads == [prompts]
    _stamp(prompts, "- only?\n", 1_700_000_000)
    assert templates.prompts("daily") == ["only?"]
    assert reads == [prompts, prompts]


def test_prompts_are_the_list_items(builtin):
    assert TemplateSet(builtin, {}).prompts("daily") == ["first?", "second?", "third?", "fourth?"]


def test_user_prompts_override_builtin(builtin):
    templates = TemplateSet(builtin, {"prompts/daily": ("Templates/prompts/daily.md", "- mine\n")})
    assert templates.prompts("daily") == ["mine"]


def test_no_prompts_file_means_no_prompts(builtin):
    assert TemplateSet(builtin, {}).prompts("unsent-letter") == []


def test_choose_prompt_is_deterministic_by_date():
    prompts = ["a", "b", "c"]
    assert choose_prompt(prompts, SUNDAY) == choose_prompt(list(prompts), SUNDAY)


def test_choose_prompt_walks_the_list_day_by_day():
    prompts = ["a", "b", "c", "d", "e"]
    chosen = [choose_prompt(prompts, SUNDAY + dt.timedelta(days=n)) for n in range(10)]
    start = prompts.index(chosen[0])
    assert chosen == [prompts[(start + n) % 5] for n in range(10)]


def test_choose_prompt_without_prompts_is_empty():
    assert choose_prompt([], SUNDAY) == ""


def test_strip_frontmatter():
    assert strip_frontmatter("---\ntype: letter\n---\n\n# To you\n") == "# To you\n"
    assert strip_frontmatter("---\r\na: 1\r\n---\r\n\r\nbody\r\n") == "body\r\n"
    assert strip_frontmatter("# no frontmatter\n---\n") == "# no frontmatter\n---\n"


# --- every built-in template ----------------------------------------------------------------


def test_the_documented_builtins_exist():
    assert set(BUILTINS) >= {
        "daily",
        "free-writing",
        "unsent-letter",
        "emotion-log",
        "thought-record",
        "session-reflection",
        "dream",
        "next-session",
    }


@pytest.mark.parametrize("rich", [False, True], ids=["empty-agenda", "full-agenda"])
@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_template_renders_strictly(name, rich):
    day = dt.date(2026, 11, 20)
    config = Config(schedule="weekly:thu", support=("My therapist: 555-0100",))
    agenda = rich_agenda(config, day) if rich else build_agenda([], Config(), day)
    templates = TemplateSet(builtin_templates_dir(), {})
    variables = template_variables(name, agenda, config, day)
    out = render(templates.get(name), variables, date_formats=FORMATS)
    assert "{{" not in out and "{%" not in out and "{#" not in out
    assert out.endswith("\n")
    assert out == render(templates.get(name), variables, date_formats=FORMATS)  # deterministic
    if name not in LAYOUTS:
        assert out.startswith("---\n") and "\ndate: 2026-11-20\n" in out


def test_next_session_template_shows_every_section():
    day = dt.date(2026, 11, 20)
    config = Config(schedule="weekly:thu", support=("My therapist: 555-0100",))
    agenda = rich_agenda(config, day)
    templates = TemplateSet(builtin_templates_dir(), {})
    out = render(
        templates.get("next-session"),
        template_variables("next-session", agenda, config, day),
        date_formats=FORMATS,
    )
    assert out.startswith("# Next session: Thursday, November 26th\n")
    for expected in (
        "## Bring up first\n\n- [ ] the panic — [[2026-11-14]]\n",
        "### Saturday, November 14th\n\n- [x] email Sam #work — [[2026-11-14]]\n",
        "## Threads from last session\n\n- walk daily\n",
        "## Still open from earlier\n\n- [ ] old task — [[2026-11-01]]\n",
        "- #work — on 2 days: [[2026-11-14]], [[2026-11-16]]\n",
        "▅▆ — 6, 8\n\n6 to 8 (1–10), on 2 days; last time 3, on 1 day.",
        "> - My therapist: 555-0100\n",
    ):
        assert expected in out


def test_session_reflection_snapshots_the_agenda():
    day = dt.date(2026, 11, 20)
    config = Config()
    agenda = rich_agenda(config, day)
    templates = TemplateSet(builtin_templates_dir(), {})
    out = render(
        templates.get("session-reflection"),
        template_variables("session-reflection", agenda, config, day),
        date_formats=FORMATS,
    )
    snapshot = out.split("## The agenda I brought", 1)[1]
    assert "- [ ] the panic — [[2026-11-14]]\n" in snapshot
    assert "- [x] email Sam #work — [[2026-11-14]]\n" in snapshot
    assert "- [ ] old task — [[2026-11-01]]\n" in snapshot
    assert out.startswith("---\ntype: session\ndate: 2026-11-20\n---\n")


def test_daily_template_lists_threads_and_prompt():
    day = dt.date(2026, 11, 20)
    config = Config()
    agenda = rich_agenda(config, day)
    templates = TemplateSet(builtin_templates_dir(), {})
    variables = template_variables("daily", agenda, config, day)
    out = render(templates.get("daily"), variables, date_formats=FORMATS)
    assert "## Threads from last session\n\n- walk daily\n" in out
    assert variables["prompt"] and f"> {variables['prompt']}\n" in out


def test_weekly_review_template_shows_the_week():
    config = Config()
    day = dt.date(2026, 11, 20)
    agenda = rich_agenda(config, day)
    templates = TemplateSet(builtin_templates_dir(), {})
    out = render(
        templates.get("weekly-review"),
        template_variables("weekly-review", agenda, config, day),
        date_formats=FORMATS,
    )
    assert out.startswith("# Week 46 of 2026: November 9th to November 15th\n")
    for expected in (
        "You wrote on Saturday and Sunday: [[2026-11-14]], [[2026-11-15]].\n",
        "▅ — 6\n\n6 (1–10), on 1 day.",
        "sad on 1 day (40)",
        "![[Reviews/Charts/2026-W46.svg]]\n",
        "- #work — on 2 days: [[2026-11-14]], [[2026-11-15]]\n",
        "- thought records: 1; how strong it felt: 70 → 40\n",
    ):
        assert expected in out, expected
