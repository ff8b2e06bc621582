"""Replies for prompts, escalation and timescales, in the shared Reply shape."""

from __future__ import annotations

import datetime as dt

from bot.loading import Council
from bot.practice import dialogue as pd

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)


def test_without_a_set_the_worker_chooses_one_by_button(council: Council) -> None:
    reply = pd.ask_prompt(council.prompts, {})
    assert reply.text == "Which would help?"
    assert len(reply.choices) == len(council.prompts.sets)
    assert all(c.payload.startswith('/start_prompts{"prompt_set":') for c in reply.choices)


def test_answers_move_through_a_set_and_a_bad_scale_is_explained(council: Council) -> None:
    first = council.prompts.sets[0]
    slots = pd.start_prompts(council.prompts, first.id, "")
    assert slots == {"prompt_set": first.id, "prompt_index": 0, "prompt_answers": []}
    scale_at = next((i for i, q in enumerate(first.questions) if q.kind == "scale"), None)
    if scale_at is not None:
        updates, reply = pd.answer_prompt(council.prompts, {**slots, "prompt_index": scale_at}, None, "eleven-ish")
        assert reply is not None and "0 to 10" in reply.text and updates["prompt_answer"] is None
    updates, reply = pd.answer_prompt(council.prompts, slots, None, "skip")
    assert reply is None and updates["prompt_index"] == 1


def test_the_summary_can_be_saved_as_a_reflection() -> None:
    reply = pd.prompt_summary("What went well: ...")
    assert [c.payload for c in reply.choices] == ["/log_decision", "/deny"]
    assert reply.slots() == {"decision_kind": "reflection"}


def test_escalation_asks_which_situation_then_offers_to_log(council: Council) -> None:
    asked = pd.escalation(council.escalation, council.profile, None, "hmm", NOW)
    assert asked.text == "Which situation is it?" and len(asked.choices) == len(council.escalation.situations)
    first = council.escalation.situations[0]
    answered = pd.escalation(council.escalation, council.profile, first.id, "", NOW)
    assert (
        answered.text.startswith(f"{first.title}:")
        and [m.response for m in answered.messages()][-1] == "utter_offer_log"
    )


def test_timescale_needs_an_event_and_a_readable_date(council: Council) -> None:
    assert pd.timescale(council.timescales, council.profile, None, "when is it due", NOW.date()).text.startswith(
        "Which timescale?"
    )
    bad = pd.timescale(
        council.timescales, council.profile, "strategy_to_icpc", "strategy discussion on 31 February", NOW.date()
    )
    assert bad.text.startswith("Initial child protection conference:") and '31 February" is not a real date' in bad.text
