"""The JSON API keeps the contract in DESIGN.md and answers every bad request with a 4xx."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import pytest
from support import RESULT_FIELDS

from lookup.lists import store

SEARCH_FIELDS = {
    "query",
    "version",
    "total",
    "page",
    "per_page",
    "answer",
    "results",
    "suggestions",
}
STATUSES = {"abolished", "retained", "mixed", "not_listed"}


def test_search_contract(client):
    response = client.get("/api/v1/search", query_string={"q": "无犯罪记录证明"})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= SEARCH_FIELDS
    assert body["answer"]["status"] in STATUSES
    assert isinstance(body["answer"]["text"], str)
    assert body["answer"]["text"]
    assert isinstance(body["answer"]["item_ids"], list)
    assert body["results"]
    for result in body["results"]:
        assert set(result) >= RESULT_FIELDS
        assert result["list"] in ("abolished", "retained")
        assert result["url"].startswith("http://localhost/items/")
    assert any("犯罪记录" in r["name"] for r in body["results"])


def test_search_paging_and_filter(client):
    body = client.get(
        "/api/v1/search", query_string={"q": "证明", "list": "retained", "per_page": 2, "page": 1}
    ).get_json()
    assert body["per_page"] == 2
    assert body["page"] == 1
    assert len(body["results"]) <= 2
    assert all(r["list"] == "retained" for r in body["results"])


@pytest.mark.parametrize(
    ("query_string", "code"),
    [
        ({}, "missing_query"),
        ({"q": ""}, "missing_query"),
        ({"q": "   "}, "missing_query"),
        ({"q": "证" * 201}, "query_too_long"),
        ({"q": "证明", "list": "other"}, "invalid_list"),
        ({"q": "证明", "page": "0"}, "invalid_page"),
        ({"q": "证明", "page": "1001"}, "invalid_page"),
        ({"q": "证明", "page": "abc"}, "invalid_page"),
        ({"q": "证明", "page": "1.5"}, "invalid_page"),
        ({"q": "证明", "per_page": "0"}, "invalid_per_page"),
        ({"q": "证明", "per_page": "500"}, "invalid_per_page"),
        ({"q": "证明", "method": "走后门"}, "invalid_method"),
        ({"q": "证明", "department": "部" * 101}, "invalid_department"),
    ],
)
def test_search_validation(client, query_string, code):
    response = client.get("/api/v1/search", query_string=query_string)
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"] == code
    assert body["message"]


def test_suggest(client):
    body = client.get("/api/v1/suggest", query_string={"q": "无犯罪"}).get_json()
    assert body["query"] == "无犯罪"
    assert isinstance(body["suggestions"], list)
    assert client.get("/api/v1/suggest").get_json() == {"query": "", "suggestions": []}
    assert client.get("/api/v1/suggest", query_string={"q": "证" * 201}).status_code == 400


def test_item(client, app):
    with app.app_context():
        item = store.list_items("abolished")[0]
    body = client.get(f"/api/v1/items/{item['id']}").get_json()
    assert body["id"] == item["id"]
    assert body["name"] == item["name"]
    assert body["url"] == f"http://localhost/items/{item['id']}"


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/api/v1/items/nope", "unknown_item"),
        ("/api/v1/lists/other", "unknown_list"),
        ("/api/v1/versions/999/diff", "unknown_version"),
        ("/api/v1/versions/0/diff", "unknown_version"),
        ("/api/v1/nowhere", "not_found"),
    ],
)
def test_not_found_is_json(client, path, code):
    response = client.get(path)
    assert response.status_code == 404
    assert response.get_json()["error"] == code
    assert response.get_json()["message"]


def test_method_not_allowed_is_json(client):
    response = client.post("/api/v1/search")
    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("list_kind", ["abolished", "retained"])
def test_list_json(client, app, list_kind):
    with app.app_context():
        total = store.facets(list_kind)["total"]
        version = store.current_version()
    body = client.get(f"/api/v1/lists/{list_kind}").get_json()
    assert body["list"] == list_kind
    assert body["version"] == version
    assert body["total"] == total == len(body["items"])
    assert all(i["url"].startswith("http://localhost/items/") for i in body["items"])


@pytest.mark.parametrize(
    ("fmt", "mimetype", "magic"),
    [
        ("csv", "text/csv", None),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ],
)
def test_list_downloads(client, fmt, mimetype, magic):
    response = client.get("/api/v1/lists/abolished", query_string={"format": fmt})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="pinghu-abolished-v1.{fmt}"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"平湖市取消证明材料清单-v1.{fmt}"
    if magic:
        assert response.data.startswith(magic)
    else:
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert len(rows) > 1


def test_list_bad_format(client):
    response = client.get("/api/v1/lists/abolished", query_string={"format": "pdf"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_format"


def test_versions_and_diff(client):
    body = client.get("/api/v1/versions").get_json()
    assert body["current"] == 1
    assert [v["number"] for v in body["versions"]] == [1]
    diff = client.get("/api/v1/versions/1/diff").get_json()
    assert diff["from"] == 0
    assert diff["to"] == 1
    assert diff["summary"]["abolished"]["added"] == len(diff["abolished"]["added"]) > 0


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "version": 1}


def test_errors_never_leak_a_traceback(client, app, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(store, "list_items", broken)
    response = client.get("/api/v1/lists/abolished")
    assert response.status_code == 500
    assert response.get_json()["error"] == "internal_error"
    assert "exploded" not in response.get_data(as_text=True)
    page = client.get("/lists/abolished")
    assert page.status_code == 500
    assert "系统" in page.get_data(as_text=True)
    assert "exploded" not in page.get_data(as_text=True)


def test_openapi_describes_every_route(client, app):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"].startswith("3.1")
    routes = {
        rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") or rule.endpoint == "healthz"
    }
    assert routes <= set(doc["paths"])
    search = doc["paths"]["/api/v1/search"]["get"]
    assert {"200", "400"} <= set(search["responses"])
    schemas = doc["components"]["schemas"]
    assert schemas["SearchResponse"]["properties"]["answer"] == {
        "$ref": "#/components/schemas/Answer"
    }
    # The statuses of the contract, and the two added as the search grew (task, uncertain).
    assert schemas["Answer"]["properties"]["status"]["enum"] == [
        "abolished",
        "retained",
        "mixed",
        "task",
        "uncertain",
        "not_listed",
    ]
    assert set(schemas["SearchResult"]["required"]) == RESULT_FIELDS
    assert set(schemas["Error"]["required"]) == {"error", "message"}
