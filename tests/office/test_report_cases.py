"""Residents' reports as cases: states, due dates on an injected clock, masking, retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from lookup.core import clock
from lookup.core.errors import Conflict, NotFound
from lookup.lists import backup
from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry, Report
from lookup.office import audit, report_cases, report_privacy, reports
from lookup.office.audit import Actor
from lookup.office.report_rules import ReportInvalid
from lookup.office.workdays import Calendar
from tests.support import lists_in_effect_since

CLERK = Actor("办事员甲", "10.0.0.9")
REPORT = {
    "certificate": "亲属关系证明",
    "office": "某某镇便民服务中心",
    "happened_on": "2026-10-20",
    "description": "办理居住证时被要求开具",
    "contact": "13812345678",
}


def set_now(moment: datetime) -> None:
    """Move this process's clock so that utcnow() is `moment` (naive UTC) now."""
    clock.set_offset(moment.replace(tzinfo=UTC) - datetime.now(UTC))


def beijing_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, 0)  # 12:00 in Beijing, as naive UTC


@pytest.fixture
def clock_at(app):
    """`clock_at(moment)` moves the clock; the real clock comes back after the test."""
    lists_in_effect_since(datetime(2026, 1, 1))  # the tests move the clock back into 2026
    yield set_now
    clock.set_offset(timedelta(0))


def _audit(action: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(get_session().scalars(query))


def test_a_case_is_forwarded_then_answered(app):
    created = reports.create(REPORT)
    first, second = report_cases.departments()[:2]
    case = report_cases.forward(created["id"], first, "请核实", actor=CLERK)
    assert (case["status"], case["status_label"], case["department"]) == (
        "forwarded",
        "已转办",
        first,
    )
    case = report_cases.forward(created["id"], second, "", actor=CLERK)  # sent on elsewhere
    assert case["department"] == second
    case = report_cases.answer(created["id"], "已督促整改，今后不再索要。", actor=CLERK)
    assert (case["status"], case["status_label"]) == ("answered", "已答复")
    assert case["closed_at"]
    assert case["reply"] == "已督促整改，今后不再索要。"
    steps = report_cases.history(created["id"])
    assert [(s["action"], s["department"]) for s in steps] == [
        ("forwarded", first),
        ("forwarded", second),
        ("answered", second),
    ]
    assert {s["actor"] for s in steps} == {"办事员甲"}
    forwarded = _audit("report_forward")
    assert [e.detail for e in forwarded] == [
        f"反映 {created['case_number']} 转办至{first}：请核实",
        f"反映 {created['case_number']} 转办至{second}",
    ]
    assert (forwarded[0].user, forwarded[0].remote_addr) == ("办事员甲", "10.0.0.9")
    assert _audit("report_answer")[0].detail.startswith(f"答复反映 {created['case_number']}")
    with pytest.raises(Conflict) as closed:
        report_cases.reject(created["id"], "不属于证明事项", actor=CLERK)
    assert "不能再更改" in closed.value.message


def test_a_case_is_declined_with_a_reason(app):
    number = reports.create(REPORT)["id"]
    with pytest.raises(ReportInvalid) as empty:
        report_cases.reject(number, "   ", actor=CLERK)
    assert empty.value.field == "reason"
    case = report_cases.reject(number, "不属于证明事项的范围。", actor=CLERK)
    assert (case["status"], case["status_label"]) == ("rejected", "不予受理")
    assert case["reply"] == "不属于证明事项的范围。"
    assert [s["action"] for s in report_cases.history(number)] == ["rejected"]
    with pytest.raises(Conflict):
        report_cases.forward(number, report_cases.departments()[0], "", actor=CLERK)


@pytest.mark.parametrize(
    ("step", "args", "field"),
    [
        ("forward", ("火星管理局", ""), "department"),
        ("forward", ("", ""), "department"),
        ("answer", ("",), "reply"),
        ("answer", ("答" * 2001,), "reply"),
        ("answer", (["不是文字"],), "reply"),
        ("reject", ("",), "reason"),
    ],
)
def test_bad_steps_name_the_field_and_change_nothing(app, step, args, field):
    number = reports.create(REPORT)["id"]
    with pytest.raises(ReportInvalid) as bad:
        getattr(report_cases, step)(number, *args, actor=CLERK)
    assert bad.value.field == field
    assert reports.get(number)["status"] == "new"
    assert report_cases.history(number) == []


def test_steps_on_a_missing_case(app):
    with pytest.raises(NotFound):
        report_cases.answer(999_999, "答复", actor=CLERK)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 11, 27), date(2026, 12, 4)),  # Friday: the weekend does not count
        (date(2026, 11, 30), date(2026, 12, 7)),
        # National Day week off, Saturday 10 October worked in exchange (调休).
        (date(2026, 9, 29), date(2026, 10, 12)),
        (date(2031, 1, 3), date(2031, 1, 10)),  # a year the calendar package does not know
    ],
)
def test_due_dates_count_working_days(received, due):
    assert Calendar().add(received, 5) == due


def test_the_office_adds_its_own_days_off_and_working_days():
    calendar = Calendar.from_settings(["2026-12-01"], ["2026-11-28"])
    assert calendar.add(date(2026, 11, 27), 5) == date(2026, 12, 4)
    assert not calendar.is_workday(date(2026, 12, 1))
    assert calendar.is_workday(date(2026, 11, 28))
    with pytest.raises(ValueError, match="working days must be 1 to"):
        Calendar().add(date(2026, 11, 27), 0)


def test_the_due_date_setting_is_used(app, clock_at):
    clock_at(beijing_noon(date(2026, 11, 27)))
    app.config["REPORT_DUE_WORKING_DAYS"] = 3
    assert reports.create(REPORT)["due_on"] == "2026-12-02"
    app.config["REPORT_HOLIDAYS"] = ["2026-12-01"]
    assert reports.create(REPORT)["due_on"] == "2026-12-03"


def test_overdue_follows_the_clock(app, clock_at):
    clock_at(beijing_noon(date(2026, 11, 27)))
    late = reports.create(REPORT)
    on_time = reports.create(REPORT)
    assert late["due_on"] == "2026-12-04"
    clock_at(beijing_noon(date(2026, 12, 4)))
    case = reports.get(late["id"])
    assert (case["overdue"], case["days_left"]) == (False, 0)
    assert reports.summary()["due_today"] == 2
    report_cases.answer(on_time["id"], "已答复", actor=CLERK)
    # 23:59 Beijing on the due date is still in time; one minute later it is not.
    clock_at(datetime(2026, 12, 4, 15, 59))
    assert not reports.get(late["id"])["overdue"]
    clock_at(datetime(2026, 12, 4, 16, 1))
    case = reports.get(late["id"])
    assert (case["overdue"], case["days_left"]) == (True, -1)
    summary = reports.summary()
    assert (summary["overdue"], summary["open"], summary["answered"]) == (1, 1, 1)
    assert [r["id"] for r in reports.list_reports(status="overdue")["reports"]] == [late["id"]]
    report_cases.answer(late["id"], "已答复", actor=CLERK)
    assert reports.summary()["overdue"] == 0
    assert reports.get(late["id"])["in_time"] is False
    assert reports.get(on_time["id"])["in_time"] is True


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("身份证330482199001011234", "身份证【身份证号已隐去】"),
        ("身份证 33048219900101123X 办事", "身份证 【身份证号已隐去】 办事"),
        ("老身份证 330482900101123", "老身份证 【身份证号已隐去】"),
        ("手机 138 1234 5678", "手机 【电话号码已隐去】"),
        ("+86 13812345678", "【电话号码已隐去】"),
        ("１３８１２３４５６７８", "【电话号码已隐去】"),
        ("座机0573-85123456", "座机【电话号码已隐去】"),
        ("电话：85123456", "电话：【电话号码已隐去】"),
        ("卡号 6222020200112233445", "卡号 【号码已隐去】"),
        ("邮箱zhangsan@example.cn谢谢", "邮箱【邮箱已隐去】谢谢"),
        ("2024-05-01 去办，等了 3 小时，窗口 12 号", "2024-05-01 去办，等了 3 小时，窗口 12 号"),
        ("上次的反映 20261129-4831 没人回", "上次的反映 20261129-4831 没人回"),
        ("", ""),
    ],
)
def test_what_is_masked(typed, stored):
    assert report_privacy.mask_numbers(typed) == stored


def _raw(report_id: int) -> str:
    """Everything stored in the report's row, as text."""
    row = (
        get_session().execute(text("SELECT * FROM reports WHERE id = :id"), {"id": report_id}).one()
    )
    return " ".join(str(value) for value in row)


def test_personal_numbers_are_masked_before_they_are_stored(app):
    created = reports.create(
        {
            **REPORT,
            "certificate": "亲属关系证明（身份证 330482199001011234）",
            "office": "某某镇，经办人电话 0573-85123456",
            "description": "我叫张三，身份证号3304 8219 9001 0112 3X，手机 138-1234-5678，"
            "邮箱 zhangsan@example.cn，2024年办过一次",
        }
    )
    stored = _raw(created["id"])
    for secret in (
        "330482199001011234",
        "3304 8219",
        "0573-85123456",
        "138-1234-5678",
        "zhangsan@example.cn",
    ):
        assert secret not in stored
    assert "【身份证号已隐去】" in stored
    assert "【电话号码已隐去】" in stored
    assert "2024年办过一次" in stored
    assert "13812345678" in stored  # the contact field itself is kept (until retention ends)
    case = report_cases.answer(created["id"], "已电话联系 13900001111 核实", actor=CLERK)
    assert "13900001111" not in _raw(created["id"])
    assert case["reply"] == "已电话联系 【电话号码已隐去】 核实"
    assert not any("13900001111" in e.detail for e in _audit("report_answer"))


def test_contacts_are_erased_after_the_retention(app, clock_at):
    app.config["REPORT_CONTACT_RETENTION_DAYS"] = 10
    clock_at(datetime(2026, 11, 2, 4, 0))
    closed = reports.create(REPORT)
    still_open = reports.create(REPORT)
    report_cases.forward(still_open["id"], report_cases.departments()[0], "", actor=CLERK)
    report_cases.answer(closed["id"], "已答复", actor=CLERK)
    clock_at(datetime(2026, 11, 12, 3, 59))  # nine days, 23 hours 59 minutes after closing
    assert reports.erase_expired() == 0
    assert reports.get(closed["id"])["contact"] == REPORT["contact"]
    clock_at(datetime(2026, 11, 12, 4, 1))
    assert reports.erase_expired() == 1
    case = reports.get(closed["id"])
    assert (case["contact"], case["contact_masked"]) == ("", "")
    assert case["contact_erased_at"] == "2026-11-12T04:01:00+00:00"
    assert REPORT["contact"] not in _raw(closed["id"])
    assert reports.get(still_open["id"])["contact"] == REPORT["contact"]  # open: kept
    (entry,) = _audit("report_contacts_erased")
    assert (entry.user, audit.who(entry.user, entry.remote_addr)["text"]) == ("system", "系统自动")
    assert "1 条" in entry.detail
    clock_at(datetime(2027, 6, 1, 4, 0))
    assert reports.erase_expired() == 0  # nothing left to erase; the open case keeps its contact
    assert reports.get(still_open["id"])["contact"] == REPORT["contact"]


def test_a_new_report_also_runs_the_erasure(app, clock_at):
    app.config["REPORT_CONTACT_RETENTION_DAYS"] = 0
    first = reports.create(REPORT)
    report_cases.reject(first["id"], "信息不足", actor=CLERK)
    clock_at(clock.utcnow() + timedelta(minutes=1))
    reports.create(REPORT)
    assert get_session().get(Report, first["id"]).contact == ""


def test_a_case_survives_backup_and_restore(app, tmp_path):
    created = reports.create(REPORT)
    report_cases.answer(created["id"], "已答复", actor=CLERK)
    before = reports.get(created["id"])
    backup.backup(app, tmp_path / "store.jsonl.gz")
    get_session().delete(get_session().get(Report, created["id"]))
    get_session().commit()
    assert reports.get(created["id"]) is None
    backup.restore(app, tmp_path / "store.jsonl.gz")
    get_session().close()
    assert reports.get(created["id"]) == before
    assert report_cases.history(created["id"])[0]["action"] == "answered"
