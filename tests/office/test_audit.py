"""The audit log read in Chinese: labels, who acted and how, Beijing time, filters, downloads."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from lookup.core import clock
from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry
from lookup.office import audit, tables
from lookup.office.audit import Actor, Filters


def _add(action: str, detail: str, user: str, address: str, at: datetime) -> None:
    get_session().add(
        AuditEntry(at=at, user=user, action=action, detail=detail, remote_addr=address)
    )
    get_session().commit()


@pytest.fixture
def log(app):
    """Entries from the web, the command line and the system, on three Beijing days."""
    get_session().query(AuditEntry).delete()
    _add("login", "登录成功", "张三", "10.0.0.1", datetime(2026, 11, 1, 1, 0))
    _add("report_status", "12:new→answered", "张三", "10.0.0.1", datetime(2026, 11, 1, 16, 30))
    _add("publish", "发布草稿 3（清单.xlsx）", "root", audit.CLI_ADDRESS, datetime(2026, 11, 2, 2))
    _add("future_action", "同义词：狗证", "李四", "10.0.0.2", datetime(2026, 11, 3, 3, 0))
    _add("report_contacts_erased", "删除 1 条", "system", audit.CLI_ADDRESS, datetime(2026, 11, 3))
    _add("login_failed", "用户名：x", "", "10.0.0.3", datetime(2026, 11, 3, 5, 0))
    _add("upload", '=HYPERLINK("http://x")', "王五", "10.0.0.4", datetime(2026, 11, 3, 6))
    return app


@pytest.mark.parametrize(
    ("action", "label"),
    [
        ("publish", "发布"),
        ("rollback", "回滚"),
        ("report_forward", "转办反映"),
        ("report_contacts_erased", "删除到期的联系方式"),
        ("vocab_publish", "发布检索词表"),
        ("vocab_rollback", "回滚检索词表"),
        ("future_action", "其他操作（future_action）"),  # added by another engineer, unlabelled
        ("", "其他操作（未注明）"),
    ],
)
def test_every_action_reads_in_chinese(action, label):
    assert audit.label(action) == label


@pytest.mark.parametrize(
    ("user", "address", "text", "channel"),
    [
        ("张三", "10.0.0.1", "张三（网页 10.0.0.1）", "网页"),
        ("", "10.0.0.3", "未登录的访问者（网页 10.0.0.3）", "网页"),
        ("root", "命令行", "root（命令行）", "命令行"),
        ("张三（root）", "命令行", "张三（root）（命令行）", "命令行"),
        ("system", "命令行", "系统自动", "系统自动"),
    ],
)
def test_who_acted_and_how(user, address, text, channel):
    person = audit.who(user, address)
    assert (person["text"], person["channel"]) == (text, channel)


def test_the_command_line_actor_is_the_os_user():
    actor = Actor.command_line()
    assert actor.via_cli
    assert audit.who(actor.name, actor.address)["text"].endswith("（命令行）")


def test_entries_are_in_chinese_and_beijing_time(log):
    entries = audit.search()["entries"]
    assert [e["label"] for e in entries][-2:] == ["更改反映状态", "登录"]
    legacy = entries[-2]
    assert legacy["detail"] == "反映 12：待处理 → 已答复"  # the old raw entry, rewritten
    assert legacy["at"] == "2026-11-02 00:30:00"  # 16:30 UTC on 1 November
    assert legacy["who"] == "张三（网页 10.0.0.1）"
    assert entries[-1]["at_iso"] == "2026-11-01T01:00:00+00:00"


@pytest.mark.parametrize(
    ("filters", "actions"),
    [
        (Filters(action="login"), ["login"]),
        (Filters(user="张"), ["report_status", "login"]),
        (Filters(channel="cli"), ["report_contacts_erased", "publish"]),
        (
            Filters(channel="web", since=date(2026, 11, 3)),
            ["upload", "login_failed", "future_action"],
        ),
        # Beijing days: 16:30 UTC on 1 November is 2 November in Pinghu.
        (Filters(since=date(2026, 11, 2), until=date(2026, 11, 2)), ["publish", "report_status"]),
        (Filters(until=date(2026, 11, 1)), ["login"]),
        (Filters(text="狗证"), ["future_action"]),
        (Filters(text="%"), []),  # wildcards are matched literally
        (Filters(action="no_such_action"), []),
    ],
)
def test_filters(log, filters, actions):
    assert [e["action"] for e in audit.search(filters)["entries"]] == actions


def test_pages(log):
    first = audit.search(Filters(), 1, per_page=3)
    assert (first["total"], first["pages"], len(first["entries"])) == (7, 3, 3)
    assert audit.search(Filters(), 99, per_page=3)["page"] == 3


def test_actions_seen_include_unlabelled_ones(log):
    seen = dict(audit.actions_seen())
    assert seen["future_action"] == "其他操作（future_action）"
    assert seen["rollback"] == "回滚"


def test_the_export_is_readable_and_formula_safe(log):
    rows = audit.export_rows(Filters(channel="web"))
    assert rows[0][:5] == ["2026-11-03 14:00:00", "王五", "网页", "10.0.0.4", "上传清单"]
    body, mime = tables.export("csv", "操作记录", audit.EXPORT_HEADER, rows)
    assert mime.startswith("text/csv")
    read = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert read[0] == list(audit.EXPORT_HEADER)
    assert read[1][5] == '\'=HYPERLINK("http://x")'
    body, mime = tables.export("xlsx", "操作记录", audit.EXPORT_HEADER, rows, "说明")
    sheet = load_workbook(io.BytesIO(body)).active
    assert [c.value for c in sheet[3]] == list(audit.EXPORT_HEADER)
    cell = sheet.cell(4, 6)
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://x")', "s")


def test_record_writes_beside_the_callers_work(app):
    clock.set_offset(datetime(2026, 11, 29, 12, tzinfo=UTC) - datetime.now(UTC))
    try:
        audit.record("rollback", "回滚到版本 2", actor=Actor("张三", "10.0.0.1"))
    finally:
        clock.set_offset(timedelta(0))
    (entry,) = audit.search(Filters(action="rollback"))["entries"]
    assert (entry["at"][:16], entry["who"]) == ("2026-11-29 20:00", "张三（网页 10.0.0.1）")
