"""Templates are bounded in memory as well as time, and a template may not make a trigger line.

Each amplifier runs in a child process whose address space is capped at 1 GB, so a template
that gets past the bounds fails with MemoryError there instead of taking this machine's memory;
the child reports its own peak, which must stay under 300 MB."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from support.template_inputs import FORMATS, rich_agenda, template_variables
from support.vaults import age_tree
from vaultkit.facts.agenda import build_agenda
from vaultkit.render.placeholders import placeholder_function, translate_placeholders
from vaultkit.render.templates import (
    LAYOUTS,
    Template,
    TemplateProblem,
    TemplateSet,
    render,
)
from vaultkit.settings.config import Config
from vaultkit.store.resources import builtin_templates_dir
from vaultkit.text.moment import format_moment

PEAK_MB = 300
ADDRESS_SPACE = 1 << 30

CHILD = textwrap.dedent("""
    import datetime as dt, json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    from vaultkit.render.templates import Template, TemplateProblem, render

    text, extra = sys.argv[1], eval(sys.argv[2])
    now = dt.datetime(2026, 11, 22, 9, 5)
    context = {"title": "My note", "date": now.date(), "now": now, **extra}
    try:
        out = render(Template("t", "Templates/t.md", text), context,
                     date_formats={"date": "YYYY-MM-DD", "time": "HH:mm", "daily": "YYYY-MM-DD"})
        outcome = "rendered %d characters" % len(out)
    except TemplateProblem as exc:
        outcome = str(exc)
    except MemoryError:
        outcome = "MemoryError"
    # VmHWM is this process's own peak. ru_maxrss is not: Linux carries the peak of the
    # process that forked it across exec, so a big test run would count as the child's.
    try:
        with open("/proc/self/status") as status:
            peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1 << 20)  # macOS: bytes
    print(json.dumps({"outcome": outcome, "peak_mb": peak}))
""").replace("ADDRESS_SPACE", str(ADDRESS_SPACE))


def in_a_child(text: str, variables: str = "{}", timeout: float = 60) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, text, variables],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


BIG = "{'big': 'x' * 8_000_000}"

# Each builds (or would build) gigabytes in one call, or keeps building past what any note needs.
AMPLIFIERS = {
    # %-formatting: widths and precisions, also through `*` and keys
    "percent-width": ("{{ ('%5000000000s' % 'x')|length }}", "{}"),
    "percent-precision-float": ("{{ ('%.2000000000f' % 1.0)|length }}", "{}"),
    "percent-precision-int": ("{{ ('%.2000000000d' % 1)|length }}", "{}"),
    "percent-star-width": ("{{ ('%*s' % (5000000000, 'x'))|length }}", "{}"),
    "percent-key-width": ("{{ ('%(a)5000000000s' % {'a': 'x'})|length }}", "{}"),
    "percent-list-argument": ("{{ ('%s' % ([big] * 1000,))|length }}", BIG),
    "format-filter-width": ("{{ '%5000000000s'|format('x')|length }}", "{}"),
    "markup-percent-width": ("{{ (('%5000000000s'|safe) % 'x')|length }}", "{}"),
    # str.format / format_map: widths, precisions, nested widths, conversions, dates
    "format-width": ("{{ '{:>5000000000}'.format('x')|length }}", "{}"),
    "format-precision": ("{{ '{:.2000000000f}'.format(1.0)|length }}", "{}"),
    "format-nested-width": ("{{ '{:{w}}'.format('x', w=5000000000)|length }}", "{}"),
    "format-positional-width": ("{{ '{0:>{1}}'.format('x', 5000000000)|length }}", "{}"),
    "format-map-width": ("{{ '{a:>5000000000}'.format_map({'a': 'x'})|length }}", "{}"),
    "format-list-argument": ("{{ '{}'.format([big] * 1000)|length }}", BIG),
    "format-repr-conversion": ("{{ '{!r}'.format([big] * 1000)|length }}", BIG),
    "format-date-spec": ("{{ ('{:' ~ '%c' * 3999990 ~ '}').format(now)|length }}", "{}"),
    "markup-format-width": ("{{ ('{:>5000000000}'|safe).format('x')|length }}", "{}"),
    # str methods
    "center-method": ("{{ 'x'.center(5000000000)|length }}", "{}"),
    "ljust-method": ("{{ 'x'.ljust(5000000000)|length }}", "{}"),
    "rjust-method": ("{{ 'x'.rjust(5000000000)|length }}", "{}"),
    "zfill-method": ("{{ '1'.zfill(5000000000)|length }}", "{}"),
    "markup-center-method": ("{{ ('x'|safe).center(5000000000)|length }}", "{}"),
    "expandtabs-method": ("{{ ('\t' * 8000000).expandtabs(1000)|length }}", "{}"),
    "replace-method": ("{{ ('x' * 8000000).replace('x', 'x' * 600)|length }}", "{}"),
    "join-method": ("{{ ''.join([big] * 1000)|length }}", BIG),
    "translate-method": ("{{ ('x' * 8000000).translate({120: 'y' * 1000})|length }}", "{}"),
    "split-method": ("{{ ('ab,' * 2600000).split(',')|length }}", "{}"),
    "split-whitespace-method": ("{{ ('ab ' * 2600000).split()|length }}", "{}"),
    "strftime-method": ("{{ now.strftime('%c' * 4000000)|length }}", "{}"),
    "to-bytes-method": ("{{ (1).to_bytes(5000000000, 'big')|length }}", "{}"),
    "list-extend-doubling": (
        (
            "{% set l = ['x'] %}{% for i in range(40) %}{% set _ = l.extend(l) %}"
            "{% endfor %}{{ l|length }}"
        ),
        "{}",
    ),
    # Jinja's filters
    "replace-filter": ("{{ ('x' * 8000000)|replace('x', 'x' * 600)|length }}", "{}"),
    "center-filter": ("{{ 'x'|center(5000000000)|length }}", "{}"),
    "indent-width": ("{{ 'x'|indent(5000000000)|length }}", "{}"),
    "indent-string": ("{{ ('x\n' * 4000000)|indent('y' * 1000)|length }}", "{}"),
    "wordwrap-wrapstring": (
        "{{ ('x\n' * 100000)|wordwrap(5, wrapstring='y' * 100000)|length }}",
        "{}",
    ),
    "join-filter": ("{{ ([big] * 1000)|join|length }}", BIG),
    "join-filter-attribute": ("{{ ([{'a': big}] * 1000)|join(attribute='a')|length }}", BIG),
    "string-filter": ("{{ ([big] * 1000)|string|length }}", BIG),
    "tojson-filter": ("{{ ([big] * 1000)|tojson|length }}", BIG),
    "tojson-indent": ("{{ [[1]]|tojson(indent=5000000000)|length }}", "{}"),
    "pprint-filter": ("{{ ([big] * 1000)|pprint|length }}", BIG),
    "escape-filter": ("{{ ('\"' * 8000000)|e|length }}", "{}"),
    "escape-filter-list": ("{{ ([big] * 1000)|e|length }}", BIG),
    "safe-filter-list": ("{{ ([big] * 1000)|safe|length }}", BIG),
    "upper-filter-list": ("{{ ([big] * 1000)|upper|length }}", BIG),
    "xmlattr-filter": ("{{ {'a': [big] * 1000}|xmlattr|length }}", BIG),
    "urlize-target": ("{{ ('a.com ' * 1000000)|urlize(target='y' * 10000)|length }}", "{}"),
    "batch-fill": ("{{ ['x']|batch(1000000000, 'y')|list|length }}", "{}"),
    "slice-filter": ("{{ [1]|slice(1000000000)|list|length }}", "{}"),
    "sum-of-lists": ("{{ ([[0] * 100000] * 1000)|sum(start=[])|length }}", "{}"),
    "round-precision": ("{{ 5|round(-1000000000) }}", "{}"),
    "round-floor": ("{{ 5.0|round(1000000000, 'floor') }}", "{}"),
    "sort-a-text": ("{{ (c * 8000000)|sort|length }}", "{'c': '\\u0100'}"),
    "slice-a-text": ("{{ (c * 8000000)|slice(2)|list|length }}", "{'c': '\\u0100'}"),
    "groupby-a-text": ("{{ (c * 8000000)|groupby(0)|length }}", "{'c': '\\u0100'}"),
    "join-a-text": ("{{ ''.join(c * 4000000)|length }}", "{'c': '\\u0100'}"),
    "wordcount-words": ("{{ ('ab ' * 2600000)|wordcount }}", "{}"),
    "title-words": ("{{ ('ab ' * 2600000)|title|length }}", "{}"),
    "striptags-words": ("{{ ('ab ' * 2600000)|striptags|length }}", "{}"),
    "list-filter": ("{{ (c * 8000000)|list|length }}", "{'c': '\\u0100'}"),
    "map-filter-list": ("{{ ([big] * 1000)|map('upper')|list|length }}", BIG),
    "moment-filter": ("{{ now|moment('x' * 8000000)|length }}", "{}"),
    "lipsum": ("{{ lipsum(1, false, 100000000, 100000001)|length }}", "{}"),
    # operators, output and captured output
    "output-of-a-list": ("{{ [big] * 1000 }}", BIG),
    "concat-of-a-list": ("{{ (([big] * 1000) ~ '')|length }}", BIG),
    "concat-doubling": (
        (
            "{% set ns = namespace(s='x' * 1000000) %}{% for i in range(20) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
        ),
        "{}",
    ),
    "plus-doubling": (
        (
            "{% set ns = namespace(s='x' * 1000000) %}{% for i in range(20) %}"
            "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}"
        ),
        "{}",
    ),
    "squaring": (
        (
            "{% set ns = namespace(n=9 ** 64) %}{% for i in range(40) %}"
            "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n.bit_length() }}"
        ),
        "{}",
    ),
    "nested-power": ("{{ ((((9 ** 64) ** 64) ** 64) ** 64).bit_length() }}", "{}"),
    "macro-output": (
        (
            "{% macro m() %}{% for i in range(1000) %}{{ big }}{% endfor %}{% endmacro %}"
            "{{ m()|length }}"
        ),
        BIG,
    ),
    "block-set": (
        ("{% set x %}{% for i in range(1000) %}{{ big }}{% endfor %}{% endset %}{{ x|length }}"),
        BIG,
    ),
    "filter-block": (
        ("{% filter length %}{% for i in range(1000) %}{{ big }}{% endfor %}{% endfilter %}"),
        BIG,
    ),
    # many objects, each allowed on its own
    "kept-texts": (
        (
            "{% set l = [] %}{% for i in range(100000) %}"
            "{% set _ = l.append(('x' * 1000000) ~ i) %}{% endfor %}{{ l|length }}"
        ),
        "{}",
    ),
    "kept-slices": (
        (
            "{% set ns = namespace(v=none) %}{% for i in range(100000) %}"
            "{% set ns.v = [ns.v, big[i:]] %}{% endfor %}{{ 1 }}"
        ),
        "{'big': 'x' * 10**6}",
    ),
}


@pytest.mark.parametrize("text, variables", list(AMPLIFIERS.values()), ids=list(AMPLIFIERS))
def test_an_amplifier_is_refused_within_the_memory_bound(text, variables):
    found = in_a_child(text, variables)
    # Refused by a bound, not stopped by a failed allocation or the deadline.
    assert found["outcome"].startswith("Templates/t.md"), found
    assert "MemoryError" not in found["outcome"], found
    assert "still rendering" not in found["outcome"], found
    assert found["peak_mb"] < PEAK_MB, found


def test_a_refusal_names_the_template_and_line_and_what_was_refused():
    with pytest.raises(TemplateProblem) as caught:
        run("first line\n{{ 'x'.center(5000000000) }}\n")
    assert str(caught.value).startswith("Templates/t.md:2: ")
    assert "5000000000" in str(caught.value)


# --- ordinary templates render as before -----------------------------------------------------


def run(text: str, **variables) -> str:
    now = dt.datetime(2026, 11, 22, 9, 5)
    context = {"title": "My note", "date": now.date(), "now": now, **variables}
    return render(Template("t", "Templates/t.md", text), context, date_formats=FORMATS)


def unbounded(text: str, **variables) -> str:
    """What Jinja's own sandbox makes of a text, with the options vaultkit renders with."""
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["moment"] = format_moment
    return env.from_string(text).render(**variables)


ORDINARY = {
    '{{ "%.1f" | format(6.4) }}': "6.4",
    '{{ "%5s" % "x" }}': "    x",
    '{{ "{:>5}".format("x") }}': "    x",
    '{{ items | join(", ") }}': "a, b, c",
    '{{ "a b" | replace("a", "c") }}': "c b",
    '{{ "x" | center(20) }}': "         x          ",
    '{{ "%-6s|%06.2f|%x|%c|%r" % ("ab", 3.14159, 255, 65, "q") }}': "ab    |003.14|ff|A|'q'",
    '{{ "%(name)s is %(n)d" % {"name": "Sam", "n": 3} }}': "Sam is 3",
    '{{ "{0}-{1:03d}-{k!r}".format("a", 7, k="b") }}': "a-007-'b'",
    '{{ "{:{w}}|".format("x", w=4) }}': "x   |",
    '{{ "{:%Y-%m-%d}".format(now) }}': "2026-11-22",
    '{{ now.strftime("%A %d %B") }}': "Sunday 22 November",
    '{{ "ab" * 3 }}|{{ [1, 2] * 2 }}|{{ 6 * 7 }}|{{ 2 ** 10 }}': "ababab|[1, 2, 1, 2]|42|1024",
    '{{ "a" ~ 1 ~ [2] }}': "a1[2]",
    '{{ "Hello world"|wordwrap(5) }}': "Hello\nworld",
    '{{ "a\nb"|indent(2, first=true) }}': "  a\n  b",
    '{{ "one two three"|truncate(9, leeway=0) }}': "one...",
    '{{ "a b c"|wordcount }}': "3",
    '{{ "x".ljust(3) ~ "|" ~ "7".zfill(3) ~ "|" ~ "a\tb".expandtabs(4) }}': "x  |007|a   b",
    '{{ "a,b,,c".split(",") }}|{{ "a b".split() }}|{{ "a\nb".splitlines() }}': "['a', 'b', '', 'c']|['a', 'b']|['a', 'b']",
    '{{ items|map("upper")|list }}|{{ items|batch(2, "-")|list }}|{{ items|slice(2)|list }}': "['A', 'B', 'C']|[['a', 'b'], ['c', '-']]|[['a', 'b'], ['c']]",
    '{{ [1, 2, 3]|sum }}|{{ items|list|length }}|{{ items|tojson }}|{{ {"a": 1}|pprint }}': '6|3|["a", "b", "c"]|{\'a\': 1}',
    (
        '{{ "<b>"|e }}|{{ "https://a.com"|urlize }}|{{ {"id": "x"}|xmlattr }}'
        "|{{ 1500|filesizeformat }}"
    ): '&lt;b&gt;|<a href="https://a.com" rel="noopener">https://a.com</a>| id="x"|1.5 kB',
    "{% set l = [] %}{% set _ = l.append(1) %}{% set _ = l.extend([2, 3]) %}{{ l }}": "[1, 2, 3]",
    "{% macro m(x) %}<{{ x }}>{% endmacro %}{% set s %}{{ m(1) }}{{ m(2) }}{% endset %}{{ s }}": "<1><2>",
    "{% filter upper %}abc{% endfilter %}|{{ lipsum(1, false, 5, 6)|wordcount }}": "ABC|5",
    # A text built line by line, and a list item by item: what is dropped at once is not counted
    (
        '{% set ns = namespace(s="", l=[]) %}{% for i in range(3000) %}'
        '{% set ns.s = ns.s ~ "x" * 100 ~ "\n" %}{% set ns.l = ns.l + [i] %}{% endfor %}'
        "{{ ns.s|length }} {{ ns.l|length }}"
    ): "303000 3000",
    '{{ date | moment("dddd, MMMM Do YYYY") }}': "Sunday, November 22nd 2026",
    '{{ (9 ** 64) * (9 ** 64) > 0 }}|{{ "x"|string }}|{{ range(3)|list }}': "True|x|[0, 1, 2]",
}


@pytest.mark.parametrize("text, expected", list(ORDINARY.items()), ids=range(len(ORDINARY)))
def test_an_ordinary_template_renders_as_before(text, expected):
    now = dt.datetime(2026, 11, 22, 9, 5)
    variables = {"items": ["a", "b", "c"], "now": now, "date": now.date(), "title": "My note"}
    got = run(text, items=["a", "b", "c"])
    assert got == expected
    if "lipsum" not in text:
        assert got == unbounded(text, **variables)


@pytest.mark.parametrize("rich", [False, True], ids=["empty-agenda", "full-agenda"])
@pytest.mark.parametrize("name", sorted(p.stem for p in builtin_templates_dir().glob("*.md")))
def test_a_builtin_template_renders_as_before(name, rich):
    day = dt.date(2026, 11, 20)
    config = Config(schedule="weekly:thu", support=("My therapist: 555-0100",))
    agenda = rich_agenda(config, day) if rich else build_agenda([], Config(), day)
    template = TemplateSet(builtin_templates_dir(), {}).get(name)
    variables = template_variables(name, agenda, config, day)
    reference = unbounded(
        translate_placeholders(template.text),
        **variables,
        obsidian_placeholder=placeholder_function(variables["now"], FORMATS),
    )
    assert render(template, variables, date_formats=FORMATS) == reference


# --- trigger lines --------------------------------------------------------------------------


def problem(text: str, **variables) -> str:
    with pytest.raises(TemplateProblem) as caught:
        run(text, **variables)
    return str(caught.value)


def test_a_format_python_refuses_is_a_template_problem_not_a_crash():
    """Sizing a field must not fail where Python itself refuses the format: the person sees
    Python's words, as for any other template error."""
    assert problem("{{ '{:c}'.format(1.5) }}") == (
        "Templates/t.md:1: ValueError: Unknown format code 'c' for object of type 'float'"
    )


def test_output_holding_a_trigger_line_is_refused_at_the_line_that_made_it():
    assert problem('# Loop\n\n{{ "{{loop}}" }}\n') == (
        "Templates/t.md:3: its output contains a trigger line ({{loop}}); "
        "a template may not make a trigger"
    )
    assert problem("a\n{% raw %}\n  {{ letter }}\n{% endraw %}\n").startswith(
        "Templates/t.md:3: its output contains a trigger line ({{letter}})"
    )
    assert problem("{{ '{{' ~ 'ask' ~ '}}' }}\n").startswith("Templates/t.md:1: ")


def test_a_trigger_line_from_a_variable_names_the_output_line():
    message = problem("one\ntwo\n{{ prompt }}\n", prompt="{{daily}}")
    assert message == (
        "Templates/t.md:3: its output contains a trigger line ({{daily}}) at "
        "line 3 of the output; a template may not make a trigger"
    )


def test_obsidian_placeholders_and_text_around_braces_are_not_triggers():
    text = "{% raw %}{{title}}\n{{ Title }}\n{{Next-Session}}\n{% endraw %}x {{ '{{loop}}' }}\n"
    assert run(text) == "{{title}}\n{{ Title }}\n{{Next-Session}}\nx {{loop}}\n"


def test_only_the_layouts_vaultkit_never_scans_may_copy_a_trigger_line():
    """The agenda note and the brief copy a person's lines as they are (the brief whole entries),
    a trigger not yet expanded among them; tend never expands triggers in either."""
    now = dt.datetime(2026, 11, 22, 9, 5)
    context = {"title": "t", "date": now.date(), "now": now, "entry": "{{letter}}"}
    for name in ("next-session", "brief"):
        text = render(
            Template(name, f"templates/{name}.md", "{{ entry }}\n"), context, date_formats=FORMATS
        )
        assert text == "{{letter}}\n"
    with pytest.raises(TemplateProblem, match=r"weekly-review\.md:1: its output contains"):
        render(
            Template("weekly-review", "templates/weekly-review.md", "{{ entry }}\n"),
            context,
            date_formats=FORMATS,
        )


def test_no_builtin_template_makes_a_trigger():
    day = dt.date(2026, 11, 20)
    config = Config(schedule="weekly:thu", support=("My therapist: 555-0100",))
    templates = TemplateSet(builtin_templates_dir(), {})
    for name in sorted(templates.names()):
        out = render(
            templates.get(name),
            template_variables(name, rich_agenda(config, day), config, day),
            date_formats=FORMATS,
        )
        assert out and (name in LAYOUTS or out.startswith("---\n"))


def test_a_template_that_makes_its_own_trigger_leaves_the_daily_page_alone(tmp_path):
    vault = tmp_path / "v"
    daily = "Journal/2026-11-22.md"
    for rel, text in {
        "vaultkit.toml": "quiet_seconds = 0.5\n",
        "Templates/loop.md": '{{ "{{loop}}" }}\n',
        daily: "# Sunday\n\nWhat happened\n\n{{loop}}\n",
    }.items():
        (vault / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / rel).write_text(text, "utf-8")
    age_tree(vault)
    before = (vault / daily).read_bytes()
    for _ in range(2):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "vaultkit",
                "--vault",
                str(vault),
                "--today",
                "2026-11-22",
                "run",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=dict(os.environ),
            check=False,
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert (
            "Templates/loop.md:1: its output contains a trigger line ({{loop}})" in done.stderr
        ), done.stderr
        assert "Traceback" not in done.stderr
        assert (vault / daily).read_bytes() == before


# --- nothing is left unsized ----------------------------------------------------------------


def test_every_filter_is_still_there():
    from vaultkit.render.sandbox.environment import ENV as _ENV

    assert set(_ENV.filters) == set(jinja2.filters.FILTERS) | {"moment"}


def test_every_method_of_the_builtin_types_is_sized():
    """A method the bounds do not know is refused; every one there is now is known, so a new
    Python that adds one shows up here, not in someone's journal."""
    from vaultkit.render.sandbox.methods import methods_of

    for value in (
        "x",
        b"x",
        [1],
        (1,),
        {"a": 1},
        {1},
        frozenset({1}),
        1,
        1.5,
        True,
        range(2),
        dt.date(2026, 1, 1),
        dt.datetime(2026, 1, 1),
        dt.time(1),
        dt.timedelta(1),
        dt.UTC,
        {}.keys(),
        {}.values(),
        {}.items(),
    ):
        names = {n for n in dir(value) if not n.startswith("_") and callable(getattr(value, n))}
        missing = names - set(methods_of(value)) - {"format", "format_map"}  # wrap_str_format
        assert not missing, (type(value), missing)


def test_what_cannot_be_sized_is_refused():
    assert "is not available" in problem("{{ (items|map('upper')).send(none) }}", items=["a"])
    assert "cannot be sized" in problem("{{ '{:x<5}'.format(items) }}", items=["a"])
    assert "adds numbers only" in problem("{{ [[1]]|sum(start=[]) }}")


def test_the_child_really_is_capped():
    """The child process really is capped: an unbounded allocation there is a MemoryError."""
    script = CHILD.replace(
        "from vaultkit.render.templates import Template, TemplateProblem, render",
        "from vaultkit.render.templates import Template, TemplateProblem\n"
        "def render(*a, **k): return ' ' * 5_000_000_000",
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "", "{}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert json.loads(done.stdout.splitlines()[-1])["outcome"] == "MemoryError"
