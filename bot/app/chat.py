"""A small terminal chat against the REST channel; numbered buttons can be chosen by number."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


def send(url: str, sender: str, text: str) -> list[dict[str, Any]]:
    """Send one message and return the assistant's replies."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as reply:
        return list(json.loads(reply.read()))


def show(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Print replies; return the buttons offered, numbered from 1."""
    buttons: list[dict[str, Any]] = []
    for reply in replies:
        if reply.get("text"):
            print(f"bot> {reply['text']}")
        for button in reply.get("buttons", []):
            buttons.append(button)
            print(f"     [{len(buttons)}] {button.get('title')}")
    return buttons


def chat(url: str, sender: str) -> int:
    """Read lines from the terminal until EOF or /quit."""
    print(f"Talking to {url} as {sender}. Type /quit to leave; a number picks a button.")
    buttons: list[dict[str, Any]] = []
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            return 0
        if line == "/quit":
            return 0
        if line.isdigit() and 0 < int(line) <= len(buttons):
            line = str(buttons[int(line) - 1].get("payload", line))
        try:
            buttons = show(send(url, sender, line))
        except (urllib.error.URLError, OSError) as exc:
            print(f"Could not reach the assistant at {url} ({exc}). Is `make run` running?")
            return 1
