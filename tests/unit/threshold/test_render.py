"""How a recommendation is shown: for people, and as data for --json."""

from __future__ import annotations

from bot.loading import Council
from bot.threshold.engine import Answers, ThresholdEngine
from bot.threshold.render import as_dict, consent_guidance, render, sources
from tests.conftest import WEEKDAY_MORNING


def test_the_answer_is_a_recommendation_with_reasons_route_contacts_and_sources(
    engine: ThresholdEngine, council: Council
) -> None:
    result = engine.assess("the 7 year old is often hungry and mum drinks every night", WEEKDAY_MORNING)
    text = render(result, council.thresholds)
    assert text.startswith("Recommended level:") and "Why:" in text and "What to do now:" in text
    assert "This is a recommendation, not a decision" in text and "Main sources:" in text


def test_json_has_confidence_quotes_possible_and_every_source(engine: ThresholdEngine, council: Council) -> None:
    result = engine.assess("the child was left alone in the evening and has a bruise on his arm", WEEKDAY_MORNING)
    data = as_dict(result, council.thresholds)
    assert {"emergency", "indicators", "possible", "sources", "reasons", "route", "contacts"} <= set(data)
    assert all({"confidence", "quote", "found_by"} <= set(i) for i in data["indicators"])
    assert data["possible"] and data["sources"] == sources(result, council.thresholds)


def test_refused_consent_at_level_4_is_never_a_reason_to_wait() -> None:
    text = consent_guidance(4, "refused")
    assert "Never let consent hold up action" in text and "you can still refer" in text
    assert consent_guidance(None, None) == ""


def test_unknowns_are_said(engine: ThresholdEngine, council: Council) -> None:
    result = engine.assess(
        "bruise on her arm", WEEKDAY_MORNING, answers=Answers(danger_now="unknown", child_voice="unknown")
    )
    text = render(result, council.thresholds)
    assert "treat it as an emergency" in text and "seeing and hearing the child is a priority" in text
