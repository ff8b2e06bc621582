"""Practice progress on real databases (SQLite and PostgreSQL, migrated): attempts saved redacted and apart from
the decision log, progress for the worker and their supervisor, and refusals that are audited."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.app.bootstrap import Root
from bot.council.models import StaffFile, StaffMember
from bot.decisions import log
from bot.decisions.usecases import Who
from bot.dialogue import Reply
from bot.induction import progress
from bot.induction.data import ScenarioBank
from bot.induction.feedback import Attempt
from bot.staff import directory
from bot.storage.db import SqlUnitOfWork, unit_of_work
from bot.storage.models import AuditRow, DecisionRow, PracticeAttemptRow, ReviewRow
from tests.fakes.uow import DownUnitOfWork

NOW = dt.datetime(2026, 12, 10, 10, 0, tzinfo=dt.timezone.utc)
SCENARIO = "psm_weekend_cannabis"  # Level 2, early help
OVER_CALL = Attempt("4", "Dad smokes cannabis, call 07700 900123 to reach him.", "strategy discussion")
RIGHT = Attempt("2", "Dad uses cannabis now and then and the child's care is not affected.", "early help")


def _member(key: str, role: str, team: str, supervisor: str | None = None) -> StaffMember:
    return StaffMember(
        id=key, name=key.upper(), role=role, team=team, supervisor=supervisor, identities={"rest": [key]}
    )  # type: ignore[arg-type]


PEOPLE = StaffFile(
    staff=[
        _member("sup", "supervisor", "a"),
        _member("nq", "nqsw", "a", "sup"),
        _member("nq_far", "nqsw", "b", "sup"),  # in another team, but supervised by sup
        _member("pw", "practitioner", "a", "sup"),
        _member("sup_b", "supervisor", "b"),
        _member("nq_b", "nqsw", "b", "sup_b"),
    ]
)


@pytest.fixture()
def uow(any_engine: Engine) -> SqlUnitOfWork:
    with unit_of_work(any_engine) as session:
        directory.import_file(session, PEOPLE)
    return SqlUnitOfWork(any_engine)


def _bank(root: Root) -> ScenarioBank:
    return root.council.scenarios


def _submit(
    uow: SqlUnitOfWork, root: Root, who: str, attempt: Attempt, *, scenario: str = SCENARIO, days: int = 0
) -> Reply:
    found = _bank(root).get(scenario)
    return progress.submit(
        uow, root.engine, Who("rest", who), scenario=found, attempt=attempt, now=NOW + dt.timedelta(days=days)
    )


def _audits(uow: SqlUnitOfWork) -> list[tuple[str, str, str]]:
    with uow(read_only=True) as session:
        return [(a.actor, a.action, a.target) for a in session.execute(select(AuditRow)).scalars()]


def test_an_attempt_is_saved_redacted_apart_from_the_decision_log(uow: SqlUnitOfWork, root: Root) -> None:
    reply = _submit(uow, root, "nq", OVER_CALL)
    texts = [m.text for m in reply.messages()]
    assert "a serious over-call" in texts[0] and texts[-1] == "I removed 1 phone number before saving your answer."
    _submit(uow, root, "nq", RIGHT, days=1)
    with uow(read_only=True) as session:
        rows = session.execute(select(PracticeAttemptRow).order_by(PracticeAttemptRow.id)).scalars().all()
        assert [(r.staff_id, r.level_given, r.expected_level, r.exact, r.first_try) for r in rows] == [
            ("nq", 4, 2, False, True),
            ("nq", 2, 2, True, False),
        ]
        assert rows[0].reasons == "Dad smokes cannabis, call [phone] to reach him."
        assert rows[0].pitfalls == '["over_call"]' and rows[0].route_given == "strategy_discussion"
        assert (rows[0].theme, rows[0].route_expected) == ("parental_substance_misuse", "early_help")
        assert session.execute(select(func.count(DecisionRow.id))).scalar_one() == 0
        assert session.execute(select(func.count(ReviewRow.id))).scalar_one() == 0
        supervisor = directory.get_actor(session, "sup")
        assert supervisor is not None and log.review_queue(session, supervisor) == []


def test_an_unreadable_answer_or_a_retired_scenario_saves_nothing(uow: SqlUnitOfWork, root: Root) -> None:
    assert _submit(uow, root, "nq", Attempt("level 5", "reasons")).text.startswith("There is no Level 5")
    retired = progress.submit(uow, root.engine, Who("rest", "nq"), scenario=None, attempt=RIGHT, now=NOW)
    assert retired.text.startswith("I can't find that scenario any more")
    stranger = _submit(uow, root, "stranger", RIGHT)
    assert stranger.response == "utter_not_in_directory"
    with uow(read_only=True) as session:
        assert session.execute(select(func.count(PracticeAttemptRow.id))).scalar_one() == 0


def test_the_feedback_stands_when_the_database_is_down(root: Root) -> None:
    scenario = _bank(root).get(SCENARIO)
    reply = progress.submit(DownUnitOfWork(), root.engine, Who("rest", "nq"), scenario=scenario, attempt=RIGHT, now=NOW)
    texts = [m.text for m in reply.messages()]
    assert texts[0].startswith("You chose Level 2 (Early help)")
    assert texts[-1] == "I couldn't save this to your progress just now; the feedback still stands."


def test_a_worker_sees_their_own_progress_over_time(uow: SqlUnitOfWork, root: Root) -> None:
    _submit(uow, root, "nq", OVER_CALL)
    _submit(uow, root, "nq", RIGHT, days=1)
    _submit(uow, root, "nq", Attempt("4", "Dad hit him with a belt and he is scared to go home.", "strategy"),
            scenario="disagreement_mash_no_further_action", days=30)  # fmt: skip
    text = progress.my_progress(uow, Who("rest", "nq"), _bank(root), NOW).text
    assert text.startswith("You have tried 2 scenario(s) (3 answer(s) in all).")
    assert "First tries: 50% at the expected level, 50% within one level (0 under-call(s), 1 over-call(s))." in text
    assert "Over time: 2026-12: 0/1 exact; 2027-01: 1/1 exact." in text
    assert progress.my_progress(uow, Who("rest", "pw"), _bank(root), NOW).text.startswith("You have not tried")
    with uow(read_only=True) as session:
        found = progress.progress_of(session, "nq", _bank(root))
    assert found is not None and found.themes == {"parental_substance_misuse": 1, "professional_disagreement": 1}


def test_a_supervisor_sees_the_newly_qualified_workers_they_supervise(uow: SqlUnitOfWork, root: Root) -> None:
    _submit(uow, root, "nq", OVER_CALL)
    _submit(uow, root, "pw", RIGHT)
    lines = progress.team_progress(uow, Who("rest", "sup"), _bank(root), NOW).text.splitlines()
    assert lines[0] == "Practice progress of the newly qualified social workers you supervise:"
    assert lines[1:] == ["- NQ: 1 scenario(s), 0% exact, 0% within one, 0 under-call(s), last 10 Dec 2026",
                         "- NQ_FAR: no practice yet"]  # fmt: skip
    one = progress.worker_progress(uow, Who("rest", "sup"), "nq", _bank(root), NOW).text
    assert one.startswith("NQ has tried 1 scenario(s)")
    assert progress.worker_progress(uow, Who("rest", "nq"), "nq", _bank(root), NOW).text.startswith("You have tried")
    assert _audits(uow) == []


def test_anyone_else_is_refused_and_the_refusal_is_audited(uow: SqlUnitOfWork, root: Root) -> None:
    _submit(uow, root, "nq", OVER_CALL)
    bank = _bank(root)
    refused = progress.worker_progress(uow, Who("rest", "pw"), "nq", bank, NOW)
    assert refused.text == "You can see your own practice progress, and a supervisor can see their team's."
    assert progress.worker_progress(uow, Who("rest", "sup_b"), "nq", bank, NOW).text == refused.text
    assert progress.worker_progress(uow, Who("rest", "nq"), "nobody", bank, NOW).text == refused.text
    team = progress.team_progress(uow, Who("rest", "nq"), bank, NOW)
    assert team.text == "Only supervisors can see their team's practice progress; you can see your own."
    assert _audits(uow) == [
        ("pw", "refused:practice_progress", "nq"),
        ("sup_b", "refused:practice_progress", "nq"),
        ("nq", "refused:practice_progress", "nobody"),
        ("nq", "refused:practice_progress", "team"),
    ]
    assert progress.worker_progress(uow, Who("rest", "stranger"), "nq", bank, NOW).response == "utter_not_in_directory"
