"""`lookup reports erase-contacts`: the retention of residents' contacts, run from cron."""

from __future__ import annotations

import getpass
from datetime import timedelta

from sqlalchemy import select

from lookup.core import clock
from lookup.lists.db import session_factory
from lookup.lists.models import AuditEntry, Report
from lookup.office import report_cases, reports
from lookup.office.audit import Actor

REPORT = {
    "certificate": "亲属关系证明",
    "office": "某某镇",
    "happened_on": "2026-10-20",
    "contact": "13812345678",
}


def test_erase_contacts(app, runner):
    app.config["REPORT_CONTACT_RETENTION_DAYS"] = 3
    closed = reports.create(REPORT)
    report_cases.answer(closed["id"], "已答复", actor=Actor("t", "x"))
    kept = reports.create(REPORT)
    result = runner.invoke(args=["reports", "erase-contacts"])
    assert result.exit_code == 0, result.output
    assert "已删除 0 条" in result.output
    clock.set_offset(timedelta(days=3, minutes=1))
    try:
        result = runner.invoke(args=["reports", "erase-contacts"])
    finally:
        clock.set_offset(timedelta(0))
    assert result.exit_code == 0, result.output
    assert "已删除 1 条反映的联系方式（办结已满 3 天）" in result.output
    with session_factory(app)() as session:
        assert session.get(Report, closed["id"]).contact == ""
        assert session.get(Report, kept["id"]).contact == REPORT["contact"]
        entry = session.scalar(
            select(AuditEntry).where(AuditEntry.action == "report_contacts_erased")
        )
    assert entry.user == getpass.getuser()
    assert entry.remote_addr == "命令行"
