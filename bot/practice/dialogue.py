"""Replies for reflective prompts, escalation routes and timescales, in the shared `Reply` shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bot.council.models import Profile
from bot.dialogue import Choice, Reply, payload, respond, say
from bot.practice import prompts
from bot.practice.data import Escalation, Prompts, PromptSet, Timescales
from bot.practice.dates import DateError, NoDateError, find_date
from bot.practice.escalation import find_situation, route
from bot.practice.timescales import describe, due_date, find_event, rule

PROMPT_SLOTS = ("prompt_set", "prompt_index", "prompt_answers", "prompt_answer", "prompt_summary")


def chosen_set(data: Prompts, named: str | None, text: str) -> PromptSet | None:
    """The prompt set a button names, or the one the words describe."""
    return data.get(named or "") or prompts.find_set(data, text)


def start_prompts(data: Prompts, named: str | None, text: str) -> dict[str, Any]:
    """Slot values that start a prompt set (or leave the choice open)."""
    chosen = chosen_set(data, named, text)
    return {"prompt_set": chosen.id if chosen else None, "prompt_index": 0, "prompt_answers": []}


def answer_prompt(
    data: Prompts, slots: Mapping[str, Any], named: str | None, value: str
) -> tuple[dict[str, Any], Reply | None]:
    """Apply an answer to the current question, or read which set the worker chose."""
    current = data.get(str(slots.get("prompt_set") or ""))
    if current is None:
        return {"prompt_answer": None, **start_prompts(data, named, value)}, None
    index, answers = int(slots.get("prompt_index") or 0), tuple(slots.get("prompt_answers") or ())
    step = prompts.answer(current, index, answers, value)
    done = (
        {"prompt_answer": "done", "prompt_summary": prompts.summary(current, step.answers)}
        if step.finished
        else {"prompt_answer": None}
    )
    updates = {**done, "prompt_index": step.index, "prompt_answers": list(step.answers)}
    return updates, Reply(step.problem) if step.problem else None


def ask_prompt(data: Prompts, slots: Mapping[str, Any]) -> Reply:
    """The current question, or which prompt set to use."""
    current = data.get(str(slots.get("prompt_set") or ""))
    if current is None:
        choices = tuple(Choice(s.title, payload("start_prompts", prompt_set=s.id)) for s in data.sets)
        return Reply("Which would help?", choices)
    return Reply(prompts.ask(current, int(slots.get("prompt_index") or 0)))


def prompt_summary(summary: str) -> Reply:
    """The tidy summary, with the choice to save it as a reflective note or discard it."""
    choices = (Choice("Save as a reflective note", "/log_decision"), Choice("Discard", "/deny"))
    return Reply(summary, choices, {"decision_kind": "reflection"})


def escalation(data: Escalation, profile: Profile, named: str | None, text: str, now: dt.datetime) -> Reply:
    """Where to take a worry: steps, contacts for right now, stages and what to record."""
    situation = data.get(named or "") or find_situation(data, text)
    if situation is None:
        choices = tuple(Choice(s.title, payload("ask_escalation", situation=s.id)) for s in data.situations)
        return Reply("Which situation is it?", choices)
    answer = Reply(route(data, profile, situation, now), remember={"decision_kind": "escalation"})
    if situation.id == "allegation":
        # The Designated Officer route comes first; the child's own needs may still call for a threshold decision.
        answer = answer.followed_by(
            say(
                "The child's own needs may also call for a referral: you can think that through with me too.",
                Choice("Think through the worry about the child", payload("worried_about_child")),
            )
        )
    return answer.followed_by(respond("utter_offer_log"))


def timescale(data: Timescales, profile: Profile, named: str | None, text: str, today: dt.date) -> Reply:
    """When something is due, from the event and date in the message."""
    event = data.get(named or "") or find_event(data, text)
    if event is None:
        names = ", ".join(e.title.lower() for e in data.events)
        return Reply(
            f'Which timescale? I know: {names}. Ask like "strategy discussion on 2 March, when is the conference due?"'
        )
    try:
        start = find_date(text, today)
    except NoDateError:
        return Reply(rule(event))
    except DateError as problem:
        return Reply(f"{event.title}: {problem}")
    return Reply(describe(due_date(profile, event, start.date)))
