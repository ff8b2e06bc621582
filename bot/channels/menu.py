"""The main menu both staff channels offer on /menu and at the start: one button per capability."""

from __future__ import annotations

MENU_TEXT = "What would you like to do? (If a child is in danger now, call 999 first.)"
# (button title, the message it sends): intents as Rasa payloads, so no language guessing is involved.
MENU: tuple[tuple[str, str], ...] = (
    ("Think through a worry about a child", "/worried_about_child"),
    ("Reflective prompts", "/start_prompts"),
    ("Escalation routes", "/ask_escalation"),
    ("Look up a procedure", "/ask_procedure"),
    ("My decisions", "/my_decisions"),
    ("Contacts", "/ask_contact"),
)


def menu_buttons() -> list[dict[str, str]]:
    """The menu as Rasa-style buttons (title and payload)."""
    return [{"title": title, "payload": payload} for title, payload in MENU]
