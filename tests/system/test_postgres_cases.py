"""Residents' cases on PostgreSQL: the migration of older reports, a case's whole life, the
public lookup's shared failure counters, the monthly figure and the retention of contacts.

Runs with `LOOKUP_TEST_POSTGRES` (an admin URL) like tests/system/test_postgres.py: a fresh
database is made for this module and dropped after; without it these tests skip, unless
`LOOKUP_REQUIRE_POSTGRES=1`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from databases import postgres_database
from sqlalchemy import select, text
from support import make_app

from lookup.core import clock
from lookup.lists import schema
from lookup.lists.db import engine_for
from lookup.lists.models import Report, ReportEvent
from lookup.office import audit, report_cases, report_figures, report_status, reports, setup
from lookup.office.audit import Actor

pytestmark = [pytest.mark.postgres]
CLERK = Actor("办事员甲", "10.0.0.9")
REPORT = {
    "certificate": "亲属关系证明",
    "office": "某某镇",
    "happened_on": "2026-10-20",
    "description": "身份证 330482199001011234",
    "contact": "13812345678",
}


@pytest.fixture(scope="module")
def pg_url():
    with postgres_database("lookup_cases") as url:
        yield url


@pytest.fixture
def pg_app(pg_url, tmp_path):
    """An app on the module's database, initialised from data/ (after the migration test)."""
    app = make_app(tmp_path / "pg-home", DATABASE_URL=pg_url)
    with app.app_context():
        setup.init(app)
        yield app


def test_older_reports_are_migrated(pg_url):
    schema.upgrade(pg_url, schema.BASELINE)
    engine = engine_for(pg_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO reports (created_at, item_id, certificate, office, happened_on, "
                "description, contact, status, reply) VALUES ('2026-11-03 02:00', '', '证明', "
                "'某镇', '2026-11-01', '', '', 'in_progress', '')"
            )
        )
        conn.execute(
            text(
                'INSERT INTO audit_log (at, "user", action, detail, remote_addr) VALUES '
                "('2026-11-03 05:00', 'office1', 'report_status', '1:new→in_progress', 'x')"
            )
        )
    assert schema.upgrade(pg_url)[1] == schema.head()
    with engine.connect() as conn:
        row = conn.execute(select(Report.__table__)).one()
        event = conn.execute(select(ReportEvent.__table__)).one()
    assert (row.case_number, row.status, row.due_on) == (
        "20261103-0001",
        "forwarded",
        date(2026, 11, 10),
    )
    assert (event.actor, event.at) == ("office1", datetime(2026, 11, 3, 5, 0))


def test_a_case_from_report_to_figure(pg_app):
    pg_app.config["REPORT_STATUS_LIMITS"] = {"address": [2, 3600], "case": [50, 86400]}
    pg_app.config["REPORT_CONTACT_RETENTION_DAYS"] = 1
    created = reports.create(REPORT)
    department = report_cases.departments()[0]
    report_cases.forward(created["id"], department, "", actor=CLERK)
    report_cases.answer(created["id"], "已答复", actor=CLERK)
    case = report_status.look_up(created["case_number"], created["check_code"], "10.0.0.1")
    assert (case["status"], case["department"]) == ("answered", department)
    for _ in range(2):
        with pytest.raises(report_status.CaseNotFound):
            report_status.look_up(created["case_number"], "000000", "10.0.0.1")
    with pytest.raises(report_status.TooManyLookups):
        report_status.look_up(created["case_number"], created["check_code"], "10.0.0.1")
    today = clock.today()
    figure = report_figures.monthly(today.year, today.month)
    row = {d["department"]: d for d in figure["departments"]}[department]
    assert (row["received"], row["answered"], row["answered_in_time"]) == (1, 1, 1)
    assert "330482199001011234" not in str(reports.get(created["id"]))
    clock.set_offset(timedelta(days=1, minutes=1))
    try:
        assert reports.erase_expired() == 1
    finally:
        clock.set_offset(timedelta(0))
    assert reports.get(created["id"])["contact"] == ""
    actions = [e["action"] for e in audit.search()["entries"]]
    assert {"report_forward", "report_answer", "report_contacts_erased"} <= set(actions)
