"""Shared unit-test fixtures: the fake Bot Framework and the Teams settings that point at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.botframework import FakeBotFramework


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeBotFramework]:
    """A fake Bot Framework on 127.0.0.1 for one test module (Telegram's tests define their own `fake`)."""
    with FakeBotFramework() as running:
        yield running


@pytest.fixture()
def env(fake: FakeBotFramework, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The TEAMS_* / BOTFRAMEWORK_* settings of the fake, set in the environment for one test."""
    values = fake.env()
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("TEAMS_APP_TENANT_ID", raising=False)
    return values
