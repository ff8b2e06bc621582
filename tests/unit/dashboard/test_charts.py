"""Charts are PNG images drawn by matplotlib, of the same size whatever the numbers, drawn once per set of numbers."""

from __future__ import annotations

import io

from PIL import Image

from bot.dashboard import charts
from bot.dashboard.figures import Chart

FILLED = Chart("weekly", "Decisions", "", ("a", "b", "c"), (("x", (1, 2, 3)), ("y", (0, 4, 1))), "week")
EMPTY = Chart("kinds", "Kinds", "", ("threshold", "other"), (("decisions", (0, 0)),), "kind")


def test_a_chart_is_a_700_by_340_png_with_something_drawn_on_it() -> None:
    for chart in (FILLED, EMPTY):
        image = Image.open(io.BytesIO(charts.png(chart)))
        assert image.format == "PNG" and image.size == (700, 340)
        colours = image.convert("RGB").getcolors(maxcolors=100_000)
        assert colours is not None and len(colours) > 10  # bars, axes and words, not a blank square


def test_different_numbers_draw_different_images_and_the_same_numbers_are_drawn_once() -> None:
    assert charts.png(FILLED) != charts.png(EMPTY)
    assert charts.png(FILLED) is charts.png(Chart(*[getattr(FILLED, f) for f in FILLED.__dataclass_fields__]))
