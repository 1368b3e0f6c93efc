"""Official publication details, effective dates, withdrawal and the sample flag on versions

Revision ID: 1401
Revises: 1502
Create Date: 2026-11-29

Versions published before this revision took effect when they were published; the first
version loaded from data/ is the shipped sample.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1401"
down_revision = "1502"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("doc_number", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("issuer", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("issued_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("effective_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("sample", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("withdrawn_by", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("withdraw_reason", sa.Text(), nullable=False, server_default="")
        )
    versions = sa.table(
        "versions",
        sa.column("published_at", sa.DateTime()),
        sa.column("effective_at", sa.DateTime()),
        sa.column("source", sa.String()),
        sa.column("sample", sa.Boolean()),
    )
    op.execute(versions.update().values(effective_at=versions.c.published_at))
    op.execute(versions.update().where(versions.c.source == "data/").values(sample=True))


def downgrade() -> None:
    with op.batch_alter_table("versions", schema=None) as batch_op:
        for name in (
            "withdraw_reason",
            "withdrawn_by",
            "withdrawn_at",
            "sample",
            "effective_at",
            "issued_on",
            "issuer",
            "doc_number",
        ):
            batch_op.drop_column(name)
