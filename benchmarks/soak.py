"""Soak: the daemon under thousands of random edits for minutes; does it leak or lose anything?

    .venv/bin/python benchmarks/soak.py                       # 10,000 edits over 10 minutes
    .venv/bin/python benchmarks/soak.py --edits 500 --minutes 0.5

A generated vault (1,000 notes) is tended by `vaultkit watch` while a seeded writer edits 40
notes at random: appending #next lines, trigger lines and plain text, in place, by
truncate-then-write and by temp file + rename. At the start and the end it prints the daemon's
RSS and open file descriptors, then checks that every line the writer wrote is still in its
note, that every trigger was expanded once quiet, and that the agenda holds the last line of
each note. A script, not a test: it takes minutes (Linux: it reads /proc).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import load_generator, log, wait_for

QUIET = 1.0
TODAY = "2026-11-22"


def rss_and_fds(pid: int) -> tuple[float, int]:
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def save(path: Path, text: str, way: int) -> None:
    data = text.encode("utf-8")
    if way == 0:  # in place
        with open(path, "r+b") as handle:
            handle.write(data)
            handle.truncate(len(data))
    elif way == 1:  # truncate, then write
        with open(path, "wb") as handle:
            handle.write(data)
    else:  # a temp file renamed over the note
        temp = path.with_name(f".syncthing.{path.name}.tmp")
        temp.write_bytes(data)
        os.replace(temp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="vaultkit-soak-"))
    vault = work / "vault"
    load_generator().generate(vault, args.notes, seed=args.seed)
    toml = vault / "vaultkit.toml"
    toml.write_text(f"quiet_seconds = {QUIET}\n" + toml.read_text("utf-8"), "utf-8")
    env = dict(os.environ, VAULTKIT_CACHE_DIR=str(work / "cache"))
    log_path = work / "watch.log"
    with open(log_path, "wb") as err:
        daemon = subprocess.Popen(
            [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--today", TODAY, "watch"],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
        )
    agenda = vault / "Next session.md"
    if not wait_for(agenda.exists, 120, 0.05):
        log("the daemon never wrote the agenda")
        return 1
    time.sleep(2)
    start_rss, start_fds = rss_and_fds(daemon.pid)
    log(f"daemon up: RSS {start_rss:.0f} MiB, {start_fds} open fds")

    rng = random.Random(args.seed)
    notes = [vault / "Soak" / f"note {i:02d}.md" for i in range(40)]
    (vault / "Soak").mkdir()
    texts = {path: f"# {path.stem}\n\n" for path in notes}
    for path, text in texts.items():
        path.write_text(text, "utf-8")
    written: dict[Path, list[str]] = {path: [] for path in notes}
    pause = args.minutes * 60 / args.edits
    started = time.monotonic()
    for number in range(args.edits):
        path = rng.choice(notes)
        kind = rng.random()
        line = (
            f"soak line {number} #next"
            if kind < 0.5
            else "{{letter}}"
            if kind < 0.55
            else f"plain words {number}"
        )
        current = path.read_text("utf-8")  # what is there now: the daemon may have expanded
        texts[path] = current + line + "\n"
        if line != "{{letter}}":
            written[path].append(line)
        save(path, texts[path], number % 3)
        time.sleep(max(0.0, started + (number + 1) * pause - time.monotonic()))
        if number % 1000 == 999:
            rss, fds = rss_and_fds(daemon.pid)
            log(f"{number + 1} edits: RSS {rss:.0f} MiB, {fds} fds")

    # Let every note go quiet and be tended.
    time.sleep(QUIET * 3)
    wait_for(lambda: all("{{letter}}" not in p.read_text("utf-8") for p in notes), 60, 0.2)
    time.sleep(2)
    end_rss, end_fds = rss_and_fds(daemon.pid)
    daemon.send_signal(signal.SIGTERM)
    code = daemon.wait(30)

    lost = [
        (p.name, line)
        for p, lines in written.items()
        for line in lines
        if line not in p.read_text("utf-8")
    ]
    pending = [p.name for p in notes if "{{letter}}" in p.read_text("utf-8")]
    agenda_text = agenda.read_text("utf-8")
    missing = [
        p.name
        for p, lines in written.items()
        if any(l.endswith("#next") for l in lines)
        and [l for l in lines if l.endswith("#next")][-1][:-6] not in agenda_text
    ]
    trouble = [
        entry
        for entry in log_path.read_text("utf-8", "replace").splitlines()
        if " error " in f" {entry} " or "Traceback" in entry
    ]
    print(
        "\n| edits | minutes | RSS start → end MiB | open fds start → end | lines lost | "
        "triggers left | agenda missing | errors | exit |"
    )
    print("|---:|---:|---|---|---:|---:|---:|---:|---:|")
    print(
        f"| {args.edits} | {args.minutes:g} | {start_rss:.0f} → {end_rss:.0f} | "
        f"{start_fds} → {end_fds} | {len(lost)} | {len(pending)} | {len(missing)} | "
        f"{len(trouble)} | {code} |"
    )
    ok = not lost and not pending and not missing and not trouble and code == 0
    if not ok:
        print(
            "lost:",
            lost[:5],
            "pending:",
            pending[:5],
            "missing:",
            missing[:5],
            "errors:",
            trouble[:5],
        )
        print(f"(work folder kept: {work})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
