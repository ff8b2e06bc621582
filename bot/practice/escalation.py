"""Escalation routes: where to take a worry, chosen by situation and by the time in the council's zone."""

from __future__ import annotations

import datetime as dt

from bot.council.contacts import describe as describe_contact
from bot.council.contacts import front_door_now
from bot.council.models import Profile
from bot.practice.data import Escalation, Situation
from bot.text.naming import longest_named


def find_situation(data: Escalation, words: str) -> Situation | None:
    """The situation a worker describes, by its phrases (longest phrase found wins)."""
    return longest_named(words, ((s, (s.title, *s.phrases)) for s in data.situations))


def route(data: Escalation, profile: Profile, situation: Situation, when: dt.datetime) -> str:
    """The steps, the contacts for right now, the stages if any, and what to record."""
    door = front_door_now(profile, when)
    ids = situation.contacts.in_hours if door.office_open else situation.contacts.out_of_hours
    lines = [f"{situation.title}:"]
    lines += [f"{n}. {step}" for n, step in enumerate(situation.steps, start=1)]
    lines.append(f"Contacts for right now ({door.reason}):")
    lines += [f"- {describe_contact(profile.contact(i))}" for i in ids]
    for stage in situation.stages:
        label = " (example - confirm locally)" if stage.example else ""
        lines.append(f"Stage {stage.stage}{label}: {stage.who}, {stage.by_when}. {stage.what}")
    if situation.timescale:
        lines.append(f"Timescale: {situation.timescale}")
    lines.append(f"Record: {situation.record}")
    if situation.example:
        lines.append(f"This route is an example until the council confirms it. {situation.note}".strip())
    lines.append(f"Source: {situation.source}; last reviewed {data.last_reviewed:%d %B %Y}.")
    return "\n".join(lines)
