"""Escalation routes: where to take a worry, chosen by situation and by the time in the council's zone."""

from __future__ import annotations

import datetime as dt
import re

import snowballstemmer

from bot.council.contacts import describe as describe_contact
from bot.council.contacts import front_door_now
from bot.council.models import Profile
from bot.practice.data import Escalation, Situation
from bot.text.naming import longest_named

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[a-z]+")
# Words every situation shares (and "escalate", said of every route): they say nothing about which one it is.
_COMMON_WORDS = """
    escalate escalation escalating how what that this do does can should a an the with your own my about of to
    for in on and or is it someone who child children
"""
_COMMON = frozenset(_COMMON_WORDS.split())


def _stems(text: str) -> set[str]:
    # Six letters of the stem: "disagree" and "disagreement" stem apart (disagre, disagr) but share "disagr".
    return {_STEMMER.stemWord(w)[:6] for w in _WORD.findall(text.lower()) if w not in _COMMON and len(w) > 2}


def find_situation(data: Escalation, words: str) -> Situation | None:
    """The situation a worker describes: by its phrases (longest found wins), else by the words it shares.

    "my manager and I disagree about closing a case" names no phrase, but shares "disagree" and "manager"
    with "A disagreement with your own manager" and only "disagree" with the agency route.
    """
    named = longest_named(words, ((s, (s.title, *s.phrases)) for s in data.situations))
    if named is not None:
        return named
    said = _stems(words)
    scored = sorted(
        ((len(said & _stems(" ".join((s.title, *s.phrases)))), i) for i, s in enumerate(data.situations)),
        reverse=True,
    )
    if not scored or scored[0][0] < 2 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return data.situations[scored[0][1]]


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
