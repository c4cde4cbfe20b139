#!/usr/bin/env python3
"""Measure vaultkit against the cost of just reading the vault, for a few vault sizes.

    .venv/bin/python benchmarks/measure.py                       # 1k, 10k, 50k notes
    .venv/bin/python benchmarks/measure.py --quick               # a fast smoke run
    .venv/bin/python benchmarks/measure.py --work /tmp/vk-bench --out results.md

For each size: the floor (walk + read every file, in a fresh Python), `vaultkit run` cold
(empty index cache) and warm, and `vaultkit watch`: edit -> agenda latency, peak RSS and
idle CPU. Prints a Markdown table, then the targets and whether each is met.

Vaults come from benchmarks/generate.py (seeded, byte-identical). With --work DIR the
generated vaults are kept there and reused by later runs; every measurement works on a
fresh copy, so runs never see each other's edits. The page cache is warm for everything.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TODAY = "2026-11-22"
# The newest daily page the generator writes: "recent", so its #next lines reach the agenda.
PROBE_NOTE = "Journal/2026-11-21.md"
AGENDA_NOTE = "Next session.md"
CONFIG_NAME = "vaultkit.toml"

# Targets (see the brief in benchmarks/README.md).
COLD_MAX_X, WARM_MAX_X = 10.0, 4.0
P95_MAX_MS = 50.0
SCALING_MAX_X = 1.5
RSS_MAX_MB = 250.0
IDLE_MAX_PCT = 0.5

# What the floor runs: the least any tool must do to look at every byte of the vault.
FLOOR_SCRIPT = """
import os, sys
total = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(folder, name), "rb") as f:
            total += len(f.read())
print(total)
"""


def log(message: str) -> None:
    """Progress goes to stderr, so stdout holds only the report."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- vaults -------------------------------------------------------------------------------


def load_generator():
    spec = importlib.util.spec_from_file_location("vk_generate", HERE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pristine_vault(work: Path, notes: int, seed: int) -> Path:
    """The generated vault for this size, made once and reused while its marker exists.

    The marker is written only after generation finishes, so an interrupted generation is
    redone rather than measured half-made.
    """
    vault = work / f"vault-{notes}-seed{seed}"
    marker = work / f"vault-{notes}-seed{seed}.json"
    if marker.is_file() and vault.is_dir():
        log(f"reusing {vault}")
        return vault
    shutil.rmtree(vault, ignore_errors=True)
    log(f"generating {notes} notes into {vault} ...")
    started = time.perf_counter()
    counts = load_generator().generate(vault, notes, seed)
    marker.write_text(json.dumps(counts, indent=1, default=str))
    log(f"generated in {time.perf_counter() - started:.1f} s")
    return vault


def fresh_copy(source: Path, dest: Path) -> Path:
    """A scratch copy keeping mtimes (the generator's old dates mean no quiet period applies)."""
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run(["cp", "-a", str(source), str(dest)], check=True)
    return dest


def markdown_mb(vault: Path) -> float:
    total = 0
    for folder, _dirs, files in os.walk(vault):
        for name in files:
            if name.endswith(".md"):
                total += os.path.getsize(os.path.join(folder, name))
    return total / 1e6


def empty_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


# --- one-shot timings ---------------------------------------------------------------------


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    """Wall time of a subprocess, interpreter start included (vaultkit pays that too)."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, done


def floor_seconds(vault: Path, repeat: int, env: dict[str, str]) -> float:
    argv = [sys.executable, "-c", FLOOR_SCRIPT, str(vault)]
    timed(argv, env)  # untimed: makes the page cache warm for every measurement after it
    return statistics.median(timed(argv, env)[0] for _ in range(repeat))


def startup_ms(argv: list[str], env: dict[str, str], repeat: int) -> float:
    """Median wall ms of a command that does next to nothing: what every run pays first."""
    return 1000 * statistics.median(timed(argv, env)[0] for _ in range(max(repeat, 3)))


def run_argv(vaultkit: str, vault: Path) -> list[str]:
    return [vaultkit, "--vault", str(vault), "--today", TODAY, "run"]


class RunFailed(Exception):
    pass


def check_run(done: subprocess.CompletedProcess, what: str) -> None:
    # Exit 1 means "something skipped or put off": still a full pass, so still a timing. But
    # Python also exits 1 on an uncaught exception, which is no pass at all.
    if done.returncode not in (0, 1) or "Traceback (most recent call last)" in done.stderr:
        tail = (done.stderr or "").strip().splitlines()[-5:]
        raise RunFailed(f"{what}: exit {done.returncode}: " + " | ".join(tail))


def run_timings(
    vaultkit: str, vault: Path, cache: Path, repeat: int, env: dict[str, str]
) -> tuple[float, float, list[str]]:
    """Median cold and warm `vaultkit run`, and any odd exit statuses seen."""
    notes: list[str] = []
    argv = run_argv(vaultkit, vault)
    # The first run on a fresh vault also creates today's page and the agenda: done untimed,
    # so that cold and warm below do the same work and differ only in the cache.
    empty_folder(cache)
    _, done = timed(argv, env)
    check_run(done, "first run")
    cold, warm = [], []
    for _ in range(repeat):
        empty_folder(cache)
        seconds, done = timed(argv, env)
        check_run(done, "cold run")
        cold.append(seconds)
        if done.returncode:
            notes.append(f"cold run exit {done.returncode}: {done.stderr.strip()[:200]}")
    for _ in range(repeat):
        seconds, done = timed(argv, env)
        check_run(done, "warm run")
        warm.append(seconds)
        if done.returncode:
            notes.append(f"warm run exit {done.returncode}: {done.stderr.strip()[:200]}")
    return statistics.median(cold), statistics.median(warm), notes


# --- the daemon ---------------------------------------------------------------------------


def set_quiet_zero(vault: Path) -> None:
    """quiet_seconds = 0 (a top-level key), keeping the rest of vaultkit.toml as it is."""
    path = vault / CONFIG_NAME
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = [line for line in text.splitlines() if not re.match(r"^\s*quiet_seconds\s*=", line)]
    # A top-level key must come before the first [table] header.
    at = next((i for i, line in enumerate(lines) if re.match(r"^\s*\[", line)), len(lines))
    lines.insert(at, "quiet_seconds = 0")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def proc_cpu_seconds(pid: int) -> float:
    """utime + stime of the whole process (all threads), from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        # The command name may hold spaces; the fields after its closing ")" are fixed.
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB -> MiB
    return float("nan")


def wait_for(predicate, timeout: float, interval: float = 0.001) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def agenda_has(agenda: Path, number: int) -> bool:
    # "probe 1" must not match "probe 10": the number ends at a non-digit.
    try:
        data = agenda.read_bytes()
    except OSError:
        return False  # between a remove and a rename, say
    return re.search(rb"Benchmark probe %d(?!\d)" % number, data) is not None


def probe(vault: Path, number: int, timeout: float) -> float | None:
    """Append one #next line to a recent daily page; ms until the agenda shows it."""
    agenda = vault / AGENDA_NOTE
    started = time.perf_counter()
    with open(vault / PROBE_NOTE, "ab") as f:  # in place, as an editor saving an append
        f.write(b"Benchmark probe %d #next\n" % number)
    # Polling the file every 1 ms costs a few microseconds a read: small next to the latency.
    if not wait_for(lambda: agenda_has(agenda, number), timeout):
        return None
    return (time.perf_counter() - started) * 1000


@dataclasses.dataclass
class DaemonResult:
    edit_ms: list[float]
    missed: int
    rss_mb: float
    idle_pct: float
    exit_code: int | None
    startup_s: float
    log_tail: str


def log_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def measure_daemon(
    vaultkit: str,
    vault: Path,
    log_path: Path,
    edits: int,
    idle: float,
    env: dict[str, str],
    verbose: bool,
    start_timeout: float,
) -> DaemonResult:
    set_quiet_zero(vault)
    argv = (
        [vaultkit, "--vault", str(vault), "--today", TODAY]
        + (["-v"] if verbose else [])
        + ["watch"]
    )
    with open(log_path, "wb") as err:
        daemon = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err)
    started = time.perf_counter()
    try:
        # "watching ..." is logged once file events are set up, before the first pass.
        if (
            not wait_for(
                lambda: "watching " in log_text(log_path) or daemon.poll() is not None,
                start_timeout,
                0.01,
            )
            or daemon.poll() is not None
        ):
            raise RunFailed(
                f"daemon did not start (exit {daemon.poll()}): " + log_text(log_path)[-500:]
            )
        # The first pass is done when a first, untimed probe edit has reached the agenda:
        # edits are only handled once the pass ends.
        if probe(vault, 0, start_timeout) is None:
            raise RunFailed(
                "the daemon never reflected the first probe edit; log: " + log_text(log_path)[-800:]
            )
        startup = time.perf_counter() - started
        times, missed = [], 0
        for number in range(1, edits + 1):
            time.sleep(0.2)  # edits spaced like a person's saves, not a burst
            ms = probe(vault, number, timeout=10.0)
            if ms is None:
                missed += 1
            else:
                times.append(ms)
        # Idle: let the daemon settle after the last edit, then count CPU over the window.
        time.sleep(0.5)
        cpu_before, wall_before = proc_cpu_seconds(daemon.pid), time.perf_counter()
        time.sleep(idle)
        cpu_used = proc_cpu_seconds(daemon.pid) - cpu_before
        idle_pct = 100 * cpu_used / (time.perf_counter() - wall_before)
        rss = proc_peak_rss_mb(daemon.pid)
    finally:
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
        try:
            code = daemon.wait(timeout=120)
        except subprocess.TimeoutExpired:
            daemon.kill()
            code = daemon.wait()
    tail = "\n".join(log_text(log_path).strip().splitlines()[-5:])
    return DaemonResult(times, missed, rss, idle_pct, code, startup, tail)


# --- one size -----------------------------------------------------------------------------


@dataclasses.dataclass
class SizeResult:
    notes: int
    md_mb: float
    floor: float
    cold: float | None = None
    warm: float | None = None
    daemon: DaemonResult | None = None
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def edit_median(self) -> float | None:
        return (
            statistics.median(self.daemon.edit_ms) if self.daemon and self.daemon.edit_ms else None
        )

    @property
    def edit_p95(self) -> float | None:
        return percentile(self.daemon.edit_ms, 95) if self.daemon and self.daemon.edit_ms else None


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: with 50 edits, p95 is the 48th smallest."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def measure_size(args, work: Path, vaultkit: str, notes: int) -> SizeResult:
    pristine = pristine_vault(work, notes, args.seed)
    scratch = work / f"scratch-{notes}"
    cache = work / f"cache-{notes}"
    # Every measurement gets its own cache folder, never the person's real one.
    env = dict(os.environ, VAULTKIT_CACHE_DIR=str(cache))
    env.pop("VAULTKIT_VAULT", None)
    fresh_copy(pristine, scratch)
    result = SizeResult(notes, markdown_mb(scratch), 0.0)
    try:
        log(f"{notes}: floor ...")
        result.floor = floor_seconds(scratch, args.repeat, env)
        log(f"{notes}: floor {result.floor:.3f} s; vaultkit run cold and warm ...")
        try:
            result.cold, result.warm, odd = run_timings(vaultkit, scratch, cache, args.repeat, env)
            result.problems += odd
            log(f"{notes}: cold {result.cold:.3f} s, warm {result.warm:.3f} s; daemon ...")
        except RunFailed as exc:
            result.problems.append(str(exc))
            log(f"{notes}: {exc}")
        try:
            d = measure_daemon(
                vaultkit,
                scratch,
                work / f"watch-{notes}.log",
                args.edits,
                args.idle,
                env,
                args.verbose_daemon,
                args.start_timeout,
            )
            result.daemon = d
            log(
                f"{notes}: daemon up in {d.startup_s:.1f} s; edits {len(d.edit_ms)} ok, "
                f"{d.missed} missed; RSS {d.rss_mb:.0f} MB; idle {d.idle_pct:.2f} %; "
                f"exit {d.exit_code}"
            )
            if d.missed:
                result.problems.append(
                    f"{d.missed} of {args.edits} edits never reached the "
                    f"agenda within 10 s; daemon log ends: {d.log_tail}"
                )
            if d.exit_code != 0:
                result.problems.append(
                    f"daemon exited {d.exit_code} on SIGTERM (want 0); log ends: {d.log_tail}"
                )
        except RunFailed as exc:
            result.problems.append(str(exc))
            log(f"{notes}: {exc}")
    finally:
        if not args.keep_scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    return result


# --- the report ---------------------------------------------------------------------------


def fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def times_floor(seconds: float | None, floor: float) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.2f} ({seconds / floor:.1f}×)" if floor else f"{seconds:.2f}"


def results_table(results: list[SizeResult]) -> list[str]:
    lines = [
        "| notes | MB of Markdown | floor s | run cold s (×floor) | run warm s (×floor) "
        "| edit→agenda median ms | p95 ms | daemon RSS MB | idle CPU % |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        d = r.daemon
        lines.append(
            f"| {r.notes:,} | {r.md_mb:.1f} | {r.floor:.3f} | {times_floor(r.cold, r.floor)} "
            f"| {times_floor(r.warm, r.floor)} | {fmt(r.edit_median, '.1f')} "
            f"| {fmt(r.edit_p95, '.1f')} | {fmt(d.rss_mb if d else None, '.0f')} "
            f"| {fmt(d.idle_pct if d else None, '.2f')} |"
        )
    return lines


def verdict(value: float | None, limit: float, describe: str) -> tuple[str, str]:
    """("met"/"missed by N×"/"not measured", the measured value described)."""
    if value is None:
        return "not measured", "—"
    if value <= limit:
        return "met", describe
    return (f"missed by {value / limit:.1f}×" if limit else "missed"), describe


def targets_table(results: list[SizeResult]) -> tuple[int, list[str]]:
    # Per-size targets are judged on the 10k vault when measured, else the middle size.
    by_size = {r.notes: r for r in results}
    mid = by_size.get(10000) or results[len(results) // 2]
    small, large = results[0], results[-1]
    rows = []

    cold_x = mid.cold / mid.floor if mid.cold is not None and mid.floor else None
    rows.append(
        (
            "run cold ≤ 10× floor",
            *verdict(cold_x, COLD_MAX_X, f"{fmt(mid.cold, '.2f')} s = {fmt(cold_x, '.1f')}× floor"),
        )
    )
    warm_x = mid.warm / mid.floor if mid.warm is not None and mid.floor else None
    rows.append(
        (
            "run warm ≤ 4× floor",
            *verdict(warm_x, WARM_MAX_X, f"{fmt(mid.warm, '.2f')} s = {fmt(warm_x, '.1f')}× floor"),
        )
    )
    rows.append(
        (
            "edit→agenda p95 ≤ 50 ms",
            *verdict(mid.edit_p95, P95_MAX_MS, f"p95 {fmt(mid.edit_p95, '.1f')} ms"),
        )
    )
    if large is small:
        rows.append(("largest vault's edit median ≤ 1.5× smallest's", "n/a (one size)", "—"))
    else:
        ratio = (
            large.edit_median / small.edit_median
            if large.edit_median and small.edit_median
            else None
        )
        rows.append(
            (
                f"edit median at {large.notes:,} ≤ 1.5× at {small.notes:,}",
                *verdict(
                    ratio,
                    SCALING_MAX_X,
                    f"{fmt(large.edit_median, '.1f')} ms vs "
                    f"{fmt(small.edit_median, '.1f')} ms = {fmt(ratio, '.2f')}×",
                ),
            )
        )
    rss = large.daemon.rss_mb if large.daemon else None
    rows.append(
        (
            f"daemon RSS at {large.notes:,} ≤ 250 MB",
            *verdict(rss, RSS_MAX_MB, f"{fmt(rss, '.0f')} MB"),
        )
    )
    idle = mid.daemon.idle_pct if mid.daemon else None
    rows.append(
        ("idle CPU < 0.5 % of a core", *verdict(idle, IDLE_MAX_PCT, f"{fmt(idle, '.2f')} %"))
    )

    lines = ["| target | measured | result |", "|---|---|---|"]
    lines += [f"| {name} | {measured} | {result} |" for name, result, measured in rows]
    return mid.notes, lines


def report(args, argv: list[str], results: list[SizeResult]) -> str:
    mid, targets = targets_table(results)
    out = [
        "# vaultkit benchmark",
        "",
        f"- command: `{shlex.join(argv)}`",
        f"- machine: {os.cpu_count()} CPUs, {platform.platform()}, "
        f"Python {platform.python_version()} ({sys.executable})",
        f"- seed {args.seed}, medians of {args.repeat} run(s), {args.edits} edits, "
        f"{args.idle:g} s idle; times are wall clock, interpreter start included",
        f"- fixed start-up costs inside those times: `python -c pass` "
        f"{args.python_start_ms:.0f} ms, `vaultkit --version` {args.vaultkit_start_ms:.0f} ms",
        "",
        *results_table(results),
        "",
        f"Targets (per-size ones on the {mid:,}-note vault):",
        "",
        *targets,
    ]
    problems = [(r.notes, p) for r in results for p in r.problems]
    if problems:
        out += ["", "Problems seen:", ""]
        out += [f"- {notes:,} notes: {p}" for notes, p in problems]
    return "\n".join(out) + "\n"


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", help="notes per vault, comma-separated (default 1000,10000,50000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=3, help="runs per median (floor, cold, warm)")
    p.add_argument("--edits", type=int, help="timed daemon edits per size (default 50)")
    p.add_argument("--idle", type=float, help="seconds of the daemon idle CPU window (default 60)")
    p.add_argument(
        "--quick", action="store_true", help="smoke run: sizes 200, edits 10, idle 5 (unless given)"
    )
    p.add_argument("--work", type=Path, help="keep generated vaults here and reuse them")
    p.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    p.add_argument(
        "--vaultkit",
        default=str(REPO / ".venv" / "bin" / "vaultkit"),
        help="the vaultkit executable",
    )
    p.add_argument("--verbose-daemon", action="store_true", help="run the daemon with -v")
    p.add_argument(
        "--keep-scratch",
        action="store_true",
        help="keep each size's measured vault copy in the work folder",
    )
    p.add_argument(
        "--start-timeout",
        type=float,
        default=600.0,
        help="seconds to wait for the daemon's first pass",
    )
    args = p.parse_args(argv)
    # Options given on the command line win over both sets of defaults.
    defaults = (
        {"sizes": "200", "edits": 10, "idle": 5.0}
        if args.quick
        else {"sizes": "1000,10000,50000", "edits": 50, "idle": 60.0}
    )
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.size_list = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if not Path(args.vaultkit).exists():
        sys.exit(f"no vaultkit at {args.vaultkit} (pass --vaultkit)")
    temporary = args.work is None
    work = Path(tempfile.mkdtemp(prefix="vaultkit-bench-")) if temporary else args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    results = []
    # Small vaults are dominated by these; printed so the × floor ratios can be read fairly.
    env = dict(os.environ, VAULTKIT_CACHE_DIR=str(work / "cache-startup"))
    args.python_start_ms = startup_ms([sys.executable, "-c", "pass"], env, args.repeat)
    args.vaultkit_start_ms = startup_ms([args.vaultkit, "--version"], env, args.repeat)
    try:
        for notes in args.size_list:
            results.append(measure_size(args, work, args.vaultkit, notes))
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
    text = report(args, [sys.argv[0], *argv], results)
    print(text, end="")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
