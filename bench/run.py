"""Benchmarks: REST load on our assistant and a stock `rasa init` one, training times, in-process assess.

Usage: python bench/run.py [--quick]   (results printed as Markdown and written to bench/out/results.json)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.assess import bench_assess  # noqa: E402
from bench.common import OUT, WORK, say  # noqa: E402
from bench.report import add_ratios, machine, markdown  # noqa: E402
from bench.servers import bench_ours, bench_settings, bench_stock  # noqa: E402
from bench.training import init_stock, time_our_training, time_stock_training  # noqa: E402
from bot.app import serve  # noqa: E402
from bot.settings import Settings  # noqa: E402

RESULTS = OUT / "results.json"


def step(results: dict, name: str, action: Callable[[], Any]) -> Any:
    """Run one part of the benchmark; record and print its error instead of stopping the others."""
    say(f"--- {name}")
    started = time.monotonic()
    try:
        value = action()
    except Exception as exc:  # one failed part must not hide the others' figures
        traceback.print_exc()
        results["errors"][name] = f"{type(exc).__name__}: {exc}"
        say(f"{name}: FAILED: {exc}")
        return None
    say(f"{name}: done in {time.monotonic() - started:.0f} s")
    return value


def run_training(results: dict, settings: Settings, quick: bool) -> None:
    """Time the training of both assistants, unless --quick."""
    training: dict[str, Any] = {"skipped": quick}
    results["training"] = training
    if quick:
        say("training benchmarks skipped (--quick)")
        return
    training["stock_s"] = _rounded(step(results, "train stock", lambda: time_stock_training(settings)))
    training["ours_s"] = _rounded(step(results, "train ours", lambda: time_our_training(settings)))


def _rounded(value: float | None) -> float | None:
    """A time in seconds to one decimal, None stays None."""
    return None if value is None else round(value, 1)


def run_all(results: dict, quick: bool) -> None:
    """Every part, in an order that keeps CPU-heavy parts from overlapping."""
    settings = bench_settings()
    results["assess"] = step(results, "assess in process", lambda: bench_assess(settings))
    stock = step(results, "stock init", lambda: init_stock(settings, reuse=quick))
    run_training(results, settings, quick)
    if stock is not None:
        results.setdefault("training", {})["stock_init_s"] = _rounded(stock[1])
    results["load"] = {"ours": step(results, "load ours", lambda: bench_ours(settings, quick))}
    if stock is not None:
        results["load"]["stock"] = step(results, "load stock", lambda: bench_stock(settings, stock[0], quick))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the tables, write bench/out/results.json; 1 if a part could not run."""
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer messages, no training benchmarks")
    args = parser.parse_args(argv)
    serve.stop_on_sigterm()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    results: dict[str, Any] = {"meta": {**machine(), "quick": args.quick}, "errors": {}}
    started = time.monotonic()
    try:
        run_all(results, args.quick)
    finally:
        results["meta"]["total_s"] = round(time.monotonic() - started, 1)
        results["meta"]["load_average_at_end"] = os.getloadavg()
        add_ratios(results)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print("\n" + markdown(results) + "\n", flush=True)
    for name, error in results["errors"].items():
        print(f"could not run: {name}: {error}", flush=True)
    say(f"results written to {RESULTS.relative_to(ROOT)}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
