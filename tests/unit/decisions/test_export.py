"""The supervision pack: one line per decision with its reviews, as CSV and as printable HTML."""

from __future__ import annotations

import datetime as dt

from bot.decisions.export import Line, to_csv, to_html


def test_csv_and_html_carry_every_value_and_escape_html() -> None:
    items = [
        Line(
            (
                "1",
                "2026-11-26 10:00",
                "1234567",
                "threshold",
                "3",
                "3",
                "<b>reasons</b>",
                "visit",
                "awaiting review",
                "",
            )
        )
    ]
    csv = to_csv(items)
    assert csv.splitlines()[0].startswith("id,") and "1234567" in csv
    html = to_html(items, "Demo Practitioner", dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert "Demo Practitioner" in html and "&lt;b&gt;reasons&lt;/b&gt;" in html and "<b>reasons</b>" not in html
