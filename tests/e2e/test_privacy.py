"""What a worker types reaches the tracker database redacted, through the real REST channel and Rasa server."""

from __future__ import annotations

import sqlite3
import time

from tests.e2e.conftest import Stack, new_sender, texts

NOTE = (
    "mum Leila Haddad rang from 07700 900123, she and baby Yusuf now live at 14 Elm Crescent "
    "and her partner Dmitri hit her last week"
)
SECRETS = ("Leila", "Haddad", "07700 900123", "900123", "14 Elm Crescent", "Yusuf", "Dmitri")


def test_no_tracker_row_holds_a_name_phone_or_address(stack: Stack) -> None:
    sender = new_sender("privacy")
    stack.say(sender, "I'm worried about a child")
    answer = texts(stack.say(sender, NOTE))
    # The turn in progress still works on what was typed: the concern is read and answered.
    assert answer
    time.sleep(0.5)
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        rows = db.execute("SELECT type_name, data FROM events WHERE sender_id = ?", (sender,)).fetchall()
    assert rows, "the conversation was not stored"
    stored = "\n".join(data for _, data in rows)
    for secret in SECRETS:
        assert secret not in stored, secret
    assert "[name]" in stored and "[phone]" in stored and "[address]" in stored
