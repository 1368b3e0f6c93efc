"""The office inbox of residents' cases, reply templates, and the search insights page."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from support import login, post

from lookup.lists import store
from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry, Report
from lookup.office import audit, reply_templates, report_cases
from lookup.office.audit import Actor

REPORT = {
    "certificate": "亲属关系证明",
    "office": "某某镇便民服务中心",
    "happened_on": "2026-11-20",
    "description": "办理居住证时被要求开具",
    "contact": "13812345678",
}


def _report(office_client, **change) -> dict:
    response = office_client.post("/api/v1/reports", json={**REPORT, **change})
    assert response.status_code == 201
    return response.get_json()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports",
        "/admin/reports/1",
        "/admin/insights",
        "/admin/reports/figures",
        "/admin/reports/figures/export",
        "/admin/reports/templates",
        "/admin/audit",
        "/admin/audit/export",
    ],
)
def test_pages_need_login(office_client, url):
    response = office_client.get(url)
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


def test_report_shows_in_the_inbox_and_counts(office, office_client):
    with office.app_context():
        item = store.items_of(list_kind="abolished")[0]
    first = _report(office_client)
    second = _report(office_client, item=item["id"], office="某某街道")
    login(office_client, "editor1")
    page = office_client.get("/admin/reports").get_data(as_text=True)
    assert page.index(second["case_number"]) < page.index(first["case_number"])  # newest first
    for text in ("亲属关系证明", "某某镇便民服务中心"):
        assert text in page
    assert "13812345678" not in page  # lists show the contact masked
    assert "138****5678" in page
    assert "新收到（2）" in page
    assert "已逾期（0）" in page
    assert f'href="/items/{item["id"]}"' in page
    assert "按证明统计" in page
    assert "按单位统计" in page
    assert item["name"] in page
    answered = office_client.get("/admin/reports?status=answered").get_data(as_text=True)
    assert first["case_number"] not in answered
    assert "没有这个状态的反映" in answered
    assert office_client.get("/admin/reports?status=bogus&page=x").status_code == 200
    detail = office_client.get(f"/admin/reports/{first['id']}").get_data(as_text=True)
    assert "13812345678" in detail  # the case page shows the whole contact to the office
    assert "2026-11-20" in detail


def _step(office_client, case: dict, step: str, data: dict):
    url = f"/admin/reports/{case['id']}"
    return post(office_client, f"{url}/{step}", data, form_page=url)


def test_forward_then_answer_from_the_case_page(office, office_client):
    case = _report(office_client)
    with office.app_context():
        department = report_cases.departments()[0]
    login(office_client, "editor1")
    url = f"/admin/reports/{case['id']}"
    page = office_client.get(url).get_data(as_text=True)
    assert f'<option value="{department}">' in page
    assert "新收到" in page

    response = _step(office_client, case, "forward", {"department": "火星局", "note": ""})
    assert response.status_code == 422
    assert "请从清单中的索要单位里选择转办部门" in response.get_data(as_text=True)

    response = _step(office_client, case, "forward", {"department": department, "note": "急"})
    assert response.status_code == 302
    page = office_client.get(url).get_data(as_text=True)
    assert f"已转办至{department}" in page
    assert f"转办至{department}" in page

    response = _step(office_client, case, "answer", {"reply": "  "})
    assert response.status_code == 422
    assert "请填写“答复内容”" in response.get_data(as_text=True)

    reply = "已联系该中心，今后不再索要此证明。"
    response = _step(office_client, case, "answer", {"reply": reply})
    assert response.status_code == 302
    page = office_client.get(url).get_data(as_text=True)
    assert reply in page
    assert "本案已办结" in page
    assert f"/admin/reports/{case['id']}/answer" not in page  # no more steps

    response = _step(office_client, case, "reject", {"reason": "太晚了"})
    assert response.status_code == 302
    flashed = office_client.get(url).get_data(as_text=True)
    assert "不能再更改" in flashed
    with office.app_context():
        actions = list(
            get_session().scalars(select(AuditEntry.action).where(AuditEntry.user == "editor1"))
        )
    assert actions.count("report_forward") == 1
    assert actions.count("report_answer") == 1
    assert office_client.get("/admin/reports/999999").status_code == 404
    missing = post(office_client, "/admin/reports/999999/answer", {"reply": "x"}, form_page=url)
    assert missing.status_code == 404


def test_a_step_without_its_token_is_refused(office_client):
    case = _report(office_client)
    login(office_client, "editor1")
    response = office_client.post(f"/admin/reports/{case['id']}/answer", data={"reply": "x"})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)


def test_a_template_fills_the_reply(office, office_client):
    case = _report(office_client)
    with office.app_context():
        (template,) = [
            t for t in reply_templates.all_templates("reject") if "信息不足" in t["title"]
        ]
    login(office_client, "editor1")
    url = f"/admin/reports/{case['id']}?template={template['id']}"
    page = office_client.get(url).get_data(as_text=True)
    assert f"您的反映（编号 {case['case_number']}）缺少" in page
    assert office_client.get(f"/admin/reports/{case['id']}?template=99999").status_code == 200


def test_reply_templates_are_managed_in_the_browser(office, office_client):
    login(office_client, "editor1")
    page = office_client.get("/admin/reports/templates").get_data(as_text=True)
    assert "已督促整改" in page
    url = "/admin/reports/templates"
    bad = post(office_client, url, {"kind": "answer", "title": "", "body": "x"}, form_page=url)
    assert bad.status_code == 422
    assert "请填写模板名称" in bad.get_data(as_text=True)
    data = {"kind": "answer", "title": "测试模板", "body": "关于{证明}：已处理。"}
    assert post(office_client, url, data, form_page=url).status_code == 302
    with office.app_context():
        (added,) = [t for t in reply_templates.all_templates() if t["title"] == "测试模板"]
    edit = f"{url}/{added['id']}"
    data = {"kind": "reject", "title": "测试模板二", "body": "不予受理：{证明}"}
    assert post(office_client, edit, data, form_page=edit).status_code == 302
    with office.app_context():
        assert reply_templates.get(added["id"])["kind"] == "reject"
    assert post(office_client, f"{edit}/delete", {}, form_page=url).status_code == 302
    with office.app_context():
        assert all(t["id"] != added["id"] for t in reply_templates.all_templates())
        labels = [audit.label(a) for a in get_session().scalars(select(AuditEntry.action))]
    assert {"添加答复模板", "修改答复模板", "删除答复模板"} <= set(labels)
    assert office_client.get(f"{url}/999999").status_code == 302


def test_the_dashboard_counts_cases_by_state_and_overdue(office, office_client):
    cases = [_report(office_client) for _ in range(3)]
    with office.app_context():
        row = get_session().get(Report, cases[0]["id"])
        row.due_on = date(2026, 1, 5)
        get_session().commit()
        report_cases.reject(cases[1]["id"], "信息不足", actor=Actor("t", "x"))
    login(office_client, "editor1")
    page = office_client.get("/admin/").get_data(as_text=True)
    assert "新收到 2 件" in page
    assert "不予受理 1 件" in page
    assert 'class="overdue" href="/admin/reports?status=overdue">已逾期 1 件' in page
    inbox = office_client.get("/admin/reports?status=overdue").get_data(as_text=True)
    assert 'class="overdue-row"' in inbox
    assert cases[0]["case_number"] in inbox
    assert cases[2]["case_number"] not in inbox


def test_insights_lists_searches_escaped(office, office_client):
    for q in ("亲属关系证明", "亲属关系证明", "驾驶证年审", "<script>x</script>"):
        assert office_client.get("/api/v1/search", query_string={"q": q}).status_code == 200
    login(office_client, "editor1")
    page = office_client.get("/admin/insights").get_data(as_text=True)
    assert "亲属关系证明" in page
    failed = page[page.index("没有找到答案的查询") : page.index("最常见的查询")]
    assert "驾驶证年审" in failed
    # The fix is made in the browser, not in a file on the server.
    assert "synonyms.txt" not in page
    assert "/admin/vocabulary/propose?q=%E9%A9%BE%E9%A9%B6%E8%AF%81%E5%B9%B4%E5%AE%A1" in failed
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-13-01"}, "日期应为"),
        ({"since": "0001-01-01", "until": "0001-01-02"}, "日期应为"),
        ({"until": "9999-12-31"}, "日期应为"),
        ({"since": "2026-11-20", "until": "2026-11-01"}, "结束日期不能早于开始日期"),
        ({"since": "2024-01-01", "until": "2026-01-01"}, "时间段最长 366 天"),
        ({"since": "x" * 5000}, "日期应为"),
    ],
)
def test_insights_bad_dates_give_a_message(office_client, query, message):
    login(office_client, "editor1")
    response = office_client.get("/admin/insights", query_string=query)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_insights_period_is_kept(office_client):
    login(office_client, "editor1")
    page = office_client.get("/admin/insights?since=2026-01-01&until=2026-01-31").get_data(
        as_text=True
    )
    assert 'value="2026-01-01"' in page
    assert "这段时间没有查询记录" in page
