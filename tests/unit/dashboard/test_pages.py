"""Pages: the council's words for levels and indicators, London times, and everything typed shown as text."""

from __future__ import annotations

import datetime as dt

from bot.dashboard.pages import Labels, Pages, default_range
from bot.decisions.log import DecisionView
from bot.loading import Council
from bot.staff.directory import Actor


def test_levels_and_indicators_in_the_councils_words() -> None:
    labels = Labels({3: "Targeted"}, {"l2_school_absence": "Attendance is dropping"})
    assert (labels.level(3), labels.level(4), labels.level(None)) == ("Level 3: Targeted", "Level 4", "-")
    assert labels.indicator("l2_school_absence") == "Attendance is dropping" and labels.indicator("gone") == "gone"


def test_what_people_typed_is_shown_as_text_never_as_markup(council: Council) -> None:
    pages = Pages(council.profile, Labels())
    typed = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    decision = DecisionView(7, "u", "other", "1234567", None, None, [typed], typed, typed, "pw",
                            dt.datetime(2026, 6, 1, 23, 30, tzinfo=dt.timezone.utc), "awaiting review")  # fmt: skip

    class Opened:
        names = {"pw": typed}
        reviews: list[object] = []
        age = 1
        can_review = False

    Opened.decision = decision  # type: ignore[attr-defined]
    me = Actor("pw", "Pat", "practitioner", "a")
    page = pages.render(
        "decision.html", title="t", opened=Opened, review_uid="u", saved="", error="", comment="", me=me
    )
    assert "<script>" not in page and "<img src=x" not in page and "&lt;script&gt;" in page
    assert "02 Jun 2026 00:30" in page  # 23:30 UTC is half past midnight in London in June


def test_the_pack_period_defaults_to_the_last_three_months() -> None:
    assert default_range(dt.date(2026, 11, 26)) == (dt.date(2026, 9, 1), dt.date(2026, 11, 26))
    assert default_range(dt.date(2026, 1, 5)) == (dt.date(2025, 11, 1), dt.date(2026, 1, 5))
