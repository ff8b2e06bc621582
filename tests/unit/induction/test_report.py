"""Progress from attempts: agreement on first tries, themes, pitfalls and months; in words for both readers."""

from __future__ import annotations

import datetime as dt

from bot.induction.report import Progress, Tried, progress_text, summarise, team_text
from bot.loading import Council

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)


def _tried(scenario: str, theme: str, given: int, expected: int, *, first: bool = True, days: int = 0,
           pitfalls: tuple[str, ...] = ()) -> Tried:  # fmt: skip
    at = T0 + dt.timedelta(days=days)
    return Tried(scenario, theme, at, given, expected, given == expected, abs(given - expected) <= 1, first, pitfalls)


ATTEMPTS = [
    _tried("a", "neglect", 2, 3, pitfalls=("under_call", "rule_of_optimism")),
    _tried("a", "neglect", 3, 3, first=False, days=1),  # a retry after the model answer: not counted for agreement
    _tried("b", "domestic_abuse", 4, 4, days=14),
    _tried("c", "pre_birth", 4, 2, days=15, pitfalls=("over_call",)),
]


def test_agreement_is_measured_on_first_tries_and_pitfalls_on_every_attempt(council: Council) -> None:
    progress = summarise("nq", "Nia Q", "nqsw", ATTEMPTS, council.scenarios)
    assert (progress.attempts, progress.scenarios_done, progress.first_tries) == (4, 3, 3)
    assert (progress.exact, progress.within_one, progress.under_calls, progress.over_calls) == (1, 2, 1, 1)
    assert progress.share(progress.exact) == 33 and progress.share(progress.within_one) == 67
    assert progress.themes == {"domestic_abuse": 1, "neglect": 1, "pre_birth": 1}
    assert "step_down" in progress.themes_left and "neglect" not in progress.themes_left
    assert progress.pitfalls == {"under_call": 1, "rule_of_optimism": 1, "over_call": 1}
    assert [(m.month, m.attempts, m.first_tries, m.exact) for m in progress.months] == [
        ("2026-11", 2, 1, 0),
        ("2026-12", 2, 2, 1),
    ]
    plain = progress.as_dict()
    assert plain["exact_percent"] == 33 and plain["last_at"] == "2026-12-05T09:00:00+00:00"


def test_progress_in_words_for_the_worker_and_about_them(council: Council) -> None:
    progress = summarise("nq", "Nia Q", "nqsw", ATTEMPTS, council.scenarios)
    mine = progress_text(progress, council.scenarios)
    assert mine.startswith("You have tried 3 scenario(s) (4 answer(s) in all).")
    assert "First tries: 33% at the expected level, 67% within one level (1 under-call(s), 1 over-call(s))." in mine
    assert "Themes practised: Domestic abuse (1), Neglect (1), Pre-birth (1)." in mine
    assert "Not yet practised:" in mine and "Stepping down" in mine
    assert "Pitfalls met most often: Under-call (1), Rule of optimism (1), Over-call (1)." in mine
    assert "Over time: 2026-11: 0/1 exact; 2026-12: 1/2 exact." in mine
    assert progress_text(progress, own=False).startswith("Nia Q has tried 3 scenario(s)")
    assert progress_text(Progress("x", "X", "nqsw")) == "You have not tried any practice scenarios yet."


def test_a_supervisor_sees_one_line_per_worker() -> None:
    busy = summarise("nq", "Nia Q", "nqsw", ATTEMPTS)
    text = team_text([busy, Progress("new", "Ned New", "nqsw")])
    assert text.splitlines() == [
        "Practice progress of the newly qualified social workers you supervise:",
        "- Nia Q: 3 scenario(s), 33% exact, 67% within one, 1 under-call(s), last 05 Dec 2026",
        "- Ned New: no practice yet",
    ]
    assert team_text([]).startswith("None of the newly qualified social workers")
