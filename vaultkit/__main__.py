"""`python -m vaultkit`: what the service files run, so the service uses this very interpreter."""

from vaultkit.cli import main

if __name__ == "__main__":
    main(prog_name="vaultkit")
