"""Reminders on a real database: review news to the last-used channel, one daily summary per supervisor."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.channels.reminders import pushers_from_env
from bot.council.models import StaffFile, StaffMember
from bot.decisions import log as decisions
from bot.decisions.deliver import configured_channels, run_once
from bot.decisions.log import Draft
from bot.decisions.reminders import review_news, summary_due, supervisor_summaries
from bot.loading import Council
from bot.staff import directory as staff
from bot.staff import identity
from bot.storage.db import unit_of_work
from tests.fakes.botframework import FakeBotFramework
from tests.fakes.telegram_api import TOKEN as TELEGRAM_TOKEN
from tests.fakes.telegram_api import running_fake

# Thursday 26 November 2026, 09:00 London (= UTC in winter): a working day, after the summary time.
MORNING = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
RATIONALE = "School and health both report the children are fed and clean, and mum asked for help with routines."
PEOPLE = StaffFile(
    staff=[
        StaffMember(
            id="sup", name="Sam Sup", role="supervisor", team="a", identities={"rest": ["sup"], "teams": ["aad-s"]}
        ),
        StaffMember(
            id="pw",
            name="Pat W",
            role="practitioner",
            team="a",
            supervisor="sup",
            identities={"rest": ["pw"], "telegram": ["111"]},
        ),
    ]
)


class Recorder:
    """Stands in for a channel's push(): records what would have been sent, or fails on request."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[dict[str, Any], str]] = []
        self.fail = fail

    async def __call__(self, address: dict[str, Any], text: str) -> None:
        if self.fail:
            raise ConnectionError("channel down")
        self.sent.append((address, text))


@pytest.fixture()
def people(engine: Engine) -> dict[str, staff.Actor]:
    with unit_of_work(engine) as session:
        staff.import_file(session, PEOPLE)
        return {m.id: staff.get_actor(session, m.id) for m in PEOPLE.staff}  # type: ignore[misc]


def _seen(engine: Engine, channel: str, external_id: str, when: dt.datetime, address: dict[str, Any] | None) -> None:
    with unit_of_work(engine) as session:
        identity.touch(session, channel, external_id, when, address)


def _decision_and_review(engine: Engine, people: dict[str, staff.Actor]) -> int:
    with unit_of_work(engine) as session:
        decision = decisions.record(session, people["pw"], Draft("other", "1234567", RATIONALE), MORNING)
    with unit_of_work(engine) as session:
        decisions.add_review(session, people["sup"], decision.id, outcome="agree", comment="Fine", now=MORNING)
    return decision.id


def test_review_news_goes_to_the_last_used_channel_once(
    engine: Engine, people: dict[str, staff.Actor], council: Council
) -> None:
    _seen(engine, "rest", "pw", MORNING - dt.timedelta(days=2), None)
    _seen(engine, "telegram", "111", MORNING - dt.timedelta(hours=1), {"chat_id": 111})
    decision_id = _decision_and_review(engine, people)
    telegram = Recorder()
    report = asyncio.run(run_once(engine, council.profile, {"telegram": telegram}, MORNING))
    assert report.sent == 1
    address, text = telegram.sent[0]
    assert address == {"chat_id": 111} and f"decision {decision_id}: agreed" in text
    assert "1234567" not in text  # no case reference travels through a third-party channel
    again = asyncio.run(run_once(engine, council.profile, {"telegram": telegram}, MORNING))
    assert again.sent == 0 and len(telegram.sent) == 1
    with unit_of_work(engine) as session:
        assert decisions.untold_reviews(session, people["pw"], MORNING) == []  # not told twice at session start


def test_leavers_are_not_told(engine: Engine, people: dict[str, staff.Actor], council: Council) -> None:
    _seen(engine, "telegram", "111", MORNING, {"chat_id": 111})
    _decision_and_review(engine, people)
    with unit_of_work(engine) as session:
        staff.deactivate(session, "pw")
    with unit_of_work(engine, read_only=True) as session:
        assert review_news(session) == []


def test_half_configured_channels_are_skipped() -> None:
    assert configured_channels({"TELEGRAM_TOKEN": "t"}) == []
    assert configured_channels({"TELEGRAM_TOKEN": "t", "TELEGRAM_SECRET_TOKEN": "s"}) == ["telegram"]
    teams = {"TEAMS_APP_ID": "a", "TEAMS_APP_PASSWORD": "p", "TEAMS_TENANT_IDS": "x"}
    assert configured_channels(teams) == ["teams"]
    assert pushers_from_env({}) == {}


def test_rest_only_authors_wait_for_their_next_session(
    engine: Engine, people: dict[str, staff.Actor], council: Council
) -> None:
    _seen(engine, "rest", "pw", MORNING, None)
    _decision_and_review(engine, people)
    with unit_of_work(engine, read_only=True) as session:
        assert review_news(session) == []
    with unit_of_work(engine) as session:
        assert len(decisions.untold_reviews(session, people["pw"], MORNING)) == 1


def test_a_failed_send_is_retried_on_the_next_pass(
    engine: Engine, people: dict[str, staff.Actor], council: Council
) -> None:
    _seen(engine, "telegram", "111", MORNING, {"chat_id": 111})
    _decision_and_review(engine, people)
    failed = asyncio.run(run_once(engine, council.profile, {"telegram": Recorder(fail=True)}, MORNING))
    assert failed.failed == 1
    working = Recorder()
    assert asyncio.run(run_once(engine, council.profile, {"telegram": working}, MORNING)).sent == 1


def test_a_channel_not_configured_here_keeps_the_news(
    engine: Engine, people: dict[str, staff.Actor], council: Council
) -> None:
    _seen(engine, "telegram", "111", MORNING, {"chat_id": 111})
    _decision_and_review(engine, people)
    assert asyncio.run(run_once(engine, council.profile, {}, MORNING)).waiting == 1


def test_supervisor_summary_once_a_working_day(
    engine: Engine, people: dict[str, staff.Actor], council: Council
) -> None:
    _seen(engine, "teams", "aad-s", MORNING, {"service_url": "http://x", "conversation_id": "c"})
    for minutes in (0, 5):
        with unit_of_work(engine) as session:
            decisions.record(
                session, people["pw"], Draft("other", "1234567", RATIONALE), MORNING - dt.timedelta(minutes=minutes)
            )
    teams = Recorder()
    report = asyncio.run(run_once(engine, council.profile, {"teams": teams}, MORNING))
    assert report.sent == 1
    assert "2 decisions from a are awaiting your review" in teams.sent[0][1]
    assert asyncio.run(run_once(engine, council.profile, {"teams": teams}, MORNING + dt.timedelta(hours=3))).sent == 0
    next_day = MORNING + dt.timedelta(days=1)
    assert asyncio.run(run_once(engine, council.profile, {"teams": teams}, next_day)).sent == 1


def test_no_summary_before_the_time_or_at_weekends(
    engine: Engine, people: dict[str, staff.Actor], council: Council
) -> None:
    profile = council.profile
    assert not summary_due(profile, MORNING.replace(hour=7))
    assert not summary_due(profile, MORNING + dt.timedelta(days=2))  # Saturday
    assert summary_due(profile, MORNING)
    with unit_of_work(engine, read_only=True) as session:
        assert supervisor_summaries(session, profile, MORNING.replace(hour=7)) == []


def test_the_real_senders_deliver_to_telegram_and_teams(
    engine: Engine, people: dict[str, staff.Actor], council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review news through the Telegram channel's push to the fake Bot API; the summary through Teams'."""
    with running_fake() as telegram, FakeBotFramework() as teams:
        monkeypatch.setenv("TELEGRAM_TOKEN", TELEGRAM_TOKEN)
        monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "reminder-test-secret")
        monkeypatch.setenv("TELEGRAM_BASE_URL", telegram.base_url)
        for key, value in teams.env().items():
            monkeypatch.setenv(key, value)
        _seen(engine, "telegram", "111", MORNING, {"chat_id": 111})
        teams_address = {"service_url": teams.service_url, "conversation_id": "conv-sup", "tenant_id": teams.tenant}
        _seen(engine, "teams", "aad-s", MORNING, teams_address)
        _decision_and_review(engine, people)
        with unit_of_work(engine) as session:
            decisions.record(session, people["pw"], Draft("other", "7654321", RATIONALE), MORNING)
        pushers = pushers_from_env()
        assert set(pushers) == {"telegram", "teams"}
        report = asyncio.run(run_once(engine, council.profile, pushers, MORNING))
        assert (report.sent, report.failed) == (2, 0)
        assert "Your supervisor has reviewed" in telegram.wait_for_sent(111, 1)[0].plain
        posted = teams.wait_for_activities("conv-sup", 1)
        assert "awaiting your review" in posted[0]["text"]


class Slow(Recorder):
    """A channel that takes a moment to accept, so that two runners overlap."""

    async def __call__(self, address: dict[str, Any], text: str) -> None:
        await asyncio.sleep(0.05)
        await super().__call__(address, text)


def test_two_runners_send_each_reminder_once(
    any_engine: Engine, people_any: dict[str, staff.Actor], council: Council
) -> None:
    _seen(any_engine, "telegram", "111", MORNING - dt.timedelta(hours=1), {"chat_id": 111})
    _seen(any_engine, "teams", "aad-s", MORNING - dt.timedelta(hours=1), {"conversation": "c1"})
    with unit_of_work(any_engine) as session:
        first = decisions.record(session, people_any["pw"], Draft("other", "1234567", RATIONALE), MORNING)
        decisions.record(session, people_any["pw"], Draft("other", "7654321", RATIONALE), MORNING)
    with unit_of_work(any_engine) as session:
        decisions.add_review(session, people_any["sup"], first.id, outcome="agree", comment="Fine", now=MORNING)
    channel = Slow()

    async def both() -> list[Any]:
        runners = [
            run_once(any_engine, council.profile, {"telegram": channel, "teams": channel}, MORNING) for _ in "ab"
        ]
        return list(await asyncio.gather(*runners))

    reports = asyncio.run(both())
    texts = [text for _, text in channel.sent]
    # One review notice and one supervisor summary, each sent by exactly one of the two runners.
    assert sum(r.sent for r in reports) == 2 and len(texts) == 2
    assert (
        sum("reviewed your decision log" in t for t in texts) == 1
        and sum("awaiting your review" in t for t in texts) == 1
    )
    assert (
        asyncio.run(run_once(any_engine, council.profile, {"telegram": channel, "teams": channel}, MORNING)).sent == 0
    )


@pytest.fixture()
def people_any(any_engine: Engine) -> dict[str, staff.Actor]:
    with unit_of_work(any_engine) as session:
        staff.import_file(session, PEOPLE)
        return {m.id: staff.get_actor(session, m.id) for m in PEOPLE.staff}  # type: ignore[misc]
