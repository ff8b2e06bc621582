"""The example council's whole scenario bank: realistic enough that the recogniser `python -m bot assess` uses
finds every expected indicator in the scenario's own text, with model answers that name them, next steps that
take the expected route, and answers that fall into none of their own pitfalls."""

from __future__ import annotations

import re

from bot.induction.answers import read_route
from bot.induction.data import ScenarioBank
from bot.induction.feedback import mark
from bot.induction.wording import names, unnamed
from bot.loading import Council
from bot.threshold.engine import ThresholdEngine
from tests.conftest import COUNCIL_DIR

MAIN_THEMES = {
    "neglect", "domestic_abuse", "exploitation", "parental_mental_health", "parental_substance_misuse",
    "disability", "pre_birth", "allegation_staff", "consent_information_sharing", "professional_disagreement",
    "step_down",
}  # fmt: skip


def _bank(council: Council) -> ScenarioBank:
    return council.scenarios


def test_the_bank_spreads_across_levels_and_the_main_themes(council: Council) -> None:
    bank = _bank(council)
    assert len(bank.scenarios) >= 30
    assert all(bank.count_by("expected_level").get(level, 0) >= 4 for level in (1, 2, 3, 4))
    assert set(bank.count_by("theme")) >= MAIN_THEMES
    assert all(1 <= len(s.stages) <= 3 for s in bank.scenarios)


def test_the_recogniser_finds_every_expected_indicator_in_the_scenario_text(
    council: Council, engine: ThresholdEngine
) -> None:
    unfound = [
        f"{s.id}: {i}"
        for s in _bank(council).scenarios
        for i in s.expected_ids
        if i not in {m.indicator.id for m in engine.extract(s.text).matched}
    ]
    assert unfound == []


def test_every_model_answer_names_the_indicators_that_carry_its_level(council: Council) -> None:
    unnamed_signs = [
        f"{s.id}: {sign.id} lacks {unnamed(s.model_answer, sign.wording)}"
        for s in _bank(council).scenarios
        for sign in s.expected
        if not names(s.model_answer, sign.wording)
    ]
    assert unnamed_signs == []


def test_the_model_answer_marked_as_an_answer_misses_nothing_and_falls_into_no_pitfall(
    council: Council, engine: ThresholdEngine
) -> None:
    flawed = []
    for s in _bank(council).scenarios:
        marked = mark(engine, s, s.expected_level, s.model_answer, s.next_steps)
        if marked.missed or marked.pitfalls or not marked.exact or marked.route != s.route.key:
            flawed.append(f"{s.id}: missed {marked.missed}, pitfalls {marked.pitfalls}, route {marked.route}")
    assert flawed == []


def test_every_next_step_takes_its_route(council: Council) -> None:
    assert [s.id for s in _bank(council).scenarios if read_route(s.next_steps) != s.route.key] == []


def test_every_source_is_one_the_council_data_already_cites(council: Council) -> None:
    # Title and address exactly as thresholds.yml or a procedure's front matter gives them: no invented sources.
    cited = (COUNCIL_DIR / "thresholds.yml").read_text() + "".join(
        p.read_text() for p in (COUNCIL_DIR / "procedures").glob("*.md")
    )
    strange = [f"{s.id}: {src}" for s in _bank(council).scenarios for src in s.sources if src not in cited]
    assert strange == []


def test_the_scenarios_are_fictional_and_say_so(council: Council) -> None:
    header = (COUNCIL_DIR / "scenarios" / "about.yml").read_text()
    assert "FICTIONAL" in header and "council edits this folder" in header
    # Nobody in a scenario has a surname: first names only, so no real family is described.
    full_names = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+ (?:is|was|has|says|said)\b")
    assert [s.id for s in _bank(council).scenarios if full_names.search(s.text)] == []
