#!/usr/bin/env python3
"""Measure vaultkit against the cost of just reading the vault, for a few vault sizes.

    .venv/bin/python benchmarks/measure.py                       # 1k, 10k, 50k notes
    .venv/bin/python benchmarks/measure.py --quick               # a fast smoke run
    .venv/bin/python benchmarks/measure.py --work /tmp/vk-bench --out results.md
    .venv/bin/python benchmarks/measure.py --sizes 1000 --kinds long-history

For each kind of vault (standard, long-history) and size: the floor (walk + read every file,
in a fresh Python; run before each cold run too, and the median of all taken), `vaultkit run` cold (empty index cache) and warm, the agenda note's size,
and `vaultkit watch`: start-up, edit -> agenda latency, peak RSS, idle CPU, and how long a
SIGTERM in the middle of a first read takes. Prints a Markdown table, one row per kind and
size, then the targets and whether each is met (benchmarks/measure_report.py).

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
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling report module
from measure_report import report

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TODAY = "2026-11-22"
# The newest daily page the generator writes: "recent", so its #next lines reach the agenda.
PROBE_NOTE = "Journal/2026-11-21.md"
AGENDA_NOTE = "Next session.md"
CONFIG_NAME = "vaultkit.toml"

KINDS = ("standard", "long-history")
# How long after the daemon logs "watching" a SIGTERM is sent, at most: well inside the first
# read of a cold cache at 10k notes and more.
STOP_AFTER_S = 1.0

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


def pristine_vault(work: Path, notes: int, seed: int, kind: str = "standard") -> Path:
    """The generated vault for this kind and size, made once and reused while its marker exists.

    The marker is written only after generation finishes, so an interrupted generation is
    redone rather than measured half-made. (The standard vault keeps its older name, so the
    vaults of earlier runs are reused.)
    """
    name = f"vault-{notes}-seed{seed}" if kind == "standard" else f"vault-{kind}-{notes}-seed{seed}"
    vault, marker = work / name, work / f"{name}.json"
    if marker.is_file() and vault.is_dir():
        log(f"reusing {vault}")
        return vault
    shutil.rmtree(vault, ignore_errors=True)
    log(f"generating {notes} notes ({kind}) into {vault} ...")
    started = time.perf_counter()
    counts = load_generator().generate(vault, notes, seed, kind)
    marker.write_text(json.dumps(counts, indent=1, default=str))
    log(f"generated in {time.perf_counter() - started:.1f} s")
    return vault


def fresh_copy(source: Path, dest: Path) -> Path:
    """A scratch copy keeping mtimes (the generator's dates are past, so no quiet period applies)."""
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


def floor_argv(vault: Path) -> list[str]:
    return [sys.executable, "-c", FLOOR_SCRIPT, str(vault)]


def floor_samples(vault: Path, repeat: int, env: dict[str, str]) -> list[float]:
    argv = floor_argv(vault)
    timed(argv, env)  # untimed: makes the page cache warm for every measurement after it
    return [timed(argv, env)[0] for _ in range(repeat)]


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
    vaultkit: str, vault: Path, cache: Path, repeat: int, env: dict[str, str], floors: list[float]
) -> tuple[float, float, float, list[str]]:
    """Median cold and warm `vaultkit run`, warm after an edit, and any odd exit statuses.
    Each cold run follows a run of the floor, added to `floors`: the machine's speed drifts
    by a fifth within minutes, and a ratio of runs taken at the same moments is the code's,
    not the drift's."""
    notes: list[str] = []
    argv = run_argv(vaultkit, vault)
    # The first run on a fresh vault also creates today's page and the agenda: done untimed,
    # so that cold and warm below do the same work and differ only in the cache.
    empty_folder(cache)
    _, done = timed(argv, env)
    check_run(done, "first run")
    cold, warm = [], []
    for _ in range(repeat):
        floors.append(timed(floor_argv(vault), env)[0])
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
    # A warm run of an unchanged vault ends at once (run_stamp.py); this is the warm run that
    # has work: a line written in a recent page since the last run.
    edited = []
    for number in range(repeat):
        with open(vault / PROBE_NOTE, "a", encoding="utf-8") as page:
            page.write(f"A line written between runs, {number}.\n")
        seconds, done = timed(argv, env)
        check_run(done, "run after an edit")
        edited.append(seconds)
    return statistics.median(cold), statistics.median(warm), statistics.median(edited), notes


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


# One probe line, the same length whatever its number (see probe).
PROBE_LINE = b"Benchmark probe %06d #next\n"


# The probe page of every size is the one the smallest vault of that kind has.
PROBE_PAGE_NOTES = 1000


def write_probe_page(vault: Path, kind: str, seed: int) -> None:
    """Give the page the probes edit the same bytes at every size: the generator writes that
    day's page longer or shorter from one size to the next (1.9 KB at 1,000 notes and 3.7 KB
    at 50,000 on the long-history vault), and an edit costs more on a longer page, which is
    not what comparing the edits of a big vault with a small one's is to show."""
    generator = load_generator()
    if kind == "standard":
        files = generator.standard_notes(PROBE_PAGE_NOTES, seed)
    else:
        files = generator.gen_history.history_notes(PROBE_PAGE_NOTES, seed)
    (vault / PROBE_NOTE).write_text(files[PROBE_NOTE], encoding="utf-8")


def agenda_has(agenda: Path, number: int) -> bool:
    try:
        data = agenda.read_bytes()
    except OSError:
        return False  # between a remove and a rename, say
    return PROBE_LINE[:-7] % number in data  # the fixed width keeps 1 from matching 10


def probe(vault: Path, number: int, timeout: float) -> float | None:
    """Save probe `number` as a #next line of a recent daily page; ms until the agenda shows it.

    Probe 0 appends the line; each later probe rewrites it in place (its digits, same size),
    as an editor saving. The page keeps one probe item, so the agenda's cap on one day's items
    never folds a probe away, and every edit does the same work.
    """
    agenda = vault / AGENDA_NOTE
    line = PROBE_LINE % number
    started = time.perf_counter()
    with open(vault / PROBE_NOTE, "ab" if number == 0 else "r+b") as f:
        if number:
            f.seek(-len(line), os.SEEK_END)
        f.write(line)
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


# --- one vault ----------------------------------------------------------------------------


def stop_mid_read(
    vaultkit: str, vault: Path, cache: Path, log_path: Path, env: dict[str, str], cold: float | None
) -> tuple[float | None, int | None, str]:
    """Seconds from a SIGTERM in the middle of a first read (empty cache) to the daemon's exit.

    The signal goes out once the daemon logs "watching" (its first pass starting) plus half a
    cold run, at most STOP_AFTER_S: inside the first read on any vault worth timing.
    """
    empty_folder(cache)
    argv = [vaultkit, "--vault", str(vault), "--today", TODAY, "watch"]
    with open(log_path, "wb") as err:
        daemon = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for(lambda: "watching " in log_text(log_path) or daemon.poll() is not None, 60, 0.005)
        if daemon.poll() is not None:
            return None, daemon.returncode, "the daemon ended before the signal"
        time.sleep(min(STOP_AFTER_S, (cold or 0) / 2))
        started = time.perf_counter()
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=120)
        return time.perf_counter() - started, code, ""
    except subprocess.TimeoutExpired:
        daemon.kill()
        return None, daemon.wait(), "still running 120 s after SIGTERM; killed"
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()


def log_warnings(path: Path) -> list[str]:
    """Lines of a daemon log that carry a Python warning (a watchdog RuntimeWarning, say)."""
    return [line.strip() for line in log_text(path).splitlines() if "Warning:" in line]


@dataclasses.dataclass
class SizeResult:
    notes: int
    md_mb: float
    floor: float
    kind: str = "standard"
    cold: float | None = None
    warm: float | None = None
    edited: float | None = None  # warm, after a line was written in a recent page
    agenda_kb: float | None = None
    daemon: DaemonResult | None = None
    stop_s: float | None = None
    warnings: int = 0  # lines with a Python warning in the daemon's logs
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


def measure_size(args, work: Path, vaultkit: str, notes: int, kind: str = "standard") -> SizeResult:
    pristine = pristine_vault(work, notes, args.seed, kind)
    label = f"{kind}-{notes}"
    scratch = work / f"scratch-{label}"
    cache = work / f"cache-{label}"
    # Every measurement gets its own cache folder, never the person's real one.
    env = dict(os.environ, VAULTKIT_CACHE_DIR=str(cache))
    env.pop("VAULTKIT_VAULT", None)
    fresh_copy(pristine, scratch)
    result = SizeResult(notes, markdown_mb(scratch), 0.0, kind)
    try:
        log(f"{label}: floor ...")
        floors = floor_samples(scratch, args.repeat, env)
        result.floor = statistics.median(floors)
        log(f"{label}: floor {result.floor:.3f} s; vaultkit run cold and warm ...")
        try:
            result.cold, result.warm, result.edited, odd = run_timings(
                vaultkit, scratch, cache, args.repeat, env, floors
            )
            result.floor = statistics.median(floors)  # with those taken beside the cold runs
            result.problems += odd
            agenda = scratch / AGENDA_NOTE
            result.agenda_kb = agenda.stat().st_size / 1024 if agenda.exists() else None
            log(
                f"{label}: cold {result.cold:.3f} s, warm {result.warm:.3f} s, "
                f"after an edit {result.edited:.3f} s; daemon ..."
            )
        except RunFailed as exc:
            result.problems.append(str(exc))
            log(f"{label}: {exc}")
        watch_log = work / f"watch-{label}.log"
        try:
            write_probe_page(scratch, kind, args.seed)
            d = measure_daemon(
                vaultkit,
                scratch,
                watch_log,
                args.edits,
                args.idle,
                env,
                args.verbose_daemon,
                args.start_timeout,
            )
            result.daemon = d
            log(
                f"{label}: daemon up in {d.startup_s:.1f} s; edits {len(d.edit_ms)} ok, "
                f"{d.missed} missed; RSS {d.rss_mb:.0f} MB; idle {d.idle_pct:.2f} %; "
                f"exit {d.exit_code}"
            )
            # Each edit in order: a slow p95 says whether it was the first edits after the
            # start, a few scattered ones (the machine), or a pause that comes back.
            log(f"{label}: edit→agenda ms in order: " + " ".join(f"{ms:.0f}" for ms in d.edit_ms))
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
            log(f"{label}: {exc}")
        # Last, on a fresh copy: the edits above changed the scratch vault.
        fresh_copy(pristine, scratch)
        stop_log = work / f"stop-{label}.log"
        result.stop_s, code, trouble = stop_mid_read(
            vaultkit, scratch, cache, stop_log, env, result.cold
        )
        log(f"{label}: SIGTERM mid first read: {fmt_s(result.stop_s)} s, exit {code}")
        if trouble or code != 0:
            result.problems.append(f"SIGTERM in the first read: exit {code} {trouble}".rstrip())
        for path in (watch_log, stop_log):
            warned = log_warnings(path)
            result.warnings += len(warned)
            result.problems += [f"{path.name}: {line}" for line in warned[:3]]
    finally:
        if not args.keep_scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    return result


def fmt_s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", help="notes per vault, comma-separated (default 1000,10000,50000)")
    p.add_argument(
        "--kinds",
        default=",".join(KINDS),
        help=f"vaults to measure, comma-separated (default {','.join(KINDS)})",
    )
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
    args.kind_list = [k for k in KINDS if k in {k.strip() for k in args.kinds.split(",")}]
    unknown = {k.strip() for k in args.kinds.split(",") if k.strip()} - set(KINDS)
    if unknown or not args.kind_list:
        p.error(f"--kinds: one or more of {', '.join(KINDS)} (got {args.kinds!r})")
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
        for kind in args.kind_list:
            for notes in args.size_list:
                results.append(measure_size(args, work, args.vaultkit, notes, kind))
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
