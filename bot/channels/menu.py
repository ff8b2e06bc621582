"""The main menu both staff channels offer on /menu and at the start: one button per capability."""

from __future__ import annotations

from bot.menu import menu

MENU_TEXT = "What would you like to do? (If a child is in danger now, call 999 first.)"
# (button title, the message it sends): intents as Rasa payloads, so no language guessing is involved.
# The same six buttons as the greeting's practitioner menu (bot/menu.py).
MENU: tuple[tuple[str, str], ...] = tuple((c.title, c.payload) for c in menu())


def menu_buttons() -> list[dict[str, str]]:
    """The menu as Rasa-style buttons (title and payload)."""
    return [{"title": title, "payload": payload} for title, payload in MENU]
