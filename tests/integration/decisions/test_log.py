"""The decision log on a real database: append-only records, reviews, notices, refusals and the chain."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from bot.council.models import StaffFile, StaffMember
from bot.decisions import log as decisions
from bot.decisions.log import Draft, NotAllowedError
from bot.staff import directory as staff
from bot.storage.db import unit_of_work
from bot.storage.models import AuditRow, DecisionRow

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)
RATIONALE = "School and health both report the children are fed and clean, and mum asked for help with routines."
PEOPLE = StaffFile(
    staff=[
        StaffMember(id="sup", name="Sam Sup", role="supervisor", team="a", identities={"rest": ["sup"]}),
        StaffMember(id="sup2", name="Bea Sup", role="supervisor", team="b", identities={"rest": ["sup2"]}),
        StaffMember(
            id="pw", name="Pat W", role="practitioner", team="a", supervisor="sup", identities={"rest": ["pw"]}
        ),
        StaffMember(id="nq", name="Nia Q", role="nqsw", team="a", supervisor="sup", identities={"rest": ["nq"]}),
    ]
)


@pytest.fixture()
def people(engine: Engine) -> dict[str, staff.Actor]:
    with unit_of_work(engine) as session:
        staff.import_file(session, PEOPLE)
        return {m.id: staff.get_actor(session, m.id) for m in PEOPLE.staff}  # type: ignore[misc]


def _record(engine: Engine, actor: staff.Actor, minutes: int, case_ref: str = "1234567") -> int:
    with unit_of_work(engine) as session:
        draft = Draft("threshold", case_ref, RATIONALE, "EHA next week", recommended_level=3, chosen_level=2)
        return decisions.record(session, actor, draft, T0 + dt.timedelta(minutes=minutes)).id


def _audits(engine: Engine) -> list[str]:
    with unit_of_work(engine) as session:
        return [row.action for row in session.execute(select(AuditRow)).scalars()]


def test_record_queue_review_and_notice(engine: Engine, people: dict[str, staff.Actor]) -> None:
    second = _record(engine, people["pw"], 20)
    first = _record(engine, people["nq"], 10)
    with unit_of_work(engine) as session:
        assert [d.id for d in decisions.review_queue(session, people["sup"])] == [first, second]  # oldest first
        assert decisions.review_queue(session, people["sup2"]) == []  # another team
        decisions.add_review(session, people["sup"], second, outcome="challenge", comment="Call Mr John Smith", now=T0)
    with unit_of_work(engine) as session:
        mine = decisions.list_own(session, people["pw"])
        assert mine[0].status == "challenged"
        told = decisions.untold_reviews(session, people["pw"], T0)
        assert [r.decision_id for r in told] == [second] and told[0].comment == "Call Mr [name]"
    with unit_of_work(engine) as session:
        assert decisions.untold_reviews(session, people["pw"], T0) == []
        assert [d.id for d in decisions.review_queue(session, people["sup"])] == [first]
        assert decisions.verify(session) is None


def test_same_uid_is_written_once(engine: Engine, people: dict[str, staff.Actor]) -> None:
    draft = Draft("other", "1234567", RATIONALE)
    with unit_of_work(engine) as session:
        one = decisions.record(session, people["pw"], draft, T0, uid="fixed-uid")
    with unit_of_work(engine) as session:
        two = decisions.record(session, people["pw"], draft, T0, uid="fixed-uid")
        assert one.id == two.id
        assert session.execute(text("SELECT COUNT(*) FROM decisions")).scalar() == 1


@pytest.mark.parametrize(
    ("who", "call"),
    [
        ("pw", lambda s, a, d: decisions.review_queue(s, a)),
        ("nq", decisions.open_decision),
        ("sup2", decisions.open_decision),
        ("pw", lambda s, a, d: decisions.open_decision(s, a, 999_999)),
        ("nq", lambda s, a, d: decisions.add_review(s, a, d, outcome="agree", comment="", now=T0)),
        ("pw", lambda s, a, d: decisions.add_review(s, a, d, outcome="agree", comment="", now=T0)),
        ("sup2", lambda s, a, d: decisions.add_review(s, a, d, outcome="agree", comment="", now=T0)),
    ],
    ids=[
        "practitioner-queue",
        "colleague-opens",
        "other-team-opens",
        "missing",
        "nqsw-reviews",
        "author-reviews",
        "other-team-reviews",
    ],
)
def test_every_refusal_is_audited(engine: Engine, people: dict[str, staff.Actor], who: str, call) -> None:
    decision_id = _record(engine, people["pw"], 0)
    with pytest.raises(NotAllowedError), unit_of_work(engine) as session:
        call(session, people[who], decision_id)
    assert len([a for a in _audits(engine) if a.startswith("refused:")]) == 1


def test_supervisor_cannot_review_own_decision(engine: Engine, people: dict[str, staff.Actor]) -> None:
    own = _record(engine, people["sup"], 0)
    with unit_of_work(engine) as session, pytest.raises(NotAllowedError):
        decisions.add_review(session, people["sup"], own, outcome="agree", comment="", now=T0)


def test_tampering_is_found_and_named(engine: Engine, people: dict[str, staff.Actor]) -> None:
    ids = [_record(engine, people["pw"], m) for m in range(5)]
    with engine.begin() as conn:
        conn.execute(text("UPDATE decisions SET rationale = 'changed later' WHERE id = :id"), {"id": ids[2]})
    with unit_of_work(engine) as session:
        broken = decisions.verify(session)
    assert broken is not None and broken.table == "decisions" and broken.row_id == ids[2]


def test_a_removed_row_is_found(engine: Engine, people: dict[str, staff.Actor]) -> None:
    ids = [_record(engine, people["pw"], m) for m in range(4)]
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM decisions WHERE id = :id"), {"id": ids[1]})
    with unit_of_work(engine) as session:
        broken = decisions.verify(session)
    assert broken is not None and broken.row_id == ids[2]
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM decisions WHERE id >= :id"), {"id": ids[2]})
        conn.execute(
            text("UPDATE chain_heads SET last_hash = (SELECT row_hash FROM decisions WHERE id = :id)"), {"id": ids[0]}
        )
    with unit_of_work(engine) as session:
        assert decisions.verify(session) is None


def test_unknown_identity_is_not_resolved(engine: Engine, people: dict[str, staff.Actor]) -> None:
    with unit_of_work(engine) as session:
        assert staff.resolve(session, "rest", "stranger") is None
        assert staff.resolve(session, "telegram", "pw") is None
        staff.deactivate(session, "nq")
    with unit_of_work(engine) as session:
        assert staff.resolve(session, "rest", "nq") is None


def test_stored_text_is_never_touched_by_sql(engine: Engine, people: dict[str, staff.Actor]) -> None:
    sql = "Robert'); DROP TABLE decisions;-- the plan was agreed with everyone at the meeting today"
    with unit_of_work(engine) as session:
        stored = decisions.record(session, people["pw"], Draft("other", "1234567", sql), T0)
    with unit_of_work(engine) as session:
        assert session.get(DecisionRow, stored.id).rationale == sql
