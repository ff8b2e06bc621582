"""The REST channel accepts only well-formed requests and never leaves a worker with silence."""

from __future__ import annotations

import json

import pytest

from bot.channels.replies import apology
from bot.channels.rest import check_body


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{bad", "must be JSON"),
        (b"", "must be JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({"message": "hi"}).encode(), "'sender'"),
        (json.dumps({"sender": "", "message": "hi"}).encode(), "'sender'"),
        (json.dumps({"sender": "x" * 200, "message": "hi"}).encode(), "'sender'"),
        (json.dumps({"sender": "a", "message": 5}).encode(), "'message' must be a string"),
        (json.dumps({"sender": "a", "message": "hi", "metadata": [1]}).encode(), "'metadata'"),
        (b"\xff\xfe", "must be JSON"),
    ],
)
def test_bad_bodies_are_refused_with_a_reason(body: bytes, reason: str) -> None:
    data, problem = check_body(body)
    assert data is None and problem is not None and reason in problem


def test_good_body() -> None:
    data, problem = check_body(json.dumps({"sender": "demo-worker", "message": "hi"}).encode())
    assert problem is None and data == {"sender": "demo-worker", "message": "hi"}


def test_apology_always_names_999() -> None:
    assert "999" in apology()


def test_the_too_long_answer_names_the_length_and_the_limit() -> None:
    from bot.channels.replies import MAX_MESSAGE_CHARS, too_long

    said = too_long(MAX_MESSAGE_CHARS + 1)
    assert f"{MAX_MESSAGE_CHARS + 1:,} characters" in said and f"{MAX_MESSAGE_CHARS:,}" in said
    assert "Nothing has been recorded" in said
