"""The threshold conversation's use cases: each turns what the form holds into one `Reply`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bot.council.emergency import immediate_danger_reply
from bot.council.models import Profile
from bot.dialogue import Reply, respond
from bot.threshold import dialogue as td
from bot.threshold.engine import ThresholdEngine
from bot.threshold.render import render, sources


def read_description(
    engine: ThresholdEngine, profile: Profile, draft: str | None, value: str, now: dt.datetime
) -> tuple[dict[str, Any], Reply | None]:
    """Accept a description with something to assess; otherwise ask for more, keeping what was said.

    One pass over the text. With no answers yet, "emergency" means a danger phrase was found;
    nothing recognised (even beside a danger phrase) means keep the words and ask for more.
    """
    text = " ".join(filter(None, [draft, value]))
    problem = td.description_problem(text)
    if problem:
        return {"concern_text": None}, Reply(problem)
    result = engine.assess(text, now)
    # A child whose needs are met (Level 1), possible indicators to confirm, or a level the description
    # reads like are enough to go on with.
    in_danger = result.emergency
    needs_more = not (result.matched or result.possible or result.reading or (result.level == 1 and not in_danger))
    reply = Reply(immediate_danger_reply(profile, now)) if in_danger else None
    if needs_more:
        ask = respond("utter_resume_after_danger" if in_danger else "utter_no_indicators_found")
        reply = reply.followed_by(ask) if reply else ask
        return {"concern_text": None, "concern_draft": text}, reply
    return {"concern_text": text, "concern_draft": None}, reply


def danger_answer(profile: Profile, value: Any, now: dt.datetime) -> Reply | None:
    """A yes to "is the child in danger now?" is answered at once with 999 and the front door."""
    return Reply(immediate_danger_reply(profile, now)) if value == "yes" else None


def indicator_review(engine: ThresholdEngine, slots: Mapping[str, Any], now: dt.datetime) -> Reply:
    """The indicators found, by domain, with buttons to confirm, remove or add."""
    result = td.assess_slots(engine, slots, now)
    return td.review_prompt(result.matched, engine.data, slots.get("indicator_browse"), result.possible, result.reading)


def recommendation(engine: ThresholdEngine, slots: Mapping[str, Any], now: dt.datetime) -> Reply:
    """The recommendation with reasons, route and contacts, then whether the worker agrees."""
    result = td.assess_slots(engine, slots, now)
    remember = {
        "recommended_level": str(result.level) if result.level else None,
        "emergency": result.emergency,
        "threshold_summary": td.summary(result),
        "sources_all": sources(result, engine.data),
    }
    answer = Reply(render(result, engine.data), remember=remember)
    return answer.followed_by(respond("utter_ask_agree_level", recommended_level=result.level))


def decision(slots: Mapping[str, Any]) -> Reply:
    """The worker's decision (agreeing or not) noted with its reasons, and an offer to log it."""
    recommended: str | None = slots.get("recommended_level")
    chosen = slots.get("chosen_level") or recommended
    note = Reply(
        td.decision_note(recommended, chosen, slots.get("disagreement_reason")),
        remember={"chosen_level": chosen, "decision_kind": "threshold"},
    )
    return note.followed_by(respond("utter_offer_log"))
