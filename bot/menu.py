"""The main menu by role (at most six buttons: Teams shows six card actions) and the greeting that carries it."""

from __future__ import annotations

from bot.dialogue import Choice, Reply, payload

GREETING = (
    "Hello, I'm Practice Companion, an assistant for children's social-care practitioners. I help you think a "
    "decision through and find the local route; the decision stays with you and your manager. If a child is in "
    "danger right now, call 999, and tell me at any point."
)
DANGER = Choice("A child is in danger now", payload("immediate_danger"))
WORRIED = Choice("I'm worried about a child", payload("worried_about_child"))
PROCEDURE = Choice("Find a procedure", payload("ask_procedure"))
REFLECT = Choice("Reflect or prepare", payload("start_prompts"))
LOG = Choice("Log a decision", payload("log_decision"))
CONTACTS = Choice("Who do I contact?", payload("ask_contact"))
PRACTISE = Choice("Practise a decision", payload("practise_scenario"))
MAX_BUTTONS = 6


def menu(waiting: int | None = None, newly_qualified: bool = False) -> tuple[Choice, ...]:
    """The buttons for a practitioner, a newly qualified worker, or a supervisor with `waiting` decisions to review."""
    if newly_qualified:
        # Practice on fictional cases takes the place of the prompts for a worker in their first year.
        return (DANGER, WORRIED, PRACTISE, PROCEDURE, LOG, CONTACTS)
    if waiting is None:
        return (DANGER, WORRIED, PROCEDURE, REFLECT, LOG, CONTACTS)
    # A supervisor's review queue takes the place of the prompts, which stay one message away.
    queue = Choice(f"Awaiting my review ({waiting})", payload("review_queue"))
    return (DANGER, WORRIED, queue, PROCEDURE, LOG, CONTACTS)


def greeting(waiting: int | None = None, newly_qualified: bool = False) -> Reply:
    """The greeting with the menu; a supervisor is told how many decisions wait for them."""
    text = GREETING
    if waiting == 1:
        text += "\nOne decision from your team is awaiting your review."
    elif waiting:
        text += f"\n{waiting} decisions from your team are awaiting your review."
    return Reply(text, menu(waiting, newly_qualified))
