"""Start-up imports only what the command needs: `--help` does not load the template engine,
`run` does not load the file watcher (nor the YAML parser, for plain frontmatter); `import
vaultkit` loads only the library API."""

from __future__ import annotations

import json
import subprocess
import sys

from support.paths import EXAMPLE
from support.vaults import copy_vault

PROBE = """
import json, sys
from vaultkit.cli import main
try:
    main(sys.argv[1:], prog_name="vaultkit")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in ("jinja2", "watchdog", "frontmatter", "yaml") if m in sys.modules)),
      file=sys.stderr)
"""


def loaded(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_help_loads_no_template_engine_and_no_watcher():
    assert loaded("--help") == []


def test_run_loads_no_watcher(tmp_path):
    vault = copy_vault(EXAMPLE, tmp_path / "v")
    modules = loaded("--vault", str(vault), "--today", "2026-11-22", "run")
    assert "jinja2" in modules and "watchdog" not in modules
    # Every frontmatter of the example is the plain `key: value` kind: no YAML parser.
    assert "yaml" not in modules and "frontmatter" not in modules


def test_frontmatter_beyond_the_plain_kind_still_loads_the_yaml_parser(tmp_path):
    vault = copy_vault(EXAMPLE, tmp_path / "v")
    (vault / "Journal" / "2026-11-20 nested.md").write_text(
        "---\nplaces:\n  home: 1\n  work: 2\n---\nA day.\n", encoding="utf-8"
    )
    modules = loaded("--vault", str(vault), "--today", "2026-11-22", "run")
    assert "yaml" in modules


def test_import_vaultkit_loads_only_the_api_itself():
    # The library API imports each layer when a function is called: a script that only
    # wants `vaultkit.__version__` pays for nothing else.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, vaultkit; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('vaultkit'))))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(done.stdout) == ["vaultkit", "vaultkit.version"]


def test_the_script_imports_no_command_line_until_it_runs_and_a_ctrl_c_meanwhile_is_quiet(
    monkeypatch, capsys
):
    """The `vaultkit` script's module is what a spawned helper runs again before any work
    (store/parallel_read.py): importing it loads no command line. A Ctrl-C while the command
    line loads ends the command as one later does, without a traceback."""
    import builtins

    import pytest

    done = subprocess.run(
        [sys.executable, "-c", "import sys, vaultkit.__main__; print('click' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "False"

    from vaultkit.__main__ import run

    real_import = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "vaultkit.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as ended:
        run()
    assert ended.value.code == 1
    assert capsys.readouterr().err == "\nAborted!\n"
