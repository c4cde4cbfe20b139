"""One daemon per vault: the lock in the cache folder, and where that folder is."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vaultkit.store.cache_dir import cache_root, vault_cache_dir
from vaultkit.store.lock import LockHeld, VaultLock
from vaultkit.store.vault_name import vault_name


def test_cache_folder_is_outside_the_vault_and_one_per_vault(tmp_path, monkeypatch):
    monkeypatch.delenv("VAULTKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    a, b = tmp_path / "one" / "Journal", tmp_path / "two" / "Journal"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    if sys.platform != "darwin":
        assert cache_root() == tmp_path / "xdg" / "vaultkit"
    assert vault_cache_dir(a) != vault_cache_dir(b)
    assert vault_cache_dir(a).name.startswith("journal-")
    assert vault_cache_dir(a) == vault_cache_dir(a)
    # One name per vault, the cache folder's and the login service's alike.
    assert vault_cache_dir(a).name == vault_name(a)
    monkeypatch.setenv("VAULTKIT_CACHE_DIR", str(tmp_path / "c"))
    assert vault_cache_dir(a).parent == tmp_path / "c"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS keeps caches in ~/Library/Caches")
@pytest.mark.parametrize("xdg", ["cache", "./cache", ""])
def test_a_relative_xdg_cache_home_is_not_used(xdg, monkeypatch):
    # Relative to wherever vaultkit started (maybe inside the vault): the spec says ignore it.
    monkeypatch.delenv("VAULTKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_root() == Path.home() / ".cache" / "vaultkit"


def test_a_symlinked_path_to_the_vault_shares_its_cache(tmp_path):
    vault = tmp_path / "Journal"
    vault.mkdir()
    (tmp_path / "link").symlink_to(vault)
    assert vault_cache_dir(tmp_path / "link") == vault_cache_dir(vault)


def test_a_second_lock_says_who_holds_it(tmp_path):
    first = VaultLock(tmp_path)
    first.acquire()
    with pytest.raises(LockHeld) as held:
        VaultLock(tmp_path).acquire()
    assert held.value.pid == str(os.getpid())
    assert f"process {os.getpid()}" in str(held.value) and str(tmp_path) in str(held.value)
    first.release()
    with VaultLock(tmp_path):  # free again once released
        pass


def test_a_lock_dies_with_its_process(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from vaultkit.store.lock import VaultLock; VaultLock(Path(sys.argv[1])).acquire(); "
            "print('held', flush=True); time.sleep(60)",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld) as held:
            VaultLock(tmp_path).acquire()
        assert held.value.pid == str(holder.pid)
    finally:
        holder.kill()
        holder.wait()
    with VaultLock(Path(tmp_path)):  # a killed holder leaves no stale lock
        pass
