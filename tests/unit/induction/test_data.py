"""The scenario models: looking scenarios up, counting them, and the words of pitfalls and routes."""

from __future__ import annotations

import datetime as dt

from bot.induction.data import ROUTE_REACH, ROUTES, Scenario, ScenarioBank, Sign, Stage, Term


def _scenario(key: str, level: int, theme: str) -> Scenario:
    sign = Sign("l2_x", 2, "A sign", "Parenting capacity", "Neglect")
    return Scenario(
        key, "A title", theme, theme.title(), (Stage("Referral", "text"),), level, (sign,), "Next.",
        Term("early_help", "Early help", ""), (), "An answer.", ("A source (example.gov.uk)",), dt.date(2026, 12, 1),
    )  # fmt: skip


def test_a_bank_finds_and_counts_its_scenarios() -> None:
    bank = ScenarioBank((_scenario("b", 2, "neglect"), _scenario("a", 1, "neglect"), _scenario("c", 2, "missing")))
    assert bank.get("a") is not None and bank.get("z") is None
    assert bank.count_by("expected_level") == {1: 1, 2: 2}
    assert list(bank.count_by("theme")) == ["missing", "neglect"]


def test_words_fall_back_to_plain_ones_when_the_council_has_none() -> None:
    scenario = _scenario("a", 2, "neglect")
    assert scenario.pitfall("rule_of_optimism").label == "Rule of optimism"
    assert scenario.route_term("strategy_discussion").label == "Strategy discussion"
    assert scenario.expected_ids == ("l2_x",) and scenario.sign("l2_x") is not None and scenario.text == "text"


def test_every_route_has_a_reach() -> None:
    assert set(ROUTE_REACH) == set(ROUTES)
