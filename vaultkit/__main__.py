"""`python -m vaultkit` (what the service files run, so the service uses this very interpreter)
and the `vaultkit` command itself.

The command line is imported only when run: a helper process that reads notes on another core
(store/parallel_read.py) is spawned, and a spawned process runs the program's main module again
before any work; for the `vaultkit` script that is a file importing `run` from here, which then
costs nothing (importing the command line would cost each helper a fifth of its start)."""

import sys


def run() -> None:
    try:
        from vaultkit.cli import main
    except KeyboardInterrupt:
        # Ctrl-C while the command line loads: ended as the command line ends one, not with
        # a traceback through the imports.
        print("\nAborted!", file=sys.stderr)
        sys.exit(1)
    main(prog_name="vaultkit")


if __name__ == "__main__":
    run()
