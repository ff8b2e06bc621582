"""Procedure-library benchmark: index build time, search p95, and search p95 over 2,000 generated sections."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app.bootstrap import Root
from bot.library.data import Section
from bot.library.search import ProcedureIndex
from bot.loading import load_council
from bot.settings import ROOT, Settings

QUESTIONS = [
    "how fast do I put the referral in writing after phoning the front door",
    "baby of 3 months has a bruise on her ear what now",
    "who do I call about an allegation against a teacher",
    "when does the first core group have to happen",
    "a 15 year old keeps going missing and comes back with cash",
    "how often should I visit a child on a CP plan",
    "what is disguised compliance and how do I spot it",
    "mum won't consent to the referral, can I still share information",
]
TODAY = dt.date(2026, 11, 26)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[94]


def _time_search(index: ProcedureIndex, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for question in QUESTIONS:
            started = time.perf_counter()
            index.search(question, TODAY)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def _generated(sections: tuple[Section, ...], count: int) -> tuple[Section, ...]:
    """A library of `count` sections made by varying the real ones (deterministic)."""
    out = []
    for n in range(count):
        base = sections[n % len(sections)]
        meta = base.procedure.copy(
            update={"id": f"{base.procedure.id}-{n}", "title": f"{base.procedure.title} (part {n})"}
        )
        out.append(Section(meta, f"{base.heading} {n}", f"{base.text} Variant {n} of this guidance."))
    return tuple(out)


def main() -> int:
    """Print the three measurements as a Markdown table."""
    council = load_council(ROOT / "council" / "haringey")
    pipeline = Root(Settings(), council=council).pipeline
    started = time.perf_counter()
    index = ProcedureIndex(pipeline, council.procedures, council.glossary, council.questions)
    build_s = time.perf_counter() - started
    _time_search(index, 2)  # warm up
    real = _time_search(index, 25)
    big = ProcedureIndex(pipeline, _generated(council.procedures, 2000), council.glossary)
    _time_search(big, 2)
    large = _time_search(big, 10)
    sections = len(council.procedures)
    print("| measure | value | goal |\n|---|---|---|")
    print(f"| index build ({sections} sections) | {build_s:.2f} s | < 3 s {'PASS' if build_s < 3 else 'FAIL'} |")
    print(
        f"| search p95 ({sections} sections) | {_p95(real):.1f} ms | < 10 ms {'PASS' if _p95(real) < 10 else 'FAIL'} |"
    )
    print(f"| search p95 (2,000 sections) | {_p95(large):.1f} ms | < 30 ms {'PASS' if _p95(large) < 30 else 'FAIL'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
