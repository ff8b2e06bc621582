"""practice progress: answers to induction scenarios, apart from the decision log

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "practice_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("staff_id", sa.String(length=64), nullable=False),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("theme", sa.String(length=60), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("level_given", sa.Integer(), nullable=False),
        sa.Column("expected_level", sa.Integer(), nullable=False),
        sa.Column("exact", sa.Boolean(), nullable=False),
        sa.Column("within_one", sa.Boolean(), nullable=False),
        sa.Column("first_try", sa.Boolean(), nullable=False),
        sa.Column("route_given", sa.String(length=30), nullable=True),
        sa.Column("route_expected", sa.String(length=30), nullable=False),
        sa.Column("missed", sa.Text(), nullable=False),
        sa.Column("pitfalls", sa.Text(), nullable=False),
        sa.Column("hints", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("practice_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_attempts_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_practice_attempts_scenario_id"), ["scenario_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_practice_attempts_staff_id"), ["staff_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("practice_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_attempts_staff_id"))
        batch_op.drop_index(batch_op.f("ix_practice_attempts_scenario_id"))
        batch_op.drop_index(batch_op.f("ix_practice_attempts_at"))
    op.drop_table("practice_attempts")
