"""One daemon per vault: the lock in the cache folder, and where that folder is."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vaultkit.store.cache_dir import cache_root, vault_cache_dir
from vaultkit.store.lock import LockHeld, VaultLock


def test_cache_folder_is_outside_the_vault_and_one_per_vault(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    a, b = tmp_path / "one" / "Journal", tmp_path / "two" / "Journal"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    if sys.platform != "darwin":
        assert cache_root(env) == tmp_path / "xdg" / "vaultkit"
    assert vault_cache_dir(a, env) != vault_cache_dir(b, env)
    assert vault_cache_dir(a, env).name.startswith("journal-")
    assert vault_cache_dir(a, env) == vault_cache_dir(a, env)
    assert vault_cache_dir(a, {"VAULTKIT_CACHE_DIR": str(tmp_path / "c")}).parent == tmp_path / "c"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS keeps caches in ~/Library/Caches")
@pytest.mark.parametrize("xdg", ["cache", "./cache", ""])
def test_a_relative_xdg_cache_home_is_not_used(xdg):
    # Relative to wherever vaultkit started (maybe inside the vault): the spec says ignore it.
    assert cache_root({"XDG_CACHE_HOME": xdg}) == Path.home() / ".cache" / "vaultkit"


def test_a_symlinked_path_to_the_vault_shares_its_cache(tmp_path):
    vault = tmp_path / "Journal"
    vault.mkdir()
    (tmp_path / "link").symlink_to(vault)
    env = {"VAULTKIT_CACHE_DIR": str(tmp_path / "c")}
    assert vault_cache_dir(tmp_path / "link", env) == vault_cache_dir(vault, env)


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
