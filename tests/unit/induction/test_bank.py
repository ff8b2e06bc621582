"""The scenario bank is checked against thresholds.yml: every kind of mistake is named by file and field,
and `config check` reports it with the rest of the council data."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.induction.bank import parse_bank
from bot.induction.data import PITFALLS, ROUTES
from bot.loading import Council, check_council
from tests.conftest import COUNCIL_DIR

FILE = "scenarios/test.yml"
ABOUT = "scenarios/about.yml"
VOCABULARY = yaml.safe_load((COUNCIL_DIR / "scenarios" / "about.yml").read_text())
STAGE = {"label": "Referral", "text": "The school says Leo, 7, comes in hungry and in the same clothes all week."}


def _scenario(**change: Any) -> dict[str, Any]:
    scenario = {
        "id": "hungry_at_school",
        "title": "Hungry at school",
        "theme": "neglect",
        "stages": [STAGE],
        "expected_level": 2,
        "expected_indicators": ["l2_hygiene_basic_care"],
        "next_steps": "An early help assessment with mum's agreement.",
        "route": "early_help",
        "pitfalls": ["over_call"],
        "model_answer": (
            "Basic care is inconsistent: Leo sometimes arrives hungry and unwashed. Nothing points to harm, "
            "so this is early help with the family's consent."
        ),
        "sources": ["Hampshire County Council, Early help threshold chart (hants.gov.uk)"],
        "last_reviewed": dt.date(2026, 12, 10),
    }
    scenario.update(change)
    return {key: value for key, value in scenario.items() if value is not None}


def _parse(council: Council, *scenarios: dict[str, Any], vocabulary: Any = VOCABULARY) -> tuple[Any, list[str]]:
    files = [(ABOUT, vocabulary), (FILE, {"scenarios": list(scenarios)})]
    bank, issues = parse_bank(files, council.thresholds)
    return bank, [f"{file}: {where}: {message}" for file, where, message in issues]


def test_a_valid_scenario_is_read_with_its_indicators_and_words(council: Council) -> None:
    bank, problems = _parse(council, _scenario())
    assert problems == []
    scenario = bank.get("hungry_at_school")
    assert scenario.file == FILE and scenario.theme_label == "Neglect" and scenario.levels[3] == "Targeted"
    assert scenario.expected[0].wording.startswith("Basic care is inconsistent")
    assert scenario.expected[0].domain == "Parenting capacity" and scenario.route.label == "Early help"
    assert scenario.pitfalls[0].question and scenario.pitfall("under_call").label == "Under-call"
    assert bank.themes == {"neglect": "Neglect"} and bank.get("nope") is None


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            {"expected_indicators": ["l9_nope"]},
            "scenarios.0.expected_indicators.0: no indicator with this id in thresholds.yml (value: 'l9_nope')",
        ),
        (
            {"expected_indicators": ["l2_hygiene_basic_care", "l2_hygiene_basic_care"]},
            "scenarios.0.expected_indicators.1: 'l2_hygiene_basic_care' is listed twice",
        ),
        ({"expected_indicators": []}, "scenarios.0.expected_indicators: needs at least 1 item(s)"),
        ({"expected_level": 5}, "scenarios.0.expected_level: must be a level from 1 to 4 (value: 5)"),
        ({"expected_level": 0}, "scenarios.0.expected_level: must be a level from 1 to 4 (value: 0)"),
        ({"expected_level": "two"}, "scenarios.0.expected_level: must be a level from 1 to 4 (value: 'two')"),
        ({"expected_level": True}, "scenarios.0.expected_level: must be a level from 1 to 4 (value: True)"),
        ({"route": "hope_for_the_best"}, "scenarios.0.route: unknown route 'hope_for_the_best' (use universal"),
        ({"route": "strategy_discussion"}, "scenarios.0.route: 'strategy_discussion' does not fit Level 2"),
        ({"pitfalls": ["wishful_thinking"]}, "scenarios.0.pitfalls.0: unknown pitfall 'wishful_thinking' (use"),
        ({"theme": "weather"}, "scenarios.0.theme: unknown theme 'weather'"),
        ({"stages": []}, "scenarios.0.stages: needs at least 1 item(s)"),
        ({"stages": [STAGE] * 4}, "scenarios.0.stages: has 4 stages: use 1 to 3"),
        ({"stages": [{"label": "Referral", "text": "Too short."}]}, "scenarios.0.stages.0.text: too short"),
        ({"stages": [{**STAGE, "when": "today"}]}, "scenarios.0.stages.0.when: unknown key (value: 'today')"),
        ({"title": None}, "scenarios.0.title: field required"),
        ({"colour": "red"}, "scenarios.0.colour: unknown key (value: 'red')"),
        ({"id": "Hungry At School"}, "scenarios.0.id: use lower-case letters, digits and _ only"),
        ({"last_reviewed": "soon"}, "scenarios.0.last_reviewed: must be a date like 2026-12-01 (value: 'soon')"),
        ({"sources": ["A book I read"]}, "scenarios.0.sources.0: name the source by title and address"),
        ({"next_steps": "See [12]."}, "scenarios.0.next_steps: carries a numbered reference like [3]"),
    ],
)
def test_each_kind_of_mistake_is_named_by_file_and_field(
    council: Council, change: dict[str, Any], problem: str
) -> None:
    _, problems = _parse(council, _scenario(**change))
    assert any(p.startswith(f"{FILE}: {problem}") for p in problems), problems


def test_an_indicator_above_the_expected_level_is_a_problem(council: Council) -> None:
    _, problems = _parse(council, _scenario(expected_indicators=["l2_hygiene_basic_care", "l4_severe_neglect"]))
    assert problems == [
        f"{FILE}: scenarios.0.expected_indicators.1: 'l4_severe_neglect' is a Level 4 indicator, above the "
        "expected Level 2"
    ]


def test_the_level_must_be_carried_by_an_indicator_at_it(council: Council) -> None:
    _, problems = _parse(council, _scenario(expected_level=3, route="cin_assessment"))
    assert f"{FILE}: scenarios.0.expected_indicators: none of these is a Level 3 indicator: name the one that " \
        "carries the level" in problems  # fmt: skip


def test_a_model_answer_that_does_not_name_its_indicator_is_a_problem(council: Council) -> None:
    _, problems = _parse(council, _scenario(model_answer="Leo needs help, and early help is right for him. " * 3))
    assert problems == [
        f"{FILE}: scenarios.0.model_answer: does not name 'l2_hygiene_basic_care' (use most of these words: "
        "basic, care, inconsist)"
    ]


def test_a_duplicate_id_across_files_names_the_other_file(council: Council) -> None:
    files = [
        (ABOUT, VOCABULARY),
        ("scenarios/a.yml", {"scenarios": [_scenario()]}),
        (FILE, {"scenarios": [_scenario()]}),
    ]
    bank, issues = parse_bank(files, council.thresholds)
    assert issues == [(FILE, "scenarios.0.id", "duplicate id 'hungry_at_school' (also in scenarios/a.yml)")]
    assert len(bank.scenarios) == 1


def test_a_practice_theme_comes_from_about_yml(council: Council) -> None:
    assert _parse(council, _scenario(theme="pre_birth"))[1] == []
    vocabulary = {**VOCABULARY, "themes": {}}
    assert _parse(council, _scenario(theme="pre_birth"), vocabulary=vocabulary)[1] == [
        f"{FILE}: scenarios.0.theme: unknown theme 'pre_birth' (use a theme of thresholds.yml or of about.yml)"
    ]


def test_the_vocabulary_is_checked_against_the_keys_feedback_knows(council: Council) -> None:
    routes = {k: v for k, v in VOCABULARY["routes"].items() if k != "step_down"}
    pitfalls = {**VOCABULARY["pitfalls"], "wishful_thinking": {"label": "Wishful", "meaning": "x" * 30}}
    _, problems = _parse(council, _scenario(), vocabulary={**VOCABULARY, "routes": routes, "pitfalls": pitfalls})
    assert f"{ABOUT}: routes.step_down: missing: explain the route 'step_down' in one line" in problems
    assert any(
        p.startswith(f"{ABOUT}: pitfalls.wishful_thinking: unknown pitfall 'wishful_thinking'") for p in problems
    )
    assert set(VOCABULARY["routes"]) == set(ROUTES) and set(VOCABULARY["pitfalls"]) == set(PITFALLS)


def test_missing_vocabulary_and_empty_or_odd_files(council: Council) -> None:
    _, issues = parse_bank([(FILE, None), ("scenarios/b.yml", ["a list"])], council.thresholds)
    assert (
        ABOUT,
        "(file)",
        "missing or empty: the bank's routes, pitfalls and practice themes are explained here",
    ) in issues
    assert (FILE, "(file)", "is empty") in issues
    assert ("scenarios/b.yml", "(top level)", "must be a mapping with a list of scenarios") in issues


def _write(folder: Path, name: str, data: Any) -> None:
    (folder / "scenarios" / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_config_check_reports_scenario_problems_with_file_and_field(council_copy: Path) -> None:
    data = yaml.safe_load((council_copy / "scenarios" / "neglect.yml").read_text())
    data["scenarios"][1]["expected_level"] = 7
    _write(council_copy, "neglect.yml", data)
    (council_copy / "scenarios" / "broken.yml").write_text("scenarios: [unclosed\n")
    errors = [str(p) for p in check_council(council_copy, dt.date(2026, 12, 10)) if p.severity == "error"]
    assert "scenarios/neglect.yml: scenarios.1.expected_level: must be a level from 1 to 4 (value: 7)" in errors
    assert any(e.startswith("scenarios/broken.yml: line 2, column 1: not valid YAML") for e in errors)
    assert len([e for e in errors if e.startswith("scenarios/broken.yml")]) == 1  # no cascade after a YAML error


def test_a_council_without_scenarios_loads_with_a_warning(council_copy: Path) -> None:
    shutil.rmtree(council_copy / "scenarios")
    problems = check_council(council_copy, dt.date(2026, 12, 10))
    assert [str(p) for p in problems if p.file == "scenarios/"] == [
        "warning: scenarios/: (folder): no practice scenarios to practise on"
    ]
    assert all(p.severity == "warning" for p in problems)
