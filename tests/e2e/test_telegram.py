"""Whole Telegram conversations and refusals: fake Bot API, real Rasa server and action server, the real webhook."""

from __future__ import annotations

import time

from bot.channels.menu import MENU_TEXT
from bot.channels.telegram import EXPIRED, PRIVATE_ONLY, TEXT_ONLY
from bot.staff.refusals import OVERFLOW
from tests.e2e.telegram_side import SECRET, Telegram, still_serving, texts, titles
from tests.fakes.telegram_api import Sent, callback_update, message_update

DESCRIPTION = "mum drinks most evenings and the 7 year old is often late and hungry at school"


def test_webhook_is_registered_with_the_secret(tg: Telegram) -> None:
    deadline = time.monotonic() + 30  # set by a listener just after the server starts answering
    while not tg.fake.calls_of("setWebhook") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert tg.fake.calls_of("setWebhook"), "setWebhook not called on start"
    hook = tg.fake.calls_of("setWebhook")[-1].params
    assert hook["url"].endswith("/webhooks/telegram/webhook") and hook["secret_token"] == SECRET


def test_start_greets_with_buttons(tg: Telegram) -> None:
    user = tg.new_staff()
    replies = tg.say(user, "/start")
    assert "Practice Companion" in texts(replies)
    assert "I'm worried about a child" in titles(replies)
    assert all(s.parse_mode == "HTML" for s in replies)
    assert tg.tracker_events(str(user)) > 0


def _to_the_level_question(tg: Telegram, user: int, replies: list[Sent]) -> list[Sent]:
    while "What happens next?" in titles(replies):
        replies = tg.click(user, replies, "What happens next?")
    return replies


def test_a_newly_qualified_worker_practises_with_buttons(tg: Telegram) -> None:
    user = tg.new_staff(role="nqsw")
    listed = tg.click(user, tg.say(user, "/start"), "Practise a decision")
    assert "Pick a scenario" in texts(listed)
    first = next(t for t in titles(listed) if "(" in t)  # a scenario: "Title (theme)"
    asked = _to_the_level_question(tg, user, tg.click(user, listed, first))
    assert "Which level would you choose" in texts(asked)
    assert {"Level 1", "Level 4", "A hint", "Skip this scenario"} <= set(titles(asked))
    assert "Hint 1 of" in texts(tg.click(user, asked, "A hint"))
    assert "Level 2: what in the case leads you there?" in texts(tg.click(user, asked, "Level 2"))
    assert "what would you do next" in texts(tg.say(user, "the parents are struggling and need more support"))
    marked = tg.say(user, "an early help assessment with the family's agreement")
    assert "How an experienced practitioner might reason it" in texts(marked)
    others = tg.click(user, marked, "Another scenario")
    again = _to_the_level_question(tg, user, tg.click(user, others, next(t for t in titles(others) if "(" in t)))
    assert "Skipped: nothing from that scenario was kept." in texts(tg.click(user, again, "Skip this scenario"))


def test_threshold_flow_through_buttons(tg: Telegram) -> None:
    user = tg.new_staff()
    review = tg.say(user, DESCRIPTION)
    assert "Here is what I found" in texts(review)
    # Add an indicator through three levels of buttons: the payloads are long Rasa intents with entities.
    areas = tg.click(user, review, "Add one")
    themes = tg.click(user, areas, "Family and environmental")
    items = tg.click(user, themes, "Housing")
    review = tg.click(user, items, "L2: Overcrowded")
    assert "Overcrowded, damp" in texts(review) and "you added this" in texts(review)
    assert tg.fake.calls_of("answerCallbackQuery") and tg.fake.calls_of("editMessageReplyMarkup")
    asked = tg.click(user, review, "Looks right")
    for _ in range(3):  # the age may or may not have been read from the description
        if "immediate danger" in texts(asked):
            break
        asked = tg.say(user, "7")
    assert "immediate danger right now" in texts(asked)
    assert "What does the child say" in texts(tg.click(user, asked, "No"))
    consent = tg.say(user, "she said she is hungry and mum sleeps a lot")
    assert "parents or carers know" in texts(consent)
    in_place = tg.click(user, consent, "Not asked yet")
    assert "already in place" in texts(in_place)
    answer = tg.click(user, in_place, "Nothing yet")
    assert "Recommended level" in texts(answer) and "This is a recommendation, not a decision" in texts(answer)
    assert "Noted: you agree" in texts(tg.click(user, answer, "Yes, I agree"))


def test_immediate_danger_mid_conversation(tg: Telegram) -> None:
    user = tg.new_staff()
    tg.say(user, DESCRIPTION)
    said = texts(tg.say(user, "he has a knife and says he will kill the baby now"))
    assert "999" in said


def test_menu_is_answered_by_the_channel(tg: Telegram) -> None:
    user = tg.new_staff()
    menu = tg.say(user, "/menu")
    assert menu[0].plain == MENU_TEXT and len(menu[0].callbacks) == 6
    assert tg.tracker_events(str(user)) == 0  # the menu itself is not a conversation turn
    contacts = tg.click(user, menu, "Who do I contact?")
    assert "020" in texts(contacts)


def test_help_command(tg: Telegram) -> None:
    user = tg.new_staff()
    assert "Here is what I can do" in texts(tg.say(user, "/help"))


def test_long_answer_is_split(tg: Telegram) -> None:
    user = tg.new_staff()
    review = tg.say(user, DESCRIPTION)
    asked = tg.click(user, tg.click(user, review, "Looks right"), "No")
    assert "What does the child say" in texts(asked)
    # The answer quotes the child's words: 3,900 characters of them make it longer than one message.
    voice = ("She said she is hungry & tired <most days> and mum sleeps a lot.\n" * 70)[:3900].strip()
    consent = tg.say(user, voice)
    answer = tg.click(user, tg.click(user, consent, "Not asked yet"), "Nothing yet")
    assert len(answer) >= 2, [len(s.text) for s in answer]
    assert all(len(s.plain) <= 4096 and s.parse_mode == "HTML" for s in answer)  # and the fake accepted each
    assert "Recommended level" in texts(answer) and voice[:200] in texts(answer)
    assert answer[-1].callbacks and not any(s.callbacks for s in answer[:-1])  # buttons under the last part


def test_expired_button_and_duplicate_update(tg: Telegram) -> None:
    user = tg.new_staff()
    replies = tg.send(callback_update(user, "no-such-key"), user)
    assert texts(replies) == EXPIRED
    update = message_update(user, "/help")
    first = tg.send(update, user)
    assert first and tg.send(update, user) == []  # Telegram re-sent it: answered once


def test_non_text_message_asks_for_text(tg: Telegram) -> None:
    user = tg.new_staff()
    photo = message_update(
        user, None, extra={"photo": [{"file_id": "a", "file_unique_id": "b", "width": 1, "height": 1}]}
    )
    assert texts(tg.send(photo, user)) == TEXT_ONLY


def test_wrong_secret_is_refused(tg: Telegram) -> None:
    user = tg.new_staff()
    status, _ = tg.post(message_update(user, "/start"), secret="wrong-secret")
    assert status == 403 and tg.fake.sent_to(user) == [] and tg.tracker_events(str(user)) == 0
    still_serving(tg)


def test_missing_secret_is_refused(tg: Telegram) -> None:
    user = tg.new_staff()
    status, _ = tg.post(message_update(user, "/start"), secret=None)
    assert status == 403 and tg.fake.sent_to(user) == [] and tg.tracker_events(str(user)) == 0
    still_serving(tg)


def test_malformed_json_is_a_bad_request(tg: Telegram) -> None:
    assert tg.post(b'{"update_id": 1, "message": ')[0] == 400
    assert tg.post(b'{"message": {}}')[0] == 400
    still_serving(tg)


def test_group_chat_is_not_served(tg: Telegram) -> None:
    user, group = tg.new_staff(), -100_123_456
    for _ in range(2):
        status, _ = tg.post(message_update(user, "/start", chat_id=group, chat_type="supergroup"))
        assert status == 200
    assert [s.plain for s in tg.fake.sent_to(group)] == [PRIVATE_ONLY]  # told once, not per message
    assert tg.fake.sent_to(user) == [] and tg.tracker_events(str(user)) == 0
    still_serving(tg)


def test_unregistered_user_is_refused_once(tg: Telegram) -> None:
    stranger = 999_000_111
    # The stack is shared, and the Teams flood may already have used the day's rows for single identities:
    # then this stranger's refusals are counted in the overflow row (bot/staff/refusals.py).
    overflow = tg.refused(OVERFLOW)
    first = tg.say(stranger, "I'm worried about a child")
    assert len(first) == 1 and "only for" in first[0].plain and "999" in first[0].plain
    assert tg.say(stranger, "hello?") == []
    assert tg.send(callback_update(stranger, "anything"), stranger) == []
    assert tg.tracker_events(str(stranger)) == 0
    assert tg.refused(f"telegram:{stranger}") + tg.refused(OVERFLOW) - overflow == 3
    still_serving(tg)
