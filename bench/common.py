"""Paths, the error type and progress output shared by the benchmark modules."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
WORK = OUT / "work"  # recreated on every run: VAR_DIR, tracker DB, logs, trained models
STOCK_DIR = OUT / "stock"  # the `rasa init` project; kept between --quick runs


class BenchError(Exception):
    """A part of the benchmark could not run."""


def say(message: str) -> None:
    """Print a progress line."""
    print(f"[bench] {message}", flush=True)
