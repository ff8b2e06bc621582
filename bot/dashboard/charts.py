"""Charts drawn on the server by matplotlib (Agg, no display) as PNG images, cached by their numbers.

The figure API (not pyplot) keeps each drawing to itself, so requests in threads never share state.
A chart with the same numbers is drawn once: the page asks for it on every visit.
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache

# matplotlib 3.5 (pinned with Rasa) calls pyparsing's old names as it starts and whenever it reads a
# font name; those warnings say nothing about this code, so only they are silenced, everywhere.
warnings.filterwarnings(
    "ignore", message=r"'(setParseAction|parseString|resetCache|enablePackrat)' deprecated", module=r"matplotlib\."
)

import matplotlib  # type: ignore[import-untyped]  # noqa: E402

matplotlib.use("Agg")  # before anything else of matplotlib: never look for a display

from matplotlib.backends.backend_agg import FigureCanvasAgg  # type: ignore[import-untyped]  # noqa: E402
from matplotlib.figure import Figure  # type: ignore[import-untyped]  # noqa: E402
from matplotlib.ticker import MaxNLocator  # type: ignore[import-untyped]  # noqa: E402

from bot.dashboard.figures import Chart  # noqa: E402

# Okabe and Ito's palette: told apart with any colour vision, and in greys when printed.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# Series whose meaning has a colour: a challenge stands out, "the same as recommended" recedes.
MEANING = {"Agreed": "#0072B2", "To discuss": "#E69F00", "Challenged": "#D55E00", "chosen lower": "#0072B2",
           "same as recommended": "#BBBBBB", "chosen higher": "#D55E00"}  # fmt: skip
WIDTH_IN, HEIGHT_IN, DPI = 7.0, 3.4, 100


@lru_cache(maxsize=256)
def png(chart: Chart) -> bytes:
    """The chart as a PNG image (700 x 340 pixels)."""
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(chart.categories)))
    bottoms = [0] * len(positions)
    for index, (label, values) in enumerate(chart.series):
        axes.bar(
            positions,
            values,
            bottom=bottoms,
            label=label,
            color=MEANING.get(label, PALETTE[index % len(PALETTE)]),
            width=0.7,
        )
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.set_xticks(positions)
    axes.set_xticklabels(chart.categories, fontsize=8, rotation=45 if len(positions) > 6 else 0, ha="right"
                         if len(positions) > 6 else "center")  # fmt: skip
    axes.set_xlabel(chart.xlabel, fontsize=9)
    axes.set_ylabel(chart.ylabel, fontsize=9)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no half decisions on the axis
    axes.spines[["top", "right"]].set_visible(False)
    if not any(bottoms):
        axes.set_ylim(0, 1)
        axes.text(0.5, 0.5, "nothing to show yet", transform=axes.transAxes, ha="center", va="center", color="#555")
    if len(chart.series) > 1:
        axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
