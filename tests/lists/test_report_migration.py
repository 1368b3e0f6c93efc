"""Migration 1501: reports stored before cases existed become cases, keeping what is known."""

from __future__ import annotations

from datetime import date, datetime

from alembic import command
from sqlalchemy import inspect, select, text

from lookup.lists import schema
from lookup.lists.db import engine_for
from lookup.lists.models import ReplyTemplate, Report, ReportEvent


def _old_row(conn, report_id: int, status: str, created: datetime) -> None:
    conn.execute(
        text(
            "INSERT INTO reports (id, created_at, item_id, certificate, office, happened_on, "
            "description, contact, status, reply) VALUES (:id, :at, '', '亲属关系证明', '某镇', "
            "'2026-11-01', '', '13812345678', :status, '')"
        ),
        {"id": report_id, "at": created, "status": status},
    )


def _old_audit(conn, at: datetime, detail: str) -> None:
    conn.execute(
        text(
            'INSERT INTO audit_log (at, "user", action, detail, remote_addr) '
            "VALUES (:at, 'office1', 'report_status', :detail, '10.0.0.1')"
        ),
        {"at": at, "detail": detail},
    )


def test_old_reports_become_cases(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    schema.upgrade(url, schema.BASELINE)
    engine = engine_for(url)
    with engine.begin() as conn:
        _old_row(conn, 1, "new", datetime(2026, 11, 1, 17, 0))  # 2 November in Beijing
        _old_row(conn, 2, "in_progress", datetime(2026, 11, 3, 2, 0))
        _old_row(conn, 3, "answered", datetime(2026, 11, 4, 2, 0))
        _old_audit(conn, datetime(2026, 11, 3, 5, 0), "2:new→in_progress")
        _old_audit(conn, datetime(2026, 11, 5, 6, 0), "3:new→in_progress")
        _old_audit(conn, datetime(2026, 11, 6, 7, 0), "3:in_progress→answered")
    assert schema.upgrade(url) == (schema.BASELINE, schema.head())
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(Report.__table__))}
        events = list(conn.execute(select(ReportEvent.__table__)))
        templates = conn.execute(select(ReplyTemplate.__table__)).fetchall()
    assert [rows[n].case_number for n in (1, 2, 3)] == [
        "20261102-0001",
        "20261103-0002",
        "20261104-0003",
    ]
    assert rows[1].due_on == date(2026, 11, 9)
    assert [rows[n].status for n in (1, 2, 3)] == ["new", "forwarded", "answered"]
    assert rows[3].closed_at == datetime(2026, 11, 6, 7, 0)
    assert rows[1].closed_at is None
    assert rows[2].closed_at is None
    assert all(r.check_hash == "" and r.contact == "13812345678" for r in rows.values())
    assert [(e.report_id, e.at, e.actor, e.action) for e in events] == [
        (2, datetime(2026, 11, 3, 5, 0), "office1", "forwarded")
    ]
    assert len(templates) >= 5


def test_downgrade_and_upgrade_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'round.sqlite3'}"
    schema.upgrade(url)
    with engine_for(url).begin() as conn:
        command.downgrade(schema._config(conn), schema.BASELINE)
    assert schema.current(url) == schema.BASELINE
    with engine_for(url).connect() as conn:
        assert not inspect(conn).has_table("report_events")
        assert "case_number" not in {c["name"] for c in inspect(conn).get_columns("reports")}
    assert schema.upgrade(url)[1] == schema.head()
