"""Residents' reports: the API, the form (CSRF on), rate limits and the office inbox service."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from lookup.lists import store
from lookup.lists.db import get_session
from lookup.lists.models import Report
from lookup.office import report_cases, reports
from lookup.office.audit import Actor

CLERK = Actor("办事员甲", "127.0.0.1")

TODAY = reports.today()
VALID = {
    "certificate": "亲属关系证明",
    "office": "某某镇便民服务中心",
    "happened_on": (TODAY - timedelta(days=3)).isoformat(),
    "description": "办理居住证时被要求开具",
    "contact": "13812345678",
}


def _abolished_item() -> dict:
    return store.items_of(list_kind="abolished")[0]


def test_api_accepts_a_valid_report(client):
    response = client.post("/api/v1/reports", json=VALID)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "status", "case_number", "check_code", "due_on", "status_url"}
    assert body["status"] == "new"
    assert re.fullmatch(r"\d{8}-\d{4}", body["case_number"])
    assert body["case_number"].startswith(TODAY.strftime("%Y%m%d"))
    assert re.fullmatch(r"\d{6}", body["check_code"])
    assert body["due_on"] > TODAY.isoformat()
    assert body["status_url"].endswith("/report/status")
    stored = reports.get(body["id"])
    assert stored["office"] == VALID["office"]
    assert stored["contact"] == VALID["contact"]
    assert (stored["status"], stored["case_number"]) == ("new", body["case_number"])
    # Only a hash of the check code is kept.
    row = get_session().get(Report, body["id"])
    assert body["check_code"] not in row.check_hash
    assert row.check_hash == reports.code_hash(body["case_number"], body["check_code"])


def test_case_numbers_and_codes_differ(app):
    made = [reports.create(VALID) for _ in range(20)]
    assert len({m["case_number"] for m in made}) == 20
    assert len({m["check_code"] for m in made}) > 1


def test_api_takes_the_certificate_name_from_the_item(client):
    item = _abolished_item()
    data = {k: v for k, v in VALID.items() if k != "certificate"}
    response = client.post("/api/v1/reports", json={**data, "item": item["id"]})
    assert response.status_code == 201
    stored = reports.get(response.get_json()["id"])
    assert (stored["item_id"], stored["certificate"]) == (item["id"], item["name"])


@pytest.mark.parametrize(
    ("change", "field", "label"),
    [
        ({"certificate": ""}, "certificate", "证明名称"),
        ({"certificate": "证" * 201}, "certificate", "证明名称"),
        ({"certificate": 12}, "certificate", "证明名称"),
        ({"office": "  "}, "office", "要求提供证明的单位"),
        ({"office": None}, "office", "要求提供证明的单位"),
        ({"happened_on": ""}, "happened_on", "日期"),
        ({"happened_on": "2024-13-01"}, "happened_on", "日期"),
        ({"happened_on": "昨天"}, "happened_on", "日期"),
        ({"happened_on": (TODAY + timedelta(days=1)).isoformat()}, "happened_on", "日期"),
        ({"happened_on": "1999-12-31"}, "happened_on", "日期"),
        ({"description": "x" * 2001}, "description", "情况说明"),
        ({"contact": "12345"}, "contact", "联系方式"),
        ({"contact": "zhang@"}, "contact", "联系方式"),
        ({"contact": ["13812345678"]}, "contact", "联系方式"),
        ({"item_id": "nosuchitem"}, "item_id", "证明事项"),
    ],
)
def test_api_names_the_wrong_field(client, change, field, label):
    response = client.post("/api/v1/reports", json={**VALID, **change})
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == f"invalid_{field}"
    assert label in body["message"]
    assert reports.list_reports()["total"] == 0


@pytest.mark.parametrize(
    "contact", ["", "0573-85123456", "(0573) 8512 3456", "+86 138 1234 5678", "li.si@example.cn"]
)
def test_api_accepts_contacts(client, contact):
    assert client.post("/api/v1/reports", json={**VALID, "contact": contact}).status_code == 201


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("not json", "application/json"), ('["a"]', "application/json"), ("{}", "text/plain")],
)
def test_api_refuses_a_body_that_is_not_an_object(client, body, content_type):
    response = client.post("/api/v1/reports", data=body, content_type=content_type)
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json"


def test_api_rate_limit_per_address(app, client):
    app.config["REPORT_LIMITS"] = {"address": [[2, 600]], "global": [[100, 3600]]}
    here = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(2):
        assert client.post("/api/v1/reports", json=VALID, environ_base=here).status_code == 201
    # Invalid reports are refused before they are counted.
    bad = {**VALID, "office": ""}
    assert client.post("/api/v1/reports", json=bad, environ_base=here).status_code == 422
    response = client.post("/api/v1/reports", json=VALID, environ_base=here)
    assert response.status_code == 429
    assert response.get_json()["error"] == "too_many_reports"
    assert response.headers["Retry-After"] == "600"
    other = {"REMOTE_ADDR": "10.0.0.2"}
    assert client.post("/api/v1/reports", json=VALID, environ_base=other).status_code == 201
    assert reports.list_reports()["total"] == 3


def test_api_global_rate_limit(app, client):
    app.config["REPORT_LIMITS"] = {"address": [[100, 600]], "global": [[3, 3600]]}
    codes = [
        client.post(
            "/api/v1/reports", json=VALID, environ_base={"REMOTE_ADDR": f"10.0.1.{n}"}
        ).status_code
        for n in range(5)
    ]
    assert codes == [201, 201, 201, 429, 429]


def _token(page: bytes) -> str:
    return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()


def test_form_is_prefilled_from_the_item(client):
    item = _abolished_item()
    page = client.get(f"/report?item={item['id']}").get_data(as_text=True)
    assert f'value="{item["id"]}"' in page
    assert f'value="{item["name"]}"' in page
    assert client.get("/report?item=nosuchitem").status_code == 200


def test_item_page_links_to_the_form(client):
    item = _abolished_item()
    assert f"/report?item={item['id']}" in client.get(f"/items/{item['id']}").get_data(as_text=True)


def test_form_accepts_a_valid_report_and_shows_number_and_code(client):
    token = _token(client.get("/report").data)
    response = client.post("/report", data={**VALID, "csrf_token": token})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.endswith("/report/thanks")  # the code is never in a URL
    page = client.get(location).get_data(as_text=True)
    number = re.search(r'class="receipt-number">([^<]+)<', page).group(1)
    code = re.search(r'class="receipt-code">([^<]+)<', page).group(1)
    (case,) = reports.list_reports()["reports"]
    assert (case["case_number"], case["certificate"]) == (number, VALID["certificate"])
    row = get_session().get(Report, case["id"])
    assert row.check_hash == reports.code_hash(number, code)
    assert "/report/status" in page


def test_thanks_page_without_a_report(client):
    page = client.get("/report/thanks").get_data(as_text=True)
    assert "receipt-code" not in page
    assert "/report/status" in page


def test_form_refuses_a_post_without_csrf_token(client):
    response = client.post("/report", data=VALID)
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)
    assert reports.list_reports()["total"] == 0


def test_form_shows_the_wrong_field(client):
    token = _token(client.get("/report").data)
    data = {**VALID, "contact": "abc", "csrf_token": token}
    response = client.post("/report", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "“联系方式”应为手机号、固定电话或电子邮箱" in page
    assert 'aria-invalid="true"' in page
    assert reports.list_reports()["total"] == 0


def test_form_rate_limit(app, client):
    app.config["REPORT_LIMITS"] = {"address": [[1, 600]], "global": [[100, 3600]]}
    token = _token(client.get("/report").data)
    assert client.post("/report", data={**VALID, "csrf_token": token}).status_code == 303
    response = client.post("/report", data={**VALID, "csrf_token": token})
    assert response.status_code == 429
    assert "提交过于频繁" in response.get_data(as_text=True)


def test_inbox_lists_pages_and_filters(app):
    ids = [reports.create({**VALID, "office": f"单位{n}"})["id"] for n in range(5)]
    first = reports.list_reports(page=1, per_page=2)
    assert first["total"] == 5
    assert [r["id"] for r in first["reports"]] == ids[::-1][:2]
    assert [r["id"] for r in reports.list_reports(page=3, per_page=2)["reports"]] == [ids[0]]
    department = report_cases.departments()[0]
    report_cases.forward(ids[0], department, "", actor=CLERK)
    assert reports.list_reports(status="forwarded")["total"] == 1
    assert reports.list_reports(status="open")["total"] == 5
    counts = reports.list_reports()["counts"]
    assert {k: counts[k] for k in reports.STATES} == {
        "new": 4,
        "forwarded": 1,
        "answered": 0,
        "rejected": 0,
    }
    assert (counts["all"], counts["open"], counts["overdue"]) == (5, 5, 0)
    with pytest.raises(reports.BadRequest):
        reports.list_reports(status="done")
    assert reports.get(99999) is None


def test_counts_by_item_and_department(app):
    item = _abolished_item()
    for _ in range(2):
        reports.create({**VALID, "certificate": "", "item_id": item["id"], "office": "甲单位"})
    reports.create({**VALID, "certificate": "火星居住证明", "office": "乙单位"})
    assert reports.counts_by_item() == [
        {"item_id": item["id"], "name": item["name"], "count": 2},
        {"item_id": "", "name": "火星居住证明", "count": 1},
    ]
    assert reports.counts_by_department() == [
        {"office": "甲单位", "department": item["requiring_department"], "count": 2},
        {"office": "乙单位", "department": "", "count": 1},
    ]
