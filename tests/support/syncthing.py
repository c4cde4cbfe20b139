"""Two real Syncthing instances on 127.0.0.1 sharing one folder: two devices, one vault.

Each instance has its own home (config, keys, database). Discovery (global and local), relays,
NAT traversal, usage reporting, crash reporting, upgrades and the GUI are all off: each device
knows the other only by a fixed `tcp://127.0.0.1:PORT` address. Nothing here talks to the
REST API; whether the two copies agree is judged by reading the files.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import quoteattr

SYNCTHING = shutil.which("syncthing")
FOLDER_ID = "vault"
# Syncthing's own bookkeeping inside the shared folder.
MARKER = ".stfolder"
# vaultkit writes a dot temp file beside a note and renames it: never worth sending.
STIGNORE = "(?d).*.vaultkit-*.tmp\n"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _config_xml(
    me: str,
    my_name: str,
    peer: str,
    peer_name: str,
    folder: Path,
    listen: int,
    peer_port: int,
    watcher_delay: float,
) -> str:
    folder_attrs = (
        f'id="{FOLDER_ID}" label="vault" path={quoteattr(str(folder))} '
        f'type="sendreceive" rescanIntervalS="60" fsWatcherEnabled="true" '
        f'fsWatcherDelayS="{watcher_delay:g}" ignorePerms="false" autoNormalize="true"'
    )
    return f"""<configuration version="36">
    <folder {folder_attrs}>
        <filesystemType>basic</filesystemType>
        <device id="{me}" introducedBy=""></device>
        <device id="{peer}" introducedBy=""></device>
        <minDiskFree unit="%">0</minDiskFree>
        <order>oldestFirst</order>
        <markerName>{MARKER}</markerName>
        <maxConflicts>10</maxConflicts>
        <pullerPauseS>0</pullerPauseS>
    </folder>
    <device id="{me}" name="{my_name}" compression="metadata" introducer="false">
        <address>dynamic</address>
    </device>
    <device id="{peer}" name="{peer_name}" compression="metadata" introducer="false">
        <address>tcp://127.0.0.1:{peer_port}</address>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>
    <gui enabled="false" tls="false" debugging="false">
        <address>127.0.0.1:0</address>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{listen}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <stunKeepaliveStartS>0</stunKeepaliveStartS>
        <stunKeepaliveMinS>0</stunKeepaliveMinS>
        <stunServer></stunServer>
        <minHomeDiskFree unit="%">0</minHomeDiskFree>
        <setLowPriority>false</setLowPriority>
        <progressUpdateIntervalS>-1</progressUpdateIntervalS>
    </options>
</configuration>
"""


class Device:
    def __init__(self, name: str, home: Path, folder: Path):
        self.name, self.home, self.folder = name, home, folder
        self.port = free_port()
        self.log = home.parent / f"syncthing-{name}.log"
        self.process: subprocess.Popen | None = None
        self.device_id = ""

    def generate(self, env: dict[str, str]) -> None:
        subprocess.run(
            [SYNCTHING, "generate", "--home", str(self.home), "--no-default-folder"],
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
        out = subprocess.run(
            [SYNCTHING, "serve", "--home", str(self.home), "--device-id"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.device_id = out.stdout.strip()
        assert len(self.device_id) == 63, out.stdout

    def start(self, env: dict[str, str]) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    SYNCTHING,
                    "serve",
                    "--home",
                    str(self.home),
                    "--no-browser",
                    "--no-restart",
                    "--no-upgrade",
                    "--no-default-folder",
                    "--skip-port-probing",
                ],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log_text(self) -> str:
        try:
            return self.log.read_text("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)  # its own session: only what it started
        except ProcessLookupError:
            return
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(15)


class SyncthingPair:
    """Two devices, `a` and `b`, each syncing its own copy of the same folder with the other."""

    def __init__(self, work: Path, folder_a: Path, folder_b: Path, *, watcher_delay: float = 1):
        self.work = work
        self.a = Device("A", work / "st-a", folder_a)
        self.b = Device("B", work / "st-b", folder_b)
        self.watcher_delay = watcher_delay
        self.env = dict(
            os.environ,
            STNODEFAULTFOLDER="1",
            STNOUPGRADE="1",
            STNORESTART="1",
            HOME=str(work / "st-home"),
        )
        self.env.pop("STTRACE", None)

    @property
    def devices(self) -> tuple[Device, Device]:
        return self.a, self.b

    def start(self) -> None:
        for device in self.devices:
            device.generate(self.env)
        for me, peer in ((self.a, self.b), (self.b, self.a)):
            (me.home / "config.xml").write_text(
                _config_xml(
                    me.device_id,
                    me.name,
                    peer.device_id,
                    peer.name,
                    me.folder,
                    me.port,
                    peer.port,
                    self.watcher_delay,
                ),
                "utf-8",
            )
            (me.folder / MARKER).mkdir(exist_ok=True)
            (me.folder / ".stignore").write_text(STIGNORE, "utf-8")
        for device in self.devices:
            device.start(self.env)

    def stop(self) -> None:
        for device in self.devices:
            device.stop()

    def check_alive(self) -> None:
        for device in self.devices:
            if device.process is not None and device.process.poll() is not None:
                raise AssertionError(
                    f"syncthing {device.name} exited with "
                    f"{device.process.returncode}:\n{device.log_text()[-3000:]}"
                )

    def wait_connected(self, timeout: float = 60.0) -> None:
        """Both directions carry a file: a hidden probe written on each side shows up on the
        other (vaultkit never looks at dot-files). Then the probes are removed, on both."""
        deadline = time.monotonic() + timeout
        probes = []
        for source, target in ((self.a, self.b), (self.b, self.a)):
            name = f".probe-{source.name}"
            (source.folder / name).write_text(f"from {source.name}\n", "utf-8")
            probes.append((source, target, name))
        for source, target, name in probes:
            self._wait(
                lambda: (target.folder / name).is_file(),
                deadline,
                f"{name} to reach device {target.name}",
            )
        for source, target, name in probes:
            (source.folder / name).unlink()
        for source, target, name in probes:
            self._wait(
                lambda: not (target.folder / name).exists(),
                deadline,
                f"the removal of {name} to reach device {target.name}",
            )

    def _wait(self, condition: Callable[[], bool], deadline: float, what: str) -> None:
        while not condition():
            self.check_alive()
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out waiting for {what}\n"
                    f"--- syncthing A ---\n{self.a.log_text()[-3000:]}\n"
                    f"--- syncthing B ---\n{self.b.log_text()[-3000:]}"
                )
            time.sleep(0.05)


def is_sync_bookkeeping(rel: str) -> bool:
    """Syncthing's own files in the folder: the marker, .stignore, its temp files, versions."""
    first = rel.split("/", 1)[0]
    name = rel.rsplit("/", 1)[-1]
    return (
        first in (MARKER, ".stversions")
        or rel == ".stignore"
        or (name.startswith(".syncthing.") and name.endswith(".tmp"))
    )


def conflict_copies(root: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        for name in files + dirs:
            if ".sync-conflict-" in name:
                found.append(Path(folder, name).relative_to(root).as_posix())
    return sorted(found)


def content(root: Path) -> dict[str, bytes]:
    """Every file except Syncthing's bookkeeping and vaultkit's in-flight temp files."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [
            d for d in dirs if not is_sync_bookkeeping(Path(folder, d).relative_to(root).as_posix())
        ]
        for name in files:
            rel = Path(folder, name).relative_to(root).as_posix()
            if is_sync_bookkeeping(rel) or (name.startswith(".") and ".vaultkit-" in name):
                continue
            try:
                found[rel] = Path(folder, name).read_bytes()
            except FileNotFoundError:  # renamed away while we walked
                found[rel] = b"<vanished>"
    return found
