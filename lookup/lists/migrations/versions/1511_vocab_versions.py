"""Vocabulary versions: the office's published search vocabulary, overriding data/vocab

Revision ID: 1511
Revises: 1601
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1511"
down_revision = "1601"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vocab_versions",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("files", sa.JSON(), nullable=True),
        sa.Column("digest", sa.String(length=16), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_index("ix_vocab_versions_status", "vocab_versions", ["status"])


def downgrade() -> None:
    op.drop_index("ix_vocab_versions_status", table_name="vocab_versions")
    op.drop_table("vocab_versions")
