"""Foundation conversations through the real REST channel, Rasa server and action server."""

from __future__ import annotations

import json

from tests.e2e.conftest import Stack, buttons, new_sender, texts

MENU = {
    "A child is in danger now",
    "I'm worried about a child",
    "Find a procedure",
    "Reflect or prepare",
    "Log a decision",
    "Who do I contact?",
}
# The "please rephrase" answer keeps its short menu, with the way to see everything.
REPHRASE_MENU = {"A child is in danger now", "I'm worried about a child", "Who do I contact?", "What can you do?"}


def test_greeting_shows_the_menu(stack: Stack) -> None:
    replies = stack.say(new_sender(), "hi")
    assert "Practice Companion" in texts(replies)
    assert {b["title"] for b in buttons(replies)} == MENU


def test_help_and_bot_challenge(stack: Stack) -> None:
    sender = new_sender()
    assert "Here is what I can do" in texts(stack.say(sender, "what can you do?"))
    assert "not a person" in texts(stack.say(sender, "am I talking to a real person?"))


def test_fallback_asks_to_rephrase_with_menu(stack: Stack) -> None:
    # The classifier's best guess for a stray word is "cancel", which needs a cancel word: the
    # guard drops it, and the runner-up is too unsure, so the worker is asked to rephrase.
    replies = stack.say(new_sender(), "short")
    assert "say it another way" in texts(replies)
    assert {b["title"] for b in buttons(replies)} >= REPHRASE_MENU


def test_fallback_rule_for_an_unsure_classifier(stack: Stack) -> None:
    assert "say it another way" in texts(stack.say(new_sender(), "/nlu_fallback"))


def test_out_of_scope_is_polite_with_menu(stack: Stack) -> None:
    replies = stack.say(new_sender(), "what's the weather going to be like tomorrow?")
    assert "outside what I can help with" in texts(replies)
    assert buttons(replies)


def test_contacts_for_now_come_from_council_data(stack: Stack) -> None:
    said = texts(stack.say(new_sender(), "what's the number for the MASH?"))
    assert "020 8489 4533" in said and "Source:" in said


def test_immediate_danger_gives_999_then_the_front_door(stack: Stack) -> None:
    said = texts(stack.say(new_sender(), "a child is in immediate danger"))
    assert said.index("999") < said.index("020 8489 4533")  # office hours: the MASH line


def test_immediate_danger_in_the_middle_of_a_flow(stack: Stack) -> None:
    sender = new_sender()
    assert "Tell me about the worry" in texts(stack.say(sender, "I'm worried about a child"))
    said = texts(stack.say(sender, "her dad is hitting her now"))
    assert said.index("999") < said.index("020 8489 4533")
    assert "carry on where we left off" in said
    assert "Tell me about the worry" in said  # the interrupted question comes back


def test_empty_text(stack: Stack) -> None:
    assert "didn't receive any words" in texts(stack.say(new_sender(), "   "))


def test_emoji_only(stack: Stack) -> None:
    assert "only read words" in texts(stack.say(new_sender(), "🙂🙂👍"))


def test_non_english_sentence(stack: Stack) -> None:
    assert "only work in English" in texts(stack.say(new_sender(), "Bonjour, je suis très inquiète pour cet enfant"))


def test_ten_thousand_characters_are_answered(stack: Stack) -> None:
    sender = new_sender()
    replies = stack.say(sender, ("The family were seen at home today. " * 300)[:10_000])
    assert texts(replies)
    stack.say(sender, "/restart")
    assert "Practice Companion" in texts(stack.say(sender, "hello"))


def test_over_the_limit_is_refused_clearly(stack: Stack) -> None:
    assert "I can take up to 12,000" in texts(stack.say(new_sender(), "x " * 7000))


def test_malformed_json_is_a_4xx_and_the_server_keeps_serving(stack: Stack) -> None:
    for body in (b"{not json", b"[]", json.dumps({"sender": 3, "message": "hi"}).encode()):
        status, reply = stack.post_raw(body)
        assert 400 <= status < 500 and "error" in reply
    assert texts(stack.say(new_sender(), "hi"))


def test_restart_starts_again(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, "I'm worried about a child")
    restarted = texts(stack.say(sender, "/restart"))
    assert "Starting again" in restarted and "couldn't finish" not in restarted
    assert "Practice Companion" in texts(stack.say(sender, "hi"))


def test_action_server_down_gives_a_clear_apology(stack: Stack) -> None:
    stack.stop("actions")
    try:
        said = texts(stack.say(new_sender(), "who do I contact?"))
        assert "Sorry, I couldn't finish that" in said and "999" in said
    finally:
        stack.start_actions()
    assert "020 8489 4533" in texts(stack.say(new_sender(), "who do I contact?"))


def test_who_to_call_about_a_child_right_now(stack: Stack) -> None:
    # The stack runs at FIXED_NOW (a weekday morning): the front door; the Friday 16:40/16:50 edges
    # are tested on the same action with PRACTICE_NOW in tests/integration/test_actions.py.
    said = texts(stack.say(new_sender(), "who do I call about a child right now?"))
    lines = said.splitlines()
    assert "999" in lines[1] and "MASH (front door), professionals' line" in lines[2]
