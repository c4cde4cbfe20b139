"""The options every command shares (--vault, --today, -v/-q), and what a command gets from
them: the vault's folder, its settings, the vault read, and the lines it says."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultkit.app.vault_folder import from_environment, vault_root
from vaultkit.text.one_line import one_line

if TYPE_CHECKING:  # the commands import what they need, so `--help` starts at once
    from vaultkit.settings.config import Config
    from vaultkit.store.vault import Vault
    from vaultkit.store.walk import Walk


class Context:
    def __init__(
        self, vault_option: str | None = None, today: dt.date | None = None, verbosity: int = 0
    ):
        self.vault_option, self.today_option, self.verbosity = vault_option, today, verbosity
        self.lines_said = 0  # on stdout and stderr, by say and warn
        self._config: tuple[Path, Config] | None = None
        self._root: Path | None = None

    @property
    def today(self) -> dt.date:
        return self.today_option or dt.date.today()

    @property
    def now(self) -> dt.datetime | None:
        """The clock time for notes a person asks for by hand; pinned days have none."""
        return None if self.today_option else dt.datetime.now().replace(microsecond=0)

    def root(self) -> Path:
        """The vault's folder; Refused when there is none. Found once: a command works on one
        folder from its first step to its last, even should a nearer one become a vault
        meanwhile (a `.obsidian` made in the folder it was started from)."""
        if self._root is None:
            self._root = vault_root(self.vault_option, dict(os.environ), Path.cwd())
        return self._root

    def from_environment(self) -> bool:
        """Whether the vault comes from $VAULTKIT_VAULT (no --vault given)."""
        return from_environment(self.vault_option, dict(os.environ))

    def config(self, root: Path) -> Config:
        """The settings in force, their warnings said (once); a ConfigError when they are
        broken."""
        from vaultkit.settings.config import load_config

        if self._config is None or self._config[0] != root:
            config, warnings = load_config(root)
            for warning in warnings:
                self.warn(warning)
            self._config = (root, config)
        return self._config[1]

    def vault(self, walk: Walk | None = None) -> Vault:
        """The vault, read through its index (`walk`: see load_vault)."""
        from vaultkit.app.tend import open_vault

        root = self.root()
        return open_vault(root, self.config(root), progress=progress_bar, parallel=True, walk=walk)

    # Each says one line, whatever a file's name holds (one_line.py).
    def say(self, line: str) -> None:
        self.lines_said += 1
        if self.verbosity >= 0:
            click.echo(one_line(line))

    def warn(self, line: str) -> None:
        self.lines_said += 1
        click.echo(f"warning: {one_line(line)}", err=True)


# Reading fewer files than this is quick enough to need no progress bar.
PROGRESS_FROM = 1000


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr while a large vault is read, only when stderr is a terminal."""
    if total <= PROGRESS_FROM or not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label="Reading the vault", file=sys.stderr) as bar:
        yield lambda: bar.update(1)
