"""The two credentials files: local keeps REST on; production turns REST off and both staff channels on."""

from __future__ import annotations

import importlib

import yaml

from bot.channels.menu import MENU, menu_buttons
from bot.settings import ROOT


def _channels(name: str) -> set[str]:
    return set(yaml.safe_load((ROOT / name).read_text()) or {})


def test_local_credentials_serve_rest() -> None:
    assert _channels("credentials.yml") == {"bot.channels.rest.PracticeRestInput"}


def test_production_credentials_turn_rest_off_and_the_channels_on() -> None:
    channels = _channels("credentials.prod.yml")
    assert channels == {"bot.channels.telegram.TelegramInput", "bot.channels.teams.TeamsInput"}
    for dotted in channels:
        module, _, name = dotted.rpartition(".")
        assert hasattr(importlib.import_module(module), name), dotted
    # Secrets only from the environment: the file carries no settings at all.
    assert all(not value for value in (yaml.safe_load((ROOT / "credentials.prod.yml").read_text()) or {}).values())


def test_menu_payloads_are_intents_of_the_domain() -> None:
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])
    assert {payload.lstrip("/") for _, payload in MENU} <= intents
    assert [b["payload"] for b in menu_buttons()] == [p for _, p in MENU]
