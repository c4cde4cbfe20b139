"""vaultkit: keeps a Markdown journal vault tended between therapy sessions."""

__version__ = "0.1.0"
