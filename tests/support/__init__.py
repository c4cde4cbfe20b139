"""Helpers the tests share: vaults on disk, a running daemon, a Syncthing pair, Chromium.

Fixtures stay in tests/conftest.py; everything a test imports by name lives here."""
