"""The danger detector's model: danger now in ordinary words, and no overruling of 'not in danger'."""

from __future__ import annotations

from bot.text.danger import SAFE_NOW, DangerDetector, DangerModel, says_safe


def test_the_model_reads_danger_now_and_not_the_same_words_in_the_past(danger: DangerDetector) -> None:
    now = danger.find("her boyfriend is kicking the door in and the baby is in the flat with her")
    then = danger.find("last month her boyfriend kicked the door in; he has moved out and she has an injunction")
    assert now is not None and now.how in {"model", "phrase"}
    assert then is None


def test_saying_no_child_is_in_danger_is_never_overruled(danger: DangerDetector) -> None:
    assert SAFE_NOW.search("I don't think he is in danger") and danger.find("I don't think he is in danger") is None
    assert danger.find("the children are safe now, police have taken him away") is None


def test_short_chat_messages_are_never_read_as_danger(danger: DangerDetector) -> None:
    assert [t for t in ("right", "stop the form", "take that one off", "alright then") if danger.find(t)] == []


def test_a_model_learns_from_small_data() -> None:
    model = DangerModel(["he is hitting her right now in the kitchen"] * 3, ["he hit her last year and left"] * 3)
    assert model.best("he is hitting her right now in the hallway")[0] > model.best("he hit her last year")[0]


def test_a_clause_saying_the_child_is_safe_is_not_read_as_danger() -> None:
    assert says_safe("She's at a friend's family tonight and safe")
    assert says_safe("found safe and well by police")
    assert not says_safe("she doesn't feel safe at home")
    assert not says_safe("it is not safe for him to go back")
    assert not says_safe("the flat is unsafe")
    model = DangerModel(["she is at his flat tonight with him right now"] * 3, ["she was at his flat last year"] * 3)
    assert model.best("she is at his flat tonight and safe")[0] == 0.0
    assert model.best("she is at his flat tonight with him")[0] > 0.5
