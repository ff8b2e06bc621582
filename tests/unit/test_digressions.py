"""Every form lets the worker ask another kind of question and come back: the rules and slot mappings say so."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.digress import DIGRESSIONS, FORM_SLOTS
from bot.dialogue import FORM_TITLES, carry_on, left

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((ROOT / "data" / "digressions.yml").read_text(encoding="utf-8"))["rules"]
FORMS = sorted(DOMAIN["forms"])


def _steps(form: str, intent: str) -> list[dict]:
    for rule in RULES:
        if rule.get("condition") == [{"active_loop": form}] and rule["steps"][0] == {"intent": intent}:
            return rule["steps"]
    return []


def test_every_form_has_a_title_and_its_slots() -> None:
    assert sorted(FORM_TITLES) == FORMS
    assert sorted(FORM_SLOTS) == FORMS


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("intent", DIGRESSIONS)
def test_every_question_is_answered_inside_every_form(form: str, intent: str) -> None:
    steps = _steps(form, intent)
    assert steps[1:] == [
        {"action": "action_digress"},
        {"slot_was_set": [{"paused_form": form}]},
        {"active_loop": None},
    ]


@pytest.mark.parametrize("form", FORMS)
def test_every_paused_form_can_be_resumed_or_left(form: str) -> None:
    paused = [r for r in RULES if r.get("condition") == [{"slot_was_set": [{"paused_form": form}]}]]
    first = {r["steps"][0]["intent"]: r["steps"] for r in paused}
    assert first["affirm"][1:] == [
        {"action": "action_resume_form"},
        {"slot_was_set": [{"paused_form": None}]},
        {"action": form},
        {"active_loop": form},
    ]
    assert first["deny"][1] == {"action": "action_leave_form"}


def test_free_text_answers_never_swallow_a_question() -> None:
    for name, slot in DOMAIN["slots"].items():
        for mapping in slot.get("mappings", []):
            if mapping.get("type") == "from_text":
                assert set(DIGRESSIONS) <= set(mapping.get("not_intent", [])), name


def test_the_worker_is_asked_and_told() -> None:
    offer = carry_on("decision_form")
    assert "carry on with the decision record" in offer.text
    assert [c.payload for c in offer.choices] == ["/affirm", "/deny"]
    assert "was not kept" in left("threshold_form").text and "999" in left("threshold_form").text
