"""`vaultkit service install|uninstall`: the login service that runs `vaultkit watch`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultkit.app.command_errors import Refused
from vaultkit.cli.context import Context
from vaultkit.cli.exits import Ending, end
from vaultkit.cli.options import Group

if TYPE_CHECKING:
    from vaultkit.watch.service import ServiceFile


@click.group(cls=Group)
def service() -> None:
    """Write (or remove) a login service that runs `vaultkit watch` for this vault.

    A systemd user unit on Linux, a launchd agent on macOS. It never enables,
    starts or stops anything itself: it prints the one command that does.

    \b
    Example:
      vaultkit service install
    """


def _service_file(context: Context, platform: str | None) -> ServiceFile:
    from vaultkit.watch.service import ServiceError, config_home, service_file

    home = Path.home()
    root = context.root().resolve()
    try:
        # sys.executable, not a `vaultkit` on PATH: the service runs this very installation.
        return service_file(
            root,
            sys.executable,
            platform or sys.platform,
            home,
            config_home(),
        )
    except ServiceError as exc:
        raise Refused(str(exc)) from exc


_platform_option = click.option(
    "--platform",
    type=click.Choice(["linux", "darwin"]),
    hidden=True,
    help="Write for this platform (for tests).",
)


@service.command("install")
@_platform_option
@click.pass_obj
def service_install(context: Context, platform: str | None) -> None:
    """Write the service file for this vault and print the command that enables it.

    Running it again rewrites the file only when it would change.

    \b
    Example:
      vaultkit service install
    """
    from vaultkit.store.outside_writer import InsideVault
    from vaultkit.watch.service import install

    sf = _service_file(context, platform)
    try:
        outcome = install(sf, vault=context.root())
    except InsideVault:
        raise Refused(
            f"{sf.path}: inside the vault; a service file is written only outside it"
        ) from None
    click.echo(f"{outcome.capitalize()}: {sf.path}")
    if outcome == "updated":
        click.echo(f"To run it with the new file, now and at every login, run:\n  {sf.restart}")
    elif outcome == "unchanged":
        click.echo(
            f"If it is not running yet, start it now and at every login with:\n  {sf.enable}"
        )
    else:
        click.echo(f"To start it now and at every login, run:\n  {sf.enable}")


@service.command("uninstall")
@_platform_option
@click.pass_obj
def service_uninstall(context: Context, platform: str | None) -> None:
    """Remove this vault's service file; refuses while it is still enabled.

    \b
    Example:
      vaultkit service uninstall
    """
    from vaultkit.store.writer import reason_of
    from vaultkit.watch.service import ServiceError, uninstall

    sf = _service_file(context, platform)
    try:
        then = uninstall(sf)
    except ServiceError as exc:
        raise Refused(str(exc)) from exc
    except OSError as exc:
        end(Ending.TROUBLE, f"{sf.path}: cannot remove: {reason_of(exc)}")
    if then is None:
        click.echo(f"Not installed: there is no {sf.path}")
    else:
        click.echo(f"Removed: {sf.path}\nTo finish, run:\n  {then}")
