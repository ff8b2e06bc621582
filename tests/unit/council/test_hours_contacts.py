"""Who takes a concern right now: office hours, evenings, weekends and bank holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.council.contacts import contacts_now, describe, find, front_door_now
from bot.council.emergency import immediate_danger_reply
from bot.loading import Council

LONDON_SUMMER = dt.timezone(dt.timedelta(hours=1))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.timezone.utc), "mash_professionals"),  # Thursday morning
        (dt.datetime(2026, 11, 26, 18, 30, tzinfo=dt.timezone.utc), "edt"),  # Thursday evening
        (dt.datetime(2026, 11, 28, 11, 0, tzinfo=dt.timezone.utc), "edt"),  # Saturday
        (dt.datetime(2026, 12, 25, 11, 0, tzinfo=dt.timezone.utc), "edt"),  # Christmas Day
        (dt.datetime(2026, 8, 31, 11, 0, tzinfo=LONDON_SUMMER), "edt"),  # Summer bank holiday Monday
        (dt.datetime(2026, 6, 1, 16, 59, tzinfo=LONDON_SUMMER), "mash_professionals"),  # BST, just before close
        (dt.datetime(2026, 6, 1, 16, 30, tzinfo=dt.timezone.utc), "edt"),  # 17:30 in London (BST)
        # The council's page: Monday to Thursday 08:45-17:00, Friday 08:45-16:45.
        (dt.datetime(2026, 11, 27, 16, 40, tzinfo=dt.timezone.utc), "mash_professionals"),  # Friday 16:40
        (dt.datetime(2026, 11, 27, 16, 50, tzinfo=dt.timezone.utc), "edt"),  # Friday 16:50: closed
        (dt.datetime(2026, 11, 26, 16, 50, tzinfo=dt.timezone.utc), "mash_professionals"),  # Thursday 16:50
        (dt.datetime(2026, 11, 26, 8, 40, tzinfo=dt.timezone.utc), "edt"),  # Thursday 08:40: not open yet
        (dt.datetime(2026, 11, 26, 8, 45, tzinfo=dt.timezone.utc), "mash_professionals"),  # Thursday 08:45
    ],
)
def test_front_door_by_time(council: Council, moment: dt.datetime, expected: str) -> None:
    assert front_door_now(council.profile, moment).contact.id == expected


def test_bank_holiday_is_named(council: Council) -> None:
    door = front_door_now(council.profile, dt.datetime(2026, 12, 25, 11, 0, tzinfo=dt.timezone.utc))
    assert "bank holiday (Christmas Day)" in door.reason


def test_example_contacts_are_labelled(council: Council) -> None:
    lado = council.profile.contact("lado")
    assert lado.example and "example - not yet checked" in describe(lado)
    assert "example" not in describe(council.profile.contact("mash_professionals"))


def test_contacts_now_puts_999_then_the_door_first(council: Council) -> None:
    evening = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.timezone.utc)
    ids = [c.id for c in contacts_now(council.profile, evening)]
    assert ids[:2] == ["emergency_999", "edt"] and "mash_professionals" not in ids


@pytest.mark.parametrize(("words", "expected"), [("the LADO?", "lado"), ("mash", "mash_professionals"), ("EDT", "edt")])
def test_find_by_alias(council: Council, words: str, expected: str) -> None:
    assert expected in [c.id for c in find(council.profile, words)]


def test_danger_reply_gives_999_first_and_the_number_for_now(council: Council) -> None:
    morning = immediate_danger_reply(council.profile, dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc))
    night = immediate_danger_reply(council.profile, dt.datetime(2026, 11, 26, 23, 0, tzinfo=dt.timezone.utc))
    assert morning.index("999") < morning.index("020 8489 4533")
    assert "020 8489 0000" in night and "020 8489 4533" not in night
    assert "Source:" in morning and "last reviewed" in morning


def test_the_corrected_contacts(council: Council) -> None:
    nspcc, police, lado = (council.profile.contact(i) for i in ("nspcc", "police_non_emergency", "lado"))
    assert nspcc.phone == "0808 800 5000" and "not 24 hours" in (nspcc.how or "") and nspcc.verified_on is not None
    assert police.phone == "101" and "gov.uk" in police.source
    assert lado.example and lado.verified_on is None  # nothing checked: no verification date
    hours = council.profile.office_hours
    assert hours.days["fri"] == "08:45-16:45" and hours.days["thu"] == "08:45-17:00" and not hours.example


def test_the_thresholds_cite_the_april_2024_continuum(council: Council) -> None:
    assert "April 2024" in council.thresholds.source
