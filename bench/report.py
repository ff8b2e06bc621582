"""The results as Markdown tables, ours/stock ratios, and where and when the benchmark ran."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.common import ROOT
from bench.load import LEVELS


def ratio(ours: float | None, stock: float | None) -> float | None:
    """ours / stock, or None when either is missing or stock is zero."""
    if ours is None or not stock:
        return None
    return ours / stock


def _git(*args: str) -> str:
    """Output of a read-only git command in the project, or '?'."""
    try:
        done = subprocess.run(["git", "-C", str(ROOT), *args], check=False, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return done.stdout.strip() if done.returncode == 0 else "?"


def machine() -> dict[str, Any]:
    """Where and when the benchmark ran."""
    meminfo = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(_git("status", "--porcelain")),
        "cpus": os.cpu_count(),
        "memory_gb": round(int(meminfo[1]) / 1024 / 1024, 1),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "rasa": version("rasa"),
    }


def _get(results: dict, *path: str) -> Any:
    """A nested value, or None if any step is missing."""
    value: Any = results
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _fmt(value: Any, digits: int = 1) -> str:
    """A table cell."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


NO_RATIO = frozenset({"sent", "errors"})


def comparison_rows(results: dict) -> list[tuple[str, Any, Any, bool]]:
    """(measure, ours, stock, show a ratio) for the comparison table."""
    rows: list[tuple[str, Any, Any, bool]] = []
    for level in LEVELS:
        for key, label in (("p50_ms", "p50 latency (ms)"), ("p95_ms", "p95 latency (ms)"),
                           ("p99_ms", "p99 latency (ms)"), ("msgs_per_s", "messages/s"),
                           ("sent", "messages sent"), ("errors", "errors")):  # fmt: skip
            ours, stock = (_get(results, "load", side, f"c{level}", key) for side in ("ours", "stock"))
            rows.append((f"c={level} {label}", ours, stock, key not in NO_RATIO))
    for key, label in (("rss_mb", "server RSS after load (MB)"), ("peak_mb", "server peak RSS, VmHWM (MB)")):
        ours, stock = (_get(results, "load", side, "memory", "total", key) for side in ("ours", "stock"))
        rows.append((label, ours, stock, True))
    if not _get(results, "training", "skipped"):
        ours, stock = (_get(results, "training", f"{side}_s") for side in ("ours", "stock"))
        rows.append(("training, `rasa train --force` (s)", ours, stock, True))
    return rows


def extra_rows(results: dict) -> list[str]:
    """Rows without a comparison: our memory per server, stock init time, skipped training."""
    lines = []
    memory = _get(results, "load", "ours", "memory") or {}
    for role in ("rasa", "actions"):
        if role in memory:
            lines.append(f"| ours: {role} server RSS after load / peak (MB) | "
                         f"{memory[role]['rss_mb']} / {memory[role]['peak_mb']} | | |")  # fmt: skip
    init = _get(results, "training", "stock_init_s")
    if init is not None:
        lines.append(f"| stock: `rasa init` incl. its first training (s) | | {_fmt(init)} | |")
    if _get(results, "training", "skipped"):
        lines.append("| training | skipped (--quick) | skipped (--quick) | |")
    return lines


def header(results: dict) -> str:
    """One line saying when, where and how the figures were made."""
    meta = results["meta"]
    load = ", ".join(f"{x:.2f}" for x in meta["load_average_at_start"])
    mode = "--quick" if meta["quick"] else "full"
    dirty = " + uncommitted changes" if meta["uncommitted_changes"] else ""
    return (f"{mode} run {meta['date']}, commit {meta['commit']}{dirty}, "
            f"{meta['cpus']} CPUs / {meta['memory_gb']} GB, load average at start {load}, "
            f"rasa {meta['rasa']}, Python {meta['python']}")  # fmt: skip


def markdown(results: dict) -> str:
    """The results as Markdown tables."""
    lines = [header(results), "", "| Measure | Ours | Stock `rasa init` | Ours / stock |", "|---|---:|---:|---:|"]
    for label, ours, stock, with_ratio in comparison_rows(results):
        both = isinstance(ours, (int, float)) and isinstance(stock, (int, float))
        shown = _fmt(ratio(float(ours), float(stock)), 2) if both and with_ratio else ""
        lines.append(f"| {label} | {_fmt(ours)} | {_fmt(stock)} | {shown} |")
    lines += [*extra_rows(results), "", *assess_lines(results.get("assess"))]
    return "\n".join(lines)


def assess_lines(assess: dict | None) -> list[str]:
    """The in-process threshold table."""
    if not assess:
        return ["In-process `ThresholdEngine.assess`: did not run."]
    mark = "PASS" if assess["pass"] else "FAIL"
    return [
        f"In-process `ThresholdEngine.assess`, {assess['words']}-word description, "
        f"{assess['runs']} runs after {assess['warmup_runs']} warm-up:",
        "",
        "| p50 (ms) | p95 (ms) | max (ms) | goal | result |",
        "|---:|---:|---:|---|---|",
        f"| {assess['p50_ms']} | {assess['p95_ms']} | {assess['max_ms']} | p95 < {assess['goal_p95_ms']:.0f} ms | "
        f"**{mark}** |",
    ]


def add_ratios(results: dict) -> None:
    """ours/stock ratios for the headline figures, into results['ratios']."""
    pairs: dict[str, tuple[str, ...]] = {
        f"c{lv}_{key}": ("load", "{side}", f"c{lv}", key) for lv in LEVELS for key in ("p95_ms", "msgs_per_s")
    }
    pairs["rss_mb"] = ("load", "{side}", "memory", "total", "rss_mb")
    pairs["peak_mb"] = ("load", "{side}", "memory", "total", "peak_mb")
    pairs["training_s"] = ("training", "{side}_s")
    ratios = {}
    for name, path in pairs.items():
        ours, stock = (_get(results, *(p.format(side=side) for p in path)) for side in ("ours", "stock"))
        value = ratio(ours, stock)
        ratios[name] = round(value, 3) if value is not None else None
    results["ratios"] = ratios
