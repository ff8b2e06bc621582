"""The procedure library and glossary over REST: question, follow-ups, glossary, no-match, feedback, bad input."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.storage.db import make_engine, unit_of_work
from bot.storage.models import FeedbackRow
from tests.e2e.conftest import Stack, buttons, cited, new_sender, texts


def _feedback(stack: Stack) -> list[tuple[str, bool]]:
    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        with unit_of_work(engine, read_only=True) as session:
            return [(r.procedure_id, r.helpful) for r in session.execute(select(FeedbackRow)).scalars()]
    finally:
        engine.dispose()


def test_question_follow_ups_and_feedback(stack: Stack) -> None:
    sender = new_sender()
    replies = stack.say(sender, "what's the procedure when a baby who can't crawl has a bruise?")
    said = texts(replies)
    assert cited(said) and "Last reviewed" in said and "Did this help?" in said
    offered = [b["title"] for b in buttons(replies)]
    assert said.startswith("Bruising and injuries in babies")
    assert "Yes, it helped" in offered and "No" in offered
    assert "More of this" in offered or "This procedure from the start" in offered
    others = [b for b in buttons(replies) if b["payload"].startswith("/open_procedure") and ": " in b["title"]]
    assert len(others) == 2 and all(not b["payload"].count("bruising") for b in others)
    start = next((b["payload"] for b in buttons(replies) if b["title"] == "This procedure from the start"), None)
    more = texts(stack.say(sender, start or "tell me more"))
    assert more.startswith("Bruising and injuries in babies") and more.splitlines()[0] != said.splitlines()[0]
    first_no = next(b["payload"] for b in buttons(replies) if b["title"] == "No")
    assert others[0]["title"].split(":")[0] in texts(stack.say(sender, "what else?"))
    before = len(_feedback(stack))
    assert "Thanks" in texts(stack.say(sender, first_no))  # the first answer's card, clicked late
    assert _feedback(stack)[before:] == [("bruising-non-mobile-babies", False)]
    assert "no new answer to rate" in texts(stack.say(sender, first_no))
    assert "Thanks" in texts(stack.say(sender, '/rate_answer{"helpful":"yes"}'))  # the answer on screen
    assert len(_feedback(stack)) == before + 2


def test_a_result_button_opens_that_procedure(stack: Stack) -> None:
    sender = new_sender()
    replies = stack.say(sender, "how do I arrange an initial child protection conference?")
    other = next(b for b in buttons(replies) if b["payload"].startswith("/open_procedure"))
    opened = texts(stack.say(sender, other["payload"]))
    assert opened.splitlines()[0].startswith(other["title"].split(":")[0])


def test_typed_yes_after_an_answer_is_stored(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, "what should happen on a child protection plan visit")
    before = len(_feedback(stack))
    assert "Thanks" in texts(stack.say(sender, "yes"))
    assert len(_feedback(stack)) == before + 1


def test_glossary_by_acronym_and_by_name(stack: Stack) -> None:
    sender = new_sender()
    lado = stack.say(sender, "what does LADO mean?")
    assert "Designated Officer" in texts(lado) and cited(texts(lado))
    related = [b for b in buttons(lado) if b["payload"].startswith("/open_procedure")]
    assert related
    assert cited(texts(stack.say(sender, related[0]["payload"])))
    assert "optimism" in texts(stack.say(sender, "what is the rule of optimism?")).lower()


def test_no_match_is_honest(stack: Stack) -> None:
    said = texts(stack.say(new_sender(), "what's the procedure for fixing the printer on the third floor"))
    # The library says it has nothing and won't guess, or the question is read as outside the job or asked
    # again: never a procedure that does not answer it.
    assert "Source:" not in said
    honest = ("won't guess" in said and "manager" in said) or "outside what I can help with" in said
    assert honest or "say it another way" in said


def test_asking_for_a_procedure_without_a_question(stack: Stack) -> None:
    assert "What would you like to look up" in texts(stack.say(new_sender(), "/ask_procedure"))


def test_more_before_any_question(stack: Stack) -> None:
    assert "nothing to continue" in texts(stack.say(new_sender(), "/more"))


def test_a_four_thousand_character_question(stack: Stack) -> None:
    question = ("What is the procedure when a teenager goes missing from care again and again? " * 60)[:4000]
    said = texts(stack.say(new_sender(), question))
    assert said  # an answer, not an error; the question is cut to the first 4,000 characters for search


def test_bad_input_on_the_library_path(stack: Stack) -> None:
    assert "only read words" in texts(stack.say(new_sender(), "📚❓"))
    assert "only work in English" in texts(
        stack.say(new_sender(), "¿Cuál es el procedimiento para un niño desaparecido?")
    )
    status, _ = stack.post_raw(json.dumps({"sender": new_sender(), "message": ""}).encode())
    assert status in (200, 400)


def test_the_fgm_duty_is_personal_to_the_police_on_101(stack: Stack) -> None:
    said = texts(stack.say(new_sender(), "Do I have to report FGM myself?"))
    assert "personal" in said and "101" in said and "one month" in said
    assert "Female genital mutilation (FGM) and the mandatory reporting duty" in said and "Main sources:" in said


def test_the_first_review_of_a_child_in_care(stack: Stack) -> None:
    said = texts(stack.say(new_sender(), "When is the first review for a child who has come into care?"))
    assert "20 working days" in said and "2010" in said
