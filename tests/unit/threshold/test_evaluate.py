"""Measuring the engine: exact level, confusion, serious misses, danger recall and precision."""

from __future__ import annotations

import pytest

from bot.threshold.engine import ThresholdEngine
from bot.threshold.evaluate import Case, Outcome, Report, evaluate, read_cases
from tests.conftest import WEEKDAY_MORNING


def test_the_figures_of_a_small_report() -> None:
    report = Report(
        [
            Outcome(Case("a", "x", 4, True, "danger"), 4, True),
            Outcome(Case("b", "x", 4, False, "near_miss"), 4, True),
            Outcome(Case("c", "x", 4, False, "significant_harm"), None, False),
            Outcome(Case("d", "x", 2, False, "early_help"), 2, False),
        ]
    )
    assert report.exact == 0.75 and [o.case.id for o in report.serious_misses()] == ["c"]
    assert report.danger_recall() == 1.0 and report.danger_precision() == 0.5
    assert report.confusion()[4] == {"1": 0, "2": 0, "3": 0, "4": 2, "none": 1}
    assert "exact level 75.0%" in report.as_text() and report.as_dict()["false_alarms"] == ["b"]


def test_bad_files_are_named() -> None:
    with pytest.raises(ValueError, match="descriptions"):
        read_cases({"nothing": []})
    with pytest.raises(ValueError, match=r"descriptions\.0\.level"):
        read_cases({"descriptions": [{"id": "x", "text": "t", "level": 7, "emergency": False}]})


def test_the_vignettes_through_the_engine(engine: ThresholdEngine) -> None:
    import yaml

    from bot.settings import ROOT

    cases = read_cases(yaml.safe_load((ROOT / "tests" / "vignettes.yml").read_text()))
    assert evaluate(engine, cases, WEEKDAY_MORNING).exact == 1.0
