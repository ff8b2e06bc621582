"""The identity gate of the staff channels on a real database: staff served, others refused once and counted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine

from bot.council.models import StaffFile, StaffMember
from bot.loading import Council
from bot.staff import directory as staff
from bot.staff import gate as gate_module
from bot.staff.gate import Gate
from bot.storage.db import unit_of_work
from bot.storage.models import IdentityRow, RefusalCountRow

T0 = dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.timezone.utc)
PEOPLE = StaffFile(
    staff=[
        StaffMember(id="pw", name="Pat W", role="practitioner", team="a", identities={"telegram": ["42"]}),
        StaffMember(id="gone", name="Gone W", role="practitioner", team="a", identities={"teams": ["aad-gone"]}),
    ]
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


def _gate(engine: Engine, council: Council, clock: Clock) -> Gate:
    with unit_of_work(engine) as session:
        staff.import_file(session, PEOPLE)
        staff.deactivate(session, "gone")
    return Gate(engine, council.profile, clock)


def _refusals(engine: Engine) -> list[str]:
    """Each refused message's identity, from the daily counts."""
    with unit_of_work(engine, read_only=True) as session:
        rows = session.execute(select(RefusalCountRow).order_by(RefusalCountRow.day)).scalars()
        return [r.identity for r in rows for _ in range(r.count)]


def test_registered_staff_are_served_and_their_address_kept(engine: Engine, council: Council) -> None:
    gate = _gate(engine, council, Clock())
    admission = gate.admit("telegram", "42", {"chat_id": 42})
    assert admission.actor is not None and admission.actor.staff_id == "pw"
    with unit_of_work(engine, read_only=True) as session:
        row = session.execute(select(IdentityRow).where(IdentityRow.external_id == "42")).scalar_one()
        assert json.loads(row.address) == {"chat_id": 42} and row.last_seen_at is not None
    assert _refusals(engine) == []


def test_strangers_are_refused_once_a_day_and_every_attempt_counted(engine: Engine, council: Council) -> None:
    clock = Clock()
    gate = _gate(engine, council, clock)
    assert gate.admit("telegram", "999").tell_refusal
    assert not gate.admit("telegram", "999").tell_refusal
    clock.now = T0 + dt.timedelta(hours=25)
    assert gate.admit("telegram", "999").tell_refusal
    assert _refusals(engine) == ["telegram:999"] * 3
    text = gate.refusal("telegram")
    assert "registered" in text and "999" in text and "Telegram" in text
    assert "Telegram id: 999" in gate.refusal("telegram", "999")


def test_same_id_on_another_channel_is_another_identity(engine: Engine, council: Council) -> None:
    gate = _gate(engine, council, Clock())
    assert gate.admit("teams", "42").actor is None


def test_deactivated_staff_are_refused(engine: Engine, council: Council) -> None:
    gate = _gate(engine, council, Clock())
    assert gate.admit("teams", "aad-gone").actor is None
    assert _refusals(engine) == ["teams:aad-gone"]


def test_no_directory_means_nobody_is_served(tmp_path: Path, council: Council) -> None:
    broken = create_engine(f"sqlite:///{tmp_path / 'missing' / 'nowhere.db'}", future=True)
    gate = Gate(broken, council.profile, Clock())
    for _ in range(2):  # every message is answered (with an apology), none is remembered as refused
        admission = gate.admit("telegram", "42")
        assert admission.actor is None and admission.unavailable and not admission.tell_refusal
    assert not gate._told


def test_memory_of_refusals_is_bounded(engine: Engine, council: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _gate(engine, council, Clock())
    monkeypatch.setattr(gate_module, "MAX_REMEMBERED", 5)  # a small bound keeps the test quick
    for n in range(12):
        gate.admit("telegram", f"stranger-{n}")
    assert len(gate._told) == 5
