"""Office pages: the monthly figure (charts, downloads) and the readable audit log."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from support import login

from lookup.core import clock
from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry

REPORT = {"certificate": "亲属关系证明", "office": "某某镇", "happened_on": "2026-10-20"}


def _actions(office) -> list[str]:
    with office.app_context():
        return list(get_session().scalars(select(AuditEntry.action)))


def test_the_monthly_figure_page_has_charts_and_a_table(office, office_client):
    assert office_client.post("/api/v1/reports", json=REPORT).status_code == 201
    login(office_client, "editor1")
    month = clock.today().strftime("%Y-%m")
    page = office_client.get("/admin/reports/figures").get_data(as_text=True)
    assert f'value="{month}"' in page
    assert page.count('<svg class="chart"') == 3
    assert "收到的反映（按部门）" in page
    assert "亲属关系证明（1）" in page
    assert "未确定部门" in page
    assert f"/admin/reports/figures/export?month={month}&amp;format=xlsx" in page
    empty = office_client.get("/admin/reports/figures?month=2001-02").get_data(as_text=True)
    assert "这个月没有反映" in empty
    assert "2001 年 2 月" in empty


@pytest.mark.parametrize("month", ["2026-13", "1999-01", "x" * 3000, "2026/11", "-1--1"])
def test_a_wrong_month_gives_a_message(office_client, month):
    login(office_client, "editor1")
    response = office_client.get("/admin/reports/figures", query_string={"month": month})
    assert response.status_code == 200
    assert "已显示本月" in response.get_data(as_text=True)


def test_the_monthly_figure_downloads(office, office_client):
    assert office_client.post("/api/v1/reports", json=REPORT).status_code == 201
    login(office_client, "editor1")
    month = clock.today().strftime("%Y-%m")
    xlsx = office_client.get(f"/admin/reports/figures/export?month={month}")
    assert xlsx.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"figures-{month}.xlsx" in xlsx.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.cell(3, 1).value == "部门"
    assert sheet.cell(4, 2).value == 1
    body = office_client.get(f"/admin/reports/figures/export?month={month}&format=csv")
    rows = list(csv.reader(io.StringIO(body.data.decode("utf-8-sig"))))
    assert rows[-1][:2] == ["合计", "1"]
    assert _actions(office).count("figures_export") == 2


def test_the_audit_log_reads_in_chinese_and_filters(office, office_client):
    login(office_client, "editor1")
    page = office_client.get("/admin/audit").get_data(as_text=True)
    assert "登录" in page
    assert "editor1（网页 127.0.0.1）" in page
    assert "北京时间" in page
    filtered = office_client.get("/admin/audit?action=logout").get_data(as_text=True)
    assert "没有符合条件的记录" in filtered
    assert '<option value="logout" selected>' in filtered
    by_name = office_client.get("/admin/audit?user=editor&channel=web").get_data(as_text=True)
    assert "editor1（网页" in by_name
    cli = office_client.get("/admin/audit?channel=cli").get_data(as_text=True)
    assert "editor1（网页" not in cli


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-13-01"}, "日期应为"),
        ({"until": "9999-12-31"}, "日期应为"),
        ({"since": "2026-11-20", "until": "2026-11-01"}, "结束日期不能早于开始日期"),
        ({"since": "x" * 5000, "user": "y" * 5000, "action": "z" * 5000}, "日期应为"),
    ],
)
def test_audit_filters_with_wrong_dates_give_a_message(office_client, query, message):
    login(office_client, "editor1")
    response = office_client.get("/admin/audit", query_string=query)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_the_audit_log_downloads_with_its_filters(office, office_client):
    login(office_client, "editor1")
    page = office_client.get("/admin/audit?action=login").get_data(as_text=True)
    assert "/admin/audit/export?format=csv&amp;action=login" in page
    body = office_client.get("/admin/audit/export?format=csv&action=login")
    assert body.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.data.decode("utf-8-sig"))))
    assert rows[0][:5] == ["时间（北京时间）", "操作人", "方式", "来源地址", "操作"]
    assert [r[4] for r in rows[1:]] == ["登录"]
    assert rows[1][1:3] == ["editor1", "网页"]
    xlsx = office_client.get("/admin/audit/export?format=nonsense")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.cell(1, 1).value == "操作记录"
    assert _actions(office).count("audit_export") == 2
