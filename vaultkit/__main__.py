"""`python -m vaultkit` (what the service files run, so the service uses this very interpreter)
and the `vaultkit` command itself.

The command line is imported only when run: a helper process that reads notes on another core
(store/parallel_read.py) is spawned, and a spawned process runs the program's main module again
before any work; for the `vaultkit` script that is a file importing `run` from here, which then
costs nothing (importing the command line would cost each helper a fifth of its start)."""


def run() -> None:
    from vaultkit.cli import main

    main(prog_name="vaultkit")


if __name__ == "__main__":
    run()
