"""The office inbox of residents' reports and the search insights page."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support import login, post

from lookup.lists import store
from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry

REPORT = {
    "certificate": "亲属关系证明",
    "office": "某某镇便民服务中心",
    "happened_on": "2026-11-20",
    "description": "办理居住证时被要求开具",
    "contact": "13812345678",
}


def _report(office_client, **change) -> int:
    response = office_client.post("/api/v1/reports", json={**REPORT, **change})
    assert response.status_code == 201
    return response.get_json()["id"]


@pytest.mark.parametrize("url", ["/admin/reports", "/admin/reports/1", "/admin/insights"])
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
    assert page.index(f"反映 {second}") < page.index(f"反映 {first}")  # newest first
    for text in ("亲属关系证明", "某某镇便民服务中心", "2026-11-20", "办理居住证时被要求开具"):
        assert text in page
    assert "13812345678" in page
    assert "待处理（2）" in page
    assert f'href="/items/{item["id"]}"' in page
    assert "按证明统计" in page
    assert "按单位统计" in page
    assert item["name"] in page
    answered = office_client.get("/admin/reports?status=answered").get_data(as_text=True)
    assert f"反映 {first}<" not in answered
    assert "没有这个状态的反映" in answered
    assert office_client.get("/admin/reports?status=bogus&page=x").status_code == 200


def test_status_change_and_reply(office, office_client):
    number = _report(office_client)
    login(office_client, "editor1")
    url = f"/admin/reports/{number}"
    response = post(office_client, url, {"status": "in_progress", "reply": ""}, form_page=url)
    assert response.status_code == 302
    assert "处理中" in office_client.get("/admin/reports").get_data(as_text=True)

    response = post(office_client, url, {"status": "answered", "reply": "  "}, form_page=url)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "field-error" in page
    assert "标记为“已答复”时请填写答复内容" in page

    reply = "已联系该中心，今后不再索要此证明。"
    response = post(office_client, url, {"status": "answered", "reply": reply}, form_page=url)
    assert response.status_code == 302
    page = office_client.get(url).get_data(as_text=True)
    assert reply in page
    assert "已答复" in page
    with office.app_context():
        entries = list(
            get_session().scalars(select(AuditEntry.detail).filter_by(action="report_status"))
        )
    assert entries == [f"{number}:new→in_progress", f"{number}:in_progress→answered"]
    assert office_client.get("/admin/reports/999999").status_code == 404


def test_insights_lists_searches_escaped(office, office_client):
    for q in ("亲属关系证明", "亲属关系证明", "驾驶证年审", "<script>x</script>"):
        assert office_client.get("/api/v1/search", query_string={"q": q}).status_code == 200
    login(office_client, "editor1")
    page = office_client.get("/admin/insights").get_data(as_text=True)
    assert "亲属关系证明" in page
    failed = page[page.index("没有找到答案的查询") : page.index("最常见的查询")]
    assert "驾驶证年审" in failed
    assert "synonyms.txt" in page
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
