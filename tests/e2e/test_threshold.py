"""Threshold conversations through the real REST channel, Rasa server and action server."""

from __future__ import annotations

from tests.e2e.conftest import Stack, buttons, cited, new_sender, texts

DESCRIPTION = "mum drinks most evenings and the 7 year old is often late and hungry at school"


def _payload(replies: list, title_start: str) -> str:
    return next(b["payload"] for b in buttons(replies) if b["title"].startswith(title_start))


def _answer_essentials(stack: Stack, sender: str) -> str:
    """Answer danger, the child's words, consent and what is in place; return the final answer."""
    assert "immediate danger right now" in texts(stack.say(sender, "/affirm"))
    assert "What does the child say" in texts(stack.say(sender, "/deny"))
    assert "parents or carers know" in texts(stack.say(sender, "she said she is hungry and mum sleeps a lot"))
    assert "already in place" in texts(stack.say(sender, "Not asked yet"))
    return texts(stack.say(sender, "nothing yet"))


def test_full_flow_with_agreement(stack: Stack) -> None:
    sender = new_sender()
    assert "Tell me about the worry" in texts(stack.say(sender, "I'm worried about a child"))
    review = texts(stack.say(sender, DESCRIPTION))
    assert 'you wrote "drinks"' in review and "Parenting capacity" in review
    answer = _answer_essentials(stack, sender)
    assert "Recommended level: 3" in answer
    assert "This is a recommendation, not a decision" in answer and cited(answer)
    assert 'The child says: "she said she is hungry' in answer
    assert "Noted: you agree with Level 3" in texts(stack.say(sender, "/affirm"))


def test_removing_and_adding_an_indicator(stack: Stack) -> None:
    sender = new_sender()
    review = stack.say(sender, DESCRIPTION)
    choices = stack.say(sender, _payload(review, "Remove one"))
    review = stack.say(sender, _payload(choices, "Remove: Attendance"))
    assert "Attendance is dropping" not in texts(review)
    areas = stack.say(sender, _payload(review, "Add one"))
    themes = stack.say(sender, _payload(areas, "Family and environmental"))
    items = stack.say(sender, _payload(themes, "Housing"))
    review = texts(stack.say(sender, _payload(items, "L2: Overcrowded")))
    assert "Overcrowded, damp" in review and "you added this" in review


def test_dont_know_is_reflected_in_the_reasons(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, "the baby has missed her immunisations and the flat is very damp")
    assert "How old is the child" in texts(stack.say(sender, "/affirm"))
    assert "immediate danger" in texts(stack.say(sender, "I don't know"))
    stack.say(sender, "/dont_know")
    stack.say(sender, "/dont_know")
    stack.say(sender, "/dont_know")
    answer = texts(stack.say(sender, "/dont_know"))
    assert "not sure whether the child is in danger" in answer
    assert "child's own account is not known" in answer
    assert "age is not known" in answer


def test_cancel_discards_everything(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, DESCRIPTION)
    assert "discarded" in texts(stack.say(sender, "cancel"))
    assert "Practice Companion" in texts(stack.say(sender, "hi"))


def test_a_stray_word_is_not_read_as_cancel(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, DESCRIPTION)
    stack.say(sender, "/affirm")
    stack.say(sender, "/deny")
    assert "parents or carers know" in texts(stack.say(sender, "short"))


def test_immediate_danger_mid_form(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, DESCRIPTION)
    said = texts(stack.say(sender, "dad has just come back drunk and is threatening to kill mum"))
    assert said.index("999") < said.index("020 8489 4533")
    assert "Here is what I found" in said  # and the form asks its question again


def test_disagreeing_with_the_level(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, DESCRIPTION)
    _answer_essentials(stack, sender)
    assert "Which level fits" in texts(stack.say(sender, "/deny"))
    assert "is the level I recommended" in texts(stack.say(sender, "Level 3"))
    assert "Why?" in texts(stack.say(sender, "Level 2"))
    assert "a little more" in texts(stack.say(sender, "dunno why"))
    note = texts(stack.say(sender, "Mum engages well with school and the drinking is at weekends only"))
    assert "in your judgement this is Level 2, not the recommended Level 3" in note


def test_one_word_description_asks_for_more(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, "I'm worried about a child")
    assert "describe the worry in a sentence or two" in texts(stack.say(sender, "neglect"))


def test_description_without_indicators_is_never_a_silent_level_1(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, "does this meet threshold?")
    said = texts(stack.say(sender, "I had a meeting with the family about their week"))
    assert "couldn't find any recognised indicators" in said and "not a Level 1" in said
    review = texts(stack.say(sender, "the children are often hungry and the home is dirty"))
    assert "Here is what I found" in review


def test_five_thousand_character_description(stack: Stack) -> None:
    sender = new_sender()
    text = ("The children were seen at home after school today. " * 100)[:4900] + " Mum drinks heavily."
    assert "Here is what I found" in texts(stack.say(sender, text))


def test_all_sources_of_a_recommendation_then_the_decision_carries_on(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, "I'm worried about a child")
    stack.say(sender, DESCRIPTION)
    answer = _answer_essentials(stack, sender)
    assert 'say "all sources"' in answer and "Main sources: Pan-London Threshold Document" in answer
    listed = texts(stack.say(sender, "all sources"))
    assert listed.startswith("All the sources of my last answer:") and listed.count("\n- ") >= 3
    assert "Noted: you agree with Level 3" in texts(stack.say(sender, "/affirm"))
