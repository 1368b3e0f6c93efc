"""Reply templates for residents' reports, with a first set the office can edit

Revision ID: 1502
Revises: 1501
Create Date: 2026-11-29
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "1502"
down_revision = "1501"
branch_labels = None
depends_on = None

DEFAULTS = (
    (
        "answer",
        "已督促整改",
        "您反映的{单位}要求提供“{证明}”一事，经核实，该证明已列入取消证明材料清单。"
        "我局已转{部门}督促整改，今后办理相关事项不再要求提供该证明。感谢您的监督。",
    ),
    (
        "answer",
        "仍需提供（保留清单）",
        "经核实，“{证明}”列入保留证明材料清单，办理相关事项仍需提供，"
        "开具单位及依据请见本站该证明的详情页。如有疑问请拨打 12345。",
    ),
    (
        "answer",
        "可用告知承诺代替",
        "经核实，“{证明}”可以告知承诺方式代替：您在办理时签署书面承诺书即可，无需另开证明。"
        "我局已告知{部门}按此办理。",
    ),
    (
        "reject",
        "信息不足，无法核实",
        "您的反映（编号 {编号}）缺少办理事项或具体单位等信息，无法核实。"
        "欢迎补充后重新反映，或拨打 12345 政务服务便民热线。",
    ),
    (
        "reject",
        "不属于证明事项",
        "您反映的内容不属于证明事项清单的范围，请向有关部门咨询，或拨打 12345 政务服务便民热线。",
    ),
)


def upgrade() -> None:
    table = op.create_table(
        "reply_templates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(
        table,
        [{"kind": k, "title": t, "body": b, "updated_at": now} for k, t, b in DEFAULTS],
    )


def downgrade() -> None:
    op.drop_table("reply_templates")
