"""The decision log over REST: record with a disagreement, supervisor review, the author told."""

from __future__ import annotations

import sqlite3
import threading
import time

from tests.e2e.conftest import Stack, buttons, new_sender, texts

DESCRIPTION = "mum drinks most evenings and the 7 year old is often late and hungry at school"
REASON = "Mum engages well with school and the drinking is at weekends only, early help fits"
RATIONALE = (
    "The school and health visitor both report the children are fed and clean most days, and mum asked for help."
)


def _threshold_with_disagreement(stack: Stack, sender: str) -> None:
    stack.say(sender, DESCRIPTION)
    stack.say(sender, "/affirm")
    stack.say(sender, "/deny")
    stack.say(sender, "she said she is hungry and mum sleeps a lot")
    stack.say(sender, "Not asked yet")
    stack.say(sender, "nothing yet")
    stack.say(sender, "/deny")
    stack.say(sender, "Level 2")
    offer = stack.say(sender, REASON)
    assert any(b["payload"] == "/log_decision" for b in buttons(offer))


def _log(stack: Stack, sender: str, case_ref: str = "1234567", next_step: str = "EHA with mum next week") -> str:
    assert "Which case" in texts(stack.say(sender, "/log_decision"))
    stack.say(sender, case_ref)
    return texts(stack.say(sender, next_step))


def test_record_review_and_tell(stack: Stack) -> None:
    _threshold_with_disagreement(stack, "demo-worker")
    summary = _log(stack, "demo-worker")
    assert "Level: recommended 3, your decision 2" in summary and REASON in summary
    saved = texts(stack.say("demo-worker", "/affirm"))
    assert saved.startswith("Saved as decision ")
    decision_id = saved.split("Saved as decision ")[1].split(".")[0]

    queue = stack.say("demo-supervisor", "decisions awaiting my review")
    assert f"#{decision_id}" in texts(queue)
    refused = stack.say("demo-nqsw", f'/open_decision{{"decision_id":"{decision_id}"}}')
    assert "not one you can see" in texts(refused)  # a colleague's record, even in the same team
    opened = stack.say("demo-supervisor", f'/open_decision{{"decision_id":"{decision_id}"}}')
    assert REASON in texts(opened)
    challenge = next(b["payload"] for b in buttons(opened) if b["title"] == "Challenge")
    assert "Any comment" in texts(stack.say("demo-supervisor", challenge))
    assert "Review saved" in texts(stack.say("demo-supervisor", "Let's talk about the weekday drinking on Thursday"))

    told = texts(stack.say("demo-worker", "hi"))
    assert f"#{decision_id}: challenged by demo-supervisor" in told
    assert "challenged" in texts(stack.say("demo-worker", "my recent decisions"))
    assert f"#{decision_id}: challenged" not in texts(stack.say("demo-worker", "hello"))  # told once


def test_bad_case_reference_and_short_rationale(stack: Stack) -> None:
    sender = "demo-nqsw"
    stack.say(sender, "/log_decision")
    assert "for example 1234567" in texts(stack.say(sender, "Jane's case"))
    assert "What are your reasons" in texts(stack.say(sender, "7654321"))
    assert "at least 8 words" in texts(stack.say(sender, "ok"))
    too_long = texts(stack.say(sender, "word " * 2_000))
    assert "the limit is 5,000" in too_long
    assert "12,000" in texts(stack.say(sender, "x" * 20_000))
    sql = "Robert'); DROP TABLE decisions;-- was discussed with the team and the plan is agreed by all of us"
    stack.say(sender, sql)
    summary = texts(stack.say(sender, "Call Mrs Jane Smith on 07700 900123"))
    assert "DROP TABLE decisions" in summary and "Mrs [name]" in summary and "[phone]" in summary
    assert "I removed: 1 name, 1 phone" in summary
    assert "Saved as decision" in texts(stack.say(sender, "/affirm"))
    assert "case 7654321 (other): awaiting review" in texts(stack.say(sender, "my recent decisions"))


def test_practitioner_has_no_review_queue_and_strangers_see_nothing(stack: Stack) -> None:
    assert "Only supervisors" in texts(stack.say("demo-worker", "decisions awaiting my review"))
    assert "not in this council's staff directory" in texts(stack.say(new_sender(), "my recent decisions"))
    assert "not one you can see" in texts(stack.say("demo-nqsw", '/open_decision{"decision_id":"999999"}'))


def test_outbox_when_the_database_is_locked(stack: Stack) -> None:
    sender = "demo-worker"
    database = stack.env["DATABASE_URL"].removeprefix("sqlite:///")
    stack.say(sender, "/log_decision")
    stack.say(sender, "2345678")
    stack.say(sender, RATIONALE)
    stack.say(sender, "Review in two weeks")
    lock = sqlite3.connect(database, timeout=1, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(12, lock.rollback)
    release.start()
    try:
        kept = texts(stack.say(sender, "/affirm"))
    finally:
        release.cancel()
        lock.rollback()
        lock.close()
    assert "kept your record safely" in kept
    time.sleep(0.5)
    stack.say(sender, "/log_decision")
    stack.say(sender, "3456789")
    stack.say(sender, RATIONALE + " Second record.")
    stack.say(sender, "none")
    assert "Saved as decision" in texts(stack.say(sender, "/affirm"))
    with sqlite3.connect(database) as check:
        rows = check.execute(
            "SELECT case_ref, COUNT(*) FROM decisions WHERE case_ref IN ('2345678', '3456789') GROUP BY case_ref"
        ).fetchall()
    assert sorted(rows) == [("2345678", 1), ("3456789", 1)]
