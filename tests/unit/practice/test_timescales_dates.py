"""Due dates across bank holidays and month ends; dates read day first; impossible dates refused."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.loading import Council
from bot.practice.data import Event
from bot.practice.dates import DateError, find_date
from bot.practice.timescales import add_working_days, due_date, find_event

TODAY = dt.date(2026, 11, 26)


def _event(amount: int, unit: str, **extra: object) -> Event:
    return Event.parse_obj(
        {
            "id": "x",
            "title": "X",
            "starts_from": "the start",
            "amount": amount,
            "unit": unit,
            "rule": "r",
            "source": "s",
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (dt.date(2026, 4, 1), 1, dt.date(2026, 4, 2)),  # Wednesday -> Thursday before Good Friday
        (dt.date(2026, 4, 2), 1, dt.date(2026, 4, 7)),  # over Good Friday, the weekend and Easter Monday
        (dt.date(2026, 12, 23), 3, dt.date(2026, 12, 30)),  # Christmas Day and the Boxing Day substitute (28th)
        (dt.date(2026, 12, 31), 1, dt.date(2027, 1, 4)),  # New Year's Day is a Friday
        (dt.date(2026, 11, 27), 1, dt.date(2026, 11, 30)),  # Friday -> Monday
        (dt.date(2026, 8, 28), 1, dt.date(2026, 9, 1)),  # summer bank holiday Monday 31 August
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(
    council: Council, start: dt.date, days: int, due: dt.date
) -> None:
    assert add_working_days(council.profile, start, days) == due


def test_45_working_days_over_christmas(council: Council) -> None:
    assert due_date(council.profile, _event(45, "working_days"), dt.date(2026, 11, 26)).due == dt.date(2027, 2, 2)


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2027, 11, 30), 3, dt.date(2028, 2, 29)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
    ],
)
def test_months_at_month_ends(council: Council, start: dt.date, months: int, due: dt.date) -> None:
    assert due_date(council.profile, _event(months, "months"), start).due == due


def test_repeats(council: Council) -> None:
    due = due_date(council.profile, _event(3, "months", repeat={"amount": 6, "unit": "months"}), dt.date(2026, 1, 15))
    assert due.due == dt.date(2026, 4, 15) and due.later == (dt.date(2026, 10, 15), dt.date(2027, 4, 15))


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("the strategy discussion was on 2 March, when is the conference due?", dt.date(2026, 3, 2)),
        ("held on 1st of December", dt.date(2025, 12, 1)),  # no year: the most recent one
        ("on 02/03/2026", dt.date(2026, 3, 2)),  # day first, as in the UK
        ("on 2.3.26", dt.date(2026, 3, 2)),
        ("2026-04-03", dt.date(2026, 4, 3)),
        ("March 3rd 2026", dt.date(2026, 3, 3)),
        ("29 feb", dt.date(2024, 2, 29)),
    ],
)
def test_dates_are_read(text: str, date: dt.date) -> None:
    assert find_date(text, TODAY).date == date


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31 February", "not a real date"),
        ("30/02/2026", "not a real date"),
        ("next Thursday week", "rather than a relative day"),
        ("12/25/2026", "write the day first"),
        ("sometime soon", "couldn't find a date"),
    ],
)
def test_bad_dates_get_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        find_date(text, TODAY)


def test_events_are_found_by_what_workers_call_them(council: Council) -> None:
    event = find_event(
        council.timescales, "the strategy discussion was on 2 March, when is the initial conference due?"
    )
    assert event is not None and event.id == "strategy_to_icpc"


@pytest.mark.parametrize(
    ("event", "start", "due", "rule_words"),
    [
        ("cic_first_review", dt.date(2026, 3, 2), dt.date(2026, 3, 30), "20 working days"),
        ("cic_second_review", dt.date(2026, 3, 30), dt.date(2026, 6, 30), "3 months"),
        ("cic_later_reviews", dt.date(2026, 6, 30), dt.date(2026, 12, 30), "6 months"),
        ("cic_weekly_visits", dt.date(2026, 3, 2), dt.date(2026, 3, 9), "once a week"),
        ("private_fostering_first_visit", dt.date(2026, 12, 21), dt.date(2027, 1, 4), "7 working days"),
        ("return_home_interview", dt.date(2026, 5, 1), dt.date(2026, 5, 4), "72 hours"),
        ("epo", dt.date(2026, 5, 1), dt.date(2026, 5, 9), "8 days"),
        ("epo_extension", dt.date(2026, 5, 9), dt.date(2026, 5, 16), "7"),
        ("police_protection", dt.date(2026, 5, 1), dt.date(2026, 5, 4), "72 hours"),
        ("designated_officer_referral", dt.date(2026, 12, 24), dt.date(2026, 12, 29), "one working day"),
    ],
)
def test_the_corrected_timescales(council: Council, event: str, start: dt.date, due: dt.date, rule_words: str) -> None:
    found = council.timescales.get(event)
    assert found is not None and rule_words in found.rule and found.source
    assert due_date(council.profile, found, start).due == due


def test_the_designated_officer_timescale_is_council_data_marked_as_an_example(council: Council) -> None:
    event = council.timescales.get("designated_officer_referral")
    assert event is not None and event.example


@pytest.mark.parametrize(
    ("words", "event"),
    [
        ("saw the cp child on the 2nd, when is my next cp visit due", "cp_visits"),
        ("lac visit due date, last visit 3 april", "cic_visits"),
        ("when's the next pf visit", "private_fostering_visits"),
    ],
)
def test_visits_named_in_the_singular_and_in_shorthand(council: Council, words: str, event: str) -> None:
    found = find_event(council.timescales, words)
    assert found is not None and found.id == event
