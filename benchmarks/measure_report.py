"""The Markdown report of benchmarks/measure.py: the results table and the targets, per vault kind.

One row per (kind, size); the targets (issue 16) are judged for each kind of vault on its own.
"""

from __future__ import annotations

import os
import platform
import shlex
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from measure import SizeResult

# Targets; the per-size ones are judged on the 10k vault when measured, else the middle size.
COLD_MAX_X, WARM_MAX_X = 10.0, 3.0
P95_MAX_MS = 50.0  # at every size
SCALING_MAX_X = 1.5  # p95 of the largest vault against the smallest's
AGENDA_MAX_KB = 64.0  # at every size
RSS_MAX_MB = 200.0  # largest vault
START_MAX_S = 3.0  # largest vault, warm cache: start to the first edit shown
STOP_MAX_S = 2.0  # largest vault, SIGTERM in the middle of a first read
IDLE_MAX_PCT = 0.5


def fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def times_floor(seconds: float | None, floor: float) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.2f} ({seconds / floor:.1f}×)" if floor else f"{seconds:.2f}"


def results_table(results: list[SizeResult]) -> list[str]:
    lines = [
        "| vault | notes | MB of Markdown | floor s | run cold s (×floor) | run warm s (×floor) "
        "| run after an edit s (×floor) | agenda KB | edit→agenda median ms | p95 ms | daemon start s | daemon RSS MB "
        "| idle CPU % | SIGTERM s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        d = r.daemon
        lines.append(
            f"| {r.kind} | {r.notes:,} | {r.md_mb:.1f} | {r.floor:.3f} "
            f"| {times_floor(r.cold, r.floor)} | {times_floor(r.warm, r.floor)} "
            f"| {times_floor(r.edited, r.floor)} | {fmt(r.agenda_kb, '.1f')} | {fmt(r.edit_median, '.1f')} "
            f"| {fmt(r.edit_p95, '.1f')} | {fmt(d.startup_s if d else None, '.2f')} "
            f"| {fmt(d.rss_mb if d else None, '.0f')} | {fmt(d.idle_pct if d else None, '.2f')} "
            f"| {fmt(r.stop_s, '.2f')} |"
        )
    return lines


def verdict(value: float | None, limit: float, describe: str) -> tuple[str, str]:
    """("met"/"missed by N×"/"not measured", the measured value described)."""
    if value is None:
        return "not measured", "—"
    if value <= limit:
        return "met", describe
    return (f"missed by {value / limit:.1f}×" if limit else "missed"), describe


def worst(results: list[SizeResult], value) -> tuple[float | None, SizeResult | None]:
    """The largest of `value(r)` over the results that have one, and whose it is."""
    found = [(value(r), r) for r in results if value(r) is not None]
    return max(found, key=lambda pair: pair[0]) if found else (None, None)


def kind_targets(results: list[SizeResult]) -> list[tuple[str, str, str]]:
    """(target, result, measured) rows for the results of one kind, smallest size first."""
    by_size = {r.notes: r for r in results}
    mid = by_size.get(10000) or results[len(results) // 2]
    small, large = results[0], results[-1]
    rows = []

    cold_x = mid.cold / mid.floor if mid.cold is not None and mid.floor else None
    rows.append(
        (
            f"run cold ≤ 10× floor at {mid.notes:,}",
            *verdict(cold_x, COLD_MAX_X, f"{fmt(mid.cold, '.2f')} s = {fmt(cold_x, '.1f')}× floor"),
        )
    )
    warm_x = mid.warm / mid.floor if mid.warm is not None and mid.floor else None
    rows.append(
        (
            f"run warm ≤ 3× floor at {mid.notes:,}",
            *verdict(warm_x, WARM_MAX_X, f"{fmt(mid.warm, '.2f')} s = {fmt(warm_x, '.1f')}× floor"),
        )
    )
    p95, at = worst(results, lambda r: r.edit_p95)
    where = f" (at {at.notes:,})" if at else ""
    rows.append(
        (
            "edit→agenda p95 ≤ 50 ms at every size",
            *verdict(p95, P95_MAX_MS, f"worst p95 {fmt(p95, '.1f')} ms{where}"),
        )
    )
    if large is small:
        rows.append(("largest vault's edit p95 ≤ 1.5× smallest's", "n/a (one size)", "—"))
    else:
        ratio = large.edit_p95 / small.edit_p95 if large.edit_p95 and small.edit_p95 else None
        rows.append(
            (
                f"edit p95 at {large.notes:,} ≤ 1.5× at {small.notes:,}",
                *verdict(
                    ratio,
                    SCALING_MAX_X,
                    f"{fmt(large.edit_p95, '.1f')} ms vs "
                    f"{fmt(small.edit_p95, '.1f')} ms = {fmt(ratio, '.2f')}×",
                ),
            )
        )
    kb, at = worst(results, lambda r: r.agenda_kb)
    where = f" (at {at.notes:,})" if at else ""
    rows.append(
        (
            "agenda note ≤ 64 KB at every size",
            *verdict(kb, AGENDA_MAX_KB, f"largest {fmt(kb, '.1f')} KB{where}"),
        )
    )
    d = large.daemon
    rss, start = (d.rss_mb, d.startup_s) if d else (None, None)
    rows.append(
        (
            f"daemon RSS at {large.notes:,} ≤ 200 MB",
            *verdict(rss, RSS_MAX_MB, f"{fmt(rss, '.0f')} MB"),
        )
    )
    rows.append(
        (
            f"daemon start, warm cache, at {large.notes:,} ≤ 3 s",
            *verdict(start, START_MAX_S, f"{fmt(start, '.2f')} s"),
        )
    )
    rows.append(
        (
            f"SIGTERM in a first read at {large.notes:,} ≤ 2 s",
            *verdict(large.stop_s, STOP_MAX_S, f"{fmt(large.stop_s, '.2f')} s"),
        )
    )
    idle = mid.daemon.idle_pct if mid.daemon else None
    rows.append(
        ("idle CPU < 0.5 % of a core", *verdict(idle, IDLE_MAX_PCT, f"{fmt(idle, '.2f')} %"))
    )
    warned = sum(r.warnings for r in results)
    rows.append(
        (
            "no warning in the daemon's logs",
            "met" if not warned else "missed",
            f"{warned} warning line(s)",
        )
    )
    return rows


def targets_table(results: list[SizeResult]) -> list[str]:
    lines = ["| vault | target | measured | result |", "|---|---|---|---|"]
    for kind in dict.fromkeys(r.kind for r in results):
        rows = kind_targets(sorted((r for r in results if r.kind == kind), key=lambda r: r.notes))
        lines += [f"| {kind} | {name} | {measured} | {result} |" for name, result, measured in rows]
    return lines


def report(args: argparse.Namespace, argv: list[str], results: list[SizeResult]) -> str:
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
        "Targets (the per-size ones on the 10,000-note vault when measured, else the middle size):",
        "",
        *targets_table(results),
    ]
    problems = [(r, p) for r in results for p in r.problems]
    if problems:
        out += ["", "Problems seen:", ""]
        out += [f"- {r.kind}, {r.notes:,} notes: {p}" for r, p in problems]
    return "\n".join(out) + "\n"
