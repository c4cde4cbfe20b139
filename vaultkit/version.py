"""vaultkit's version, said by `vaultkit --version` and part of the note index's key (a new
release reads every note afresh). A module of its own, below every layer: the store names it
without importing the library API in vaultkit/__init__.py, which reaches up into the app."""

__version__ = "0.1.0"
