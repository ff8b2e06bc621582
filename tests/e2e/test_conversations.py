"""Conversations as data (tests/e2e/conversations/*.yml), run through the real REST channel and action server.

Rasa Pro has end-to-end conversation tests; open-source 3.6 does not, so this is the equivalent. Each
conversation is a list of turns: what the worker says (as whom), and what the replies must contain, must not
contain, which buttons they must offer and which slots must then hold which values (read from the tracker
database, where values are stored redacted). `capture` keeps a value from a reply for later turns
("{decision_id}"). A failing conversation prints its whole transcript.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.conftest import Stack, new_sender

FOLDER = Path(__file__).with_name("conversations")


@dataclass
class Conversation:
    """One conversation from a YAML file."""

    name: str
    turns: list[dict[str, Any]]
    sender: str = "new"
    source: str = ""
    transcript: list[str] = field(default_factory=list)


def load() -> list[Conversation]:
    """Every conversation in every file of the folder, in order."""
    found = []
    for path in sorted(FOLDER.glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
            found.append(Conversation(item["name"], item["turns"], item.get("sender", "new"), path.name))
    return found


CONVERSATIONS = load()


def _slots(db: str, sender: str) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot' ORDER BY id", (sender,)
        ).fetchall()
    values: dict[str, Any] = {}
    for (data,) in rows:
        event = json.loads(data)
        values[event["name"]] = event.get("value")
    return values


def _check(convo: Conversation, turn: dict[str, Any], replies: list[dict[str, Any]], slots: dict[str, Any]) -> None:
    said = "\n".join(str(r.get("text") or "") for r in replies)
    titles = [b.get("title", "") for r in replies for b in r.get("buttons") or []]
    convo.transcript.append(
        "bot:  " + said.replace("\n", "\n      ") + (f"\n      buttons: {titles}" if titles else "")
    )
    for wanted in turn.get("expect", []):
        assert wanted.lower() in said.lower(), f"expected {wanted!r}"
    for unwanted in turn.get("not", []):
        assert unwanted.lower() not in said.lower(), f"did not expect {unwanted!r}"
    for title in turn.get("buttons", []):
        assert any(title.lower() in t.lower() for t in titles), f"expected a button {title!r}"
    for name, value in (turn.get("slots") or {}).items():
        assert slots.get(name) == value, f"slot {name}: {slots.get(name)!r}, expected {value!r}"


@pytest.mark.parametrize("convo", CONVERSATIONS, ids=[c.name for c in CONVERSATIONS])
def test_conversation(stack: Stack, convo: Conversation) -> None:
    default = new_sender("convo") if convo.sender == "new" else convo.sender
    captured: dict[str, str] = {}
    if convo.sender != "new":
        stack.say(default, "/restart")
    try:
        for turn in convo.turns:
            sender = turn.get("as", default)
            text = str(turn["say"]).format(**captured)
            convo.transcript.append(f"{sender}: {text}")
            replies = stack.say(sender, text)
            slots = _slots(stack.env["TRACKER_DB"], sender) if turn.get("slots") else {}
            _check(convo, turn, replies, slots)
            for key, pattern in (turn.get("capture") or {}).items():
                found = re.search(pattern, "\n".join(str(r.get("text") or "") for r in replies))
                assert found, f"nothing to capture for {key} with {pattern!r}"
                captured[key] = found.group(1)
    except AssertionError as failure:
        transcript = "\n".join(convo.transcript)
        pytest.fail(f"{convo.source}: {convo.name}: {failure}\n--- transcript ---\n{transcript}", pytrace=False)


def test_there_are_enough_conversations() -> None:
    assert len(CONVERSATIONS) >= 30
