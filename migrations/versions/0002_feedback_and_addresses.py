"""procedure feedback; channel addresses and the reminder log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "procedure_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("procedure_id", sa.String(length=100), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("procedure_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_feedback_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_procedure_feedback_procedure_id"), ["procedure_id"], unique=False)
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.Text(), nullable=True))
    op.create_table(
        "reminders_sent",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("staff_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "staff_id", "day", name="uq_reminder_kind_staff_day"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("reminders_sent")
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.drop_column("address")
    with op.batch_alter_table("procedure_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_feedback_procedure_id"))
        batch_op.drop_index(batch_op.f("ix_procedure_feedback_at"))
    op.drop_table("procedure_feedback")
