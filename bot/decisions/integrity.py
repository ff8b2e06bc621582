"""Is the decision log as it was written: its rows, its chain heads and the signed checkpoints outside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.decisions.log import verify
from bot.storage import chain
from bot.storage.checkpoints import CheckpointFile, Finding, compare
from bot.storage.models import DecisionRow, ReviewRow

CHAINS: dict[str, Any] = {"decisions": DecisionRow, "reviews": ReviewRow}


@dataclass(frozen=True)
class Report:
    """What verify found: the first row that breaks its chain, and how the rows fit the checkpoints."""

    broken: chain.Break | None
    findings: list[Finding] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    checkpoints: int = 0
    development_key: bool = False

    @property
    def ok(self) -> bool:
        """True when every chain fits its hashes and its signed checkpoints (notes aside)."""
        return self.broken is None and not any(f.serious for f in self.findings)


def _hashes(session: Session, name: str) -> list[tuple[int, str]]:
    model = CHAINS[name]
    return [(r.id, r.row_hash) for r in session.execute(select(model.id, model.row_hash).order_by(model.id))]


def _one_snapshot(session: Session) -> None:
    # PostgreSQL reads each statement afresh (READ COMMITTED): the whole check must see one moment.
    # (SQLite's read transaction is one snapshot already.) Must come before the first statement.
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def check(session: Session, checkpoints: CheckpointFile) -> Report:
    """Check both chains' rows and heads, then every row against the signed checkpoints."""
    _one_snapshot(session)
    # The file first: a line is written after its row's commit, so every line read now is for a row
    # this snapshot holds (unless it was deleted), and a save during the check is no false alarm.
    signed, findings = checkpoints.read()
    hashes = {name: _hashes(session, name) for name in CHAINS}
    known = {(c.chain, c.row_id) for c in signed}
    if any((name, row_id) not in known for name, rows in hashes.items() for row_id, _ in rows):
        # Rows saved between reading the file and the snapshot: their lines are there by now.
        ours = {(name, row_id) for name, rows in hashes.items() for row_id, _ in rows}
        signed += [c for c in checkpoints.read()[0] if (c.chain, c.row_id) in ours - known]
    for name, rows in hashes.items():
        findings.extend(compare(name, rows, signed))
    if not checkpoints.path.exists():
        findings.append(Finding("checkpoints", None, f"there is no checkpoint file at {checkpoints.path}", False))
    counts = {name: len(rows) for name, rows in hashes.items()}
    return Report(verify(session), findings, counts, len(signed), checkpoints.key.development)


def sign_heads(session: Session, checkpoints: CheckpointFile) -> list[chain.Appended] | chain.Break:
    """Sign each chain's newest row once the chains fit their hashes (after a checkpoint could not be written).

    Returns what was signed, or the break that stopped it: a chain that does not fit is never signed.
    """
    _one_snapshot(session)
    broken = verify(session)
    if broken is not None:
        return broken
    heads = []
    for name in CHAINS:
        hashes = _hashes(session, name)
        if hashes:
            heads.append(chain.Appended(name, *hashes[-1]))
    checkpoints.append(heads)
    return heads
