"""/report/status and POST /api/v1/reports/status: a case by number and check code only."""

from __future__ import annotations

import re

import pytest
from support import token

from lookup.lists.db import get_session
from lookup.lists.models import Report
from lookup.office import report_cases, reports
from lookup.office.audit import Actor

CLERK = Actor("办事员甲", "10.0.0.9")
REPORT = {
    "certificate": "亲属关系证明",
    "office": "某某镇便民服务中心张三处",
    "happened_on": "2026-10-20",
    "description": "我的住址是某某村12号",
    "contact": "13812345678",
}
PERSONAL = ("某某镇便民服务中心张三处", "某某村12号", "13812345678", "138****5678")


def _lookup(client, number: str, code: str, address: str = "10.1.1.1"):
    return client.post(
        "/api/v1/reports/status",
        json={"case_number": number, "check_code": code},
        environ_base={"REMOTE_ADDR": address},
    )


def _page(client, number: str, code: str, address: str = "10.1.1.1"):
    data = {"csrf_token": token(client, "/report/status"), "number": number, "code": code}
    return client.post("/report/status", data=data, environ_base={"REMOTE_ADDR": address})


def test_the_resident_sees_state_and_reply_but_nothing_personal(app, client):
    created = reports.create(REPORT)
    department = report_cases.departments()[0]
    report_cases.forward(created["id"], department, "内部说明", actor=CLERK)
    body = _lookup(client, created["case_number"], created["check_code"]).get_json()
    assert (body["status"], body["status_label"], body["department"]) == (
        "forwarded",
        "已转办",
        department,
    )
    assert body["reply"] == ""
    assert [s["label"] for s in body["steps"]] == ["收到反映", "转办至"]
    report_cases.answer(created["id"], "已督促整改。", actor=CLERK)
    response = _lookup(client, created["case_number"], created["check_code"])
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert (body["status_label"], body["reply"]) == ("已答复", "已督促整改。")
    text = response.get_data(as_text=True)
    for secret in (*PERSONAL, "内部说明", "办事员甲"):
        assert secret not in text
    page = _page(client, created["case_number"], created["check_code"]).get_data(as_text=True)
    assert "已督促整改。" in page
    assert department in page
    for secret in (*PERSONAL, "内部说明", "办事员甲"):
        assert secret not in page
    assert created["check_code"] not in page  # not written back into the form


@pytest.mark.parametrize(
    "typed",
    ["{number}", "{compact}", " {spaced} ", "{wide}"],
)
def test_numbers_are_read_as_people_type_them(app, client, typed):
    created = reports.create(REPORT)
    number = created["case_number"]
    compact = number.replace("-", "")
    wide = compact.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    text = typed.format(number=number, compact=compact, spaced=" ".join(compact), wide=wide)
    assert _lookup(client, text, created["check_code"]).status_code == 200


def test_a_wrong_code_and_an_unknown_number_look_the_same(app, client):
    created = reports.create(REPORT)
    code = created["check_code"]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    answers = [
        _lookup(client, created["case_number"], wrong),
        _lookup(client, "20991231-0000", code),
        _lookup(client, created["case_number"], "abc"),
    ]
    assert {r.status_code for r in answers} == {404}
    # the same body but for the request's own id
    bodies = [{k: v for k, v in r.get_json().items() if k != "request_id"} for r in answers]
    assert bodies[0] == bodies[1] == bodies[2]
    assert answers[0].get_json()["error"] == "case_not_found"
    pages = [_page(client, created["case_number"], wrong), _page(client, "20991231-0000", code)]
    assert {p.status_code for p in pages} == {404}
    found = [re.search(r'role="alert">([^<]+)<', p.get_data(as_text=True)).group(1) for p in pages]
    assert found[0] == found[1]
    assert "编号或查询码不正确" in found[0]
    assert "case-status" not in pages[0].get_data(as_text=True)


def test_a_case_from_before_check_codes_cannot_be_opened(app, client):
    created = reports.create(REPORT)
    row = get_session().get(Report, created["id"])
    row.check_hash = ""
    get_session().commit()
    assert _lookup(client, created["case_number"], created["check_code"]).status_code == 404


@pytest.mark.parametrize(
    "body",
    [{}, {"case_number": "", "check_code": "123456"}, {"case_number": 12, "check_code": []}],
)
def test_missing_fields_are_refused(client, body):
    response = client.post("/api/v1/reports/status", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_lookup"
    assert client.post("/api/v1/reports/status", data="x").status_code == 400


def test_wrong_codes_are_rate_limited_per_address(app, client):
    app.config["REPORT_STATUS_LIMITS"] = {"address": [3, 3600], "case": [100, 86400]}
    created = reports.create(REPORT)
    number, code = created["case_number"], created["check_code"]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert _lookup(client, number, code).status_code == 200  # successes are not counted
    assert [_lookup(client, number, wrong).status_code for _ in range(3)] == [404] * 3
    refused = _lookup(client, number, code)  # even the right code, once over the limit
    assert refused.status_code == 429
    assert refused.get_json()["error"] == "too_many_lookups"
    assert refused.headers["Retry-After"] == "3600"
    assert "status" not in refused.get_json()
    page = _page(client, number, code)
    assert page.status_code == 429
    assert page.headers["Retry-After"] == "3600"
    assert _lookup(client, number, code, address="10.2.2.2").status_code == 200


def test_wrong_codes_are_rate_limited_per_case(app, client):
    app.config["REPORT_STATUS_LIMITS"] = {"address": [100, 3600], "case": [4, 86400]}
    created = reports.create(REPORT)
    other = reports.create(REPORT)
    number, code = created["case_number"], created["check_code"]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for n in range(4):  # guesses spread over many addresses
        assert _lookup(client, number, wrong, address=f"10.3.3.{n}").status_code == 404
    assert _lookup(client, number, code, address="10.4.4.4").status_code == 429
    assert _lookup(client, other["case_number"], other["check_code"]).status_code == 200


def test_the_page_needs_its_csrf_token(client):
    assert client.get("/report/status").status_code == 200
    response = client.post("/report/status", data={"number": "20261129-0001", "code": "123456"})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)
