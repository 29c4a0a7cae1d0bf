"""job claims: a scheduled announcement is made by exactly one server process

Also creates APScheduler's job table (as APScheduler 3.11 defines it) when it is missing, so that several
server processes starting at once on PostgreSQL do not race to create it.

Revision ID: scale1
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "scale1"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_claims",
        sa.Column("job_key", sa.String(length=200), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("job_key", name=op.f("pk_job_claims")),
    )
    if "scheduled_jobs" not in sa.inspect(op.get_bind()).get_table_names():
        op.create_table(
            "scheduled_jobs",
            sa.Column("id", sa.Unicode(length=191), primary_key=True),
            sa.Column("next_run_time", sa.Float(precision=25), index=True),
            sa.Column("job_state", sa.LargeBinary(), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("job_claims")
