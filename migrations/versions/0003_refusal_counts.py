"""refusal counts: one row per unregistered identity per day instead of one audit event per message

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REFUSED = "refused:unregistered"
# bot/staff/refusals.py as of this revision (a migration keeps its own copy: it is history).
MAX_IDENTITIES_PER_DAY = 100
OVERFLOW = "(over the daily limit)"


def _day(column: str) -> str:
    # The UTC day, as bot/staff/refusals.py counts it (SQLite keeps UTC text; PostgreSQL a timestamptz).
    return f"date({column} AT TIME ZONE 'UTC')" if op.get_bind().dialect.name == "postgresql" else f"date({column})"


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "refusal_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("identity", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", "identity"),
    )
    # Fold the refusals already written, one event a message, into the counts, with the same bound:
    # the first identities of each day keep a row each, everyone after them shares the overflow row.
    op.execute(
        sa.text(
            "INSERT INTO refusal_counts (day, identity, count, first_at, last_at) "
            "SELECT day, bucket, SUM(n), MIN(first_at), MAX(last_at) FROM ("
            "  SELECT day, CASE WHEN ROW_NUMBER() OVER (PARTITION BY day ORDER BY first_at, identity) <= :limit"
            "    THEN identity ELSE :overflow END AS bucket, n, first_at, last_at FROM ("
            f"    SELECT {_day('at')} AS day, actor AS identity, COUNT(*) AS n, MIN(at) AS first_at,"
            "      MAX(at) AS last_at FROM audit_events WHERE action = :refused"
            f"    GROUP BY {_day('at')}, actor"
            "  ) AS per"
            ") AS ranked GROUP BY day, bucket"
        ).bindparams(limit=MAX_IDENTITIES_PER_DAY, overflow=OVERFLOW, refused=REFUSED)
    )
    op.execute(sa.text("DELETE FROM audit_events WHERE action = :refused").bindparams(refused=REFUSED))


def downgrade() -> None:
    """Revert this revision: each day's count goes back as one audit event (the single events are gone)."""
    op.execute(
        sa.text(
            "INSERT INTO audit_events (at, actor, action, target, detail) "
            "SELECT last_at, identity, :refused, '', CAST(count AS VARCHAR(20)) || ' refused message(s) that day' "
            "FROM refusal_counts"
        ).bindparams(refused=REFUSED)
    )
    op.drop_table("refusal_counts")
