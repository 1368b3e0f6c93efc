"""Residents' reports become cases: public number, check code, department, due date, history

Revision ID: 1501
Revises: 0001
Create Date: 2026-11-29

Reports made before this revision get a case number from their day and id
(`20261120-0007`), no check code (they were never given one, so they cannot be looked up
publicly), a due date seven calendar days after receipt, and the states of the new workflow:
`in_progress` becomes `forwarded` (to no named department) and the time a report was
forwarded or answered is taken from the audit log where it recorded the change.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "1501"
down_revision = "0001"
branch_labels = None
depends_on = None

BEIJING = timezone(timedelta(hours=8))
_CHANGE = re.compile(r"^(\d+):(\w+)→(\w+)$")


def _columns() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_number", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("check_hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("department", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("contact_erased_at", sa.DateTime(), nullable=True))


def _events_table() -> None:
    op.create_table(
        "report_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("report_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_events_report_id"), ["report_id"], unique=False)


_audit = sa.table(
    "audit_log",
    sa.column("at", sa.DateTime()),
    sa.column("user", sa.String()),
    sa.column("action", sa.String()),
    sa.column("detail", sa.Text()),
)
_reports = sa.table(
    "reports",
    sa.column("id", sa.Integer()),
    sa.column("created_at", sa.DateTime()),
    sa.column("status", sa.String()),
    sa.column("case_number", sa.String()),
    sa.column("due_on", sa.Date()),
    sa.column("closed_at", sa.DateTime()),
)
_events = sa.table(
    "report_events",
    sa.column("report_id", sa.Integer()),
    sa.column("at", sa.DateTime()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("department", sa.String()),
    sa.column("text", sa.Text()),
)


def _changes(conn) -> dict[int, dict[str, tuple]]:
    """When each old report moved to a state, and who moved it, as the audit log says."""
    found: dict[int, dict[str, tuple]] = {}
    query = sa.select(_audit.c.at, _audit.c.detail, _audit.c.user).where(
        _audit.c.action == "report_status"
    )
    for at, detail, user in conn.execute(query.order_by(_audit.c.at)):
        match = _CHANGE.match(detail or "")
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(3)] = (at, user or "")
    return found


def _fill(conn) -> list[dict]:
    """Number, date and state the old reports; the history rows they need, to add later."""
    changes = _changes(conn)
    events = []
    rows = conn.execute(sa.select(_reports.c.id, _reports.c.created_at, _reports.c.status))
    for report_id, created_at, status in rows.fetchall():
        day = created_at.replace(tzinfo=UTC).astimezone(BEIJING).date()
        seen = changes.get(report_id, {})
        closed = seen.get("answered", (created_at, ""))[0] if status == "answered" else None
        conn.execute(
            _reports.update()
            .where(_reports.c.id == report_id)
            .values(
                case_number=f"{day:%Y%m%d}-{report_id:04d}",
                due_on=day + timedelta(days=7),
                status="forwarded" if status == "in_progress" else status,
                closed_at=closed,
            )
        )
        if status == "in_progress":
            at, user = seen.get("in_progress", (created_at, ""))
            events.append(
                {
                    "report_id": report_id,
                    "at": at,
                    "actor": user,
                    "action": "forwarded",
                    "department": "",
                    "text": "",
                }
            )
    return events


def upgrade() -> None:
    _columns()
    events = _fill(op.get_bind())
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.alter_column("case_number", existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column("check_hash", server_default=None)
        batch_op.alter_column("department", server_default=None)
        batch_op.create_index(batch_op.f("ix_reports_case_number"), ["case_number"], unique=True)
        batch_op.create_index(batch_op.f("ix_reports_closed_at"), ["closed_at"], unique=False)
    # Only now: on SQLite the batch above copies and drops `reports`, and with foreign keys on
    # dropping it would cascade to rows already referring to it.
    _events_table()
    if events:
        op.get_bind().execute(_events.insert(), events)


def downgrade() -> None:
    op.execute("UPDATE reports SET status = 'in_progress' WHERE status = 'forwarded'")
    op.execute("UPDATE reports SET status = 'answered' WHERE status = 'rejected'")
    with op.batch_alter_table("report_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_events_report_id"))
        batch_op.drop_index(batch_op.f("ix_report_events_at"))
    op.drop_table("report_events")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_closed_at"))
        batch_op.drop_index(batch_op.f("ix_reports_case_number"))
        for column in (
            "contact_erased_at",
            "closed_at",
            "due_on",
            "department",
            "check_hash",
            "case_number",
        ):
            batch_op.drop_column(column)
