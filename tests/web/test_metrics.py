"""Metrics at /metrics (restricted to configured addresses) and request ids in answers, error
bodies and log lines. (Multiprocess aggregation under gunicorn: tests/system/test_outage.py.)"""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest
from prometheus_client import REGISTRY
from support import make_app, publish

from lookup.lists import store
from lookup.web import requestid


def _value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_are_exposed(client, app):
    before = {
        "requests": _value(
            "lookup_http_requests_total", endpoint="api.search_items", method="GET", status="200"
        ),
        "answers": _value("lookup_search_answers_total", status="mixed"),
        "latency": _value(
            "lookup_http_request_duration_seconds_count", endpoint="api.search_items"
        ),
        "missing": _value(
            "lookup_http_requests_total", endpoint="none", method="GET", status="404"
        ),
    }
    for _ in range(3):  # the 2nd and 3rd are answered by the response cache, in front of Flask
        found = client.get("/api/v1/search?q=" + quote("无犯罪记录证明"))
        assert found.get_json()["answer"]["status"] == "mixed"
    client.get("/no-such-page")
    text = client.get("/metrics").get_data(as_text=True)
    assert "# TYPE lookup_http_requests_total counter" in text
    assert "# TYPE lookup_http_request_duration_seconds histogram" in text
    assert "lookup_served_version 1.0" in text
    assert "lookup_store_reachable 1.0" in text
    after_requests = _value(
        "lookup_http_requests_total", endpoint="api.search_items", method="GET", status="200"
    )
    assert after_requests - before["requests"] == 3
    assert _value("lookup_search_answers_total", status="mixed") - before["answers"] == 3
    latency = _value("lookup_http_request_duration_seconds_count", endpoint="api.search_items")
    assert latency - before["latency"] == 3
    missing = _value("lookup_http_requests_total", endpoint="none", method="GET", status="404")
    assert missing - before["missing"] == 1


def test_publish_index_and_report_metrics(client, app):
    publishes = _value("lookup_publish_duration_seconds_count")
    builds = _value("lookup_index_build_duration_seconds_count")
    reports = _value("lookup_reports_total")
    items = store.items_of(list_kind="abolished")
    publish(app, {"abolished": items[:-1]})
    assert _value("lookup_publish_duration_seconds_count") == publishes + 1
    assert _value("lookup_index_build_duration_seconds_count") == builds + 1
    assert _value("lookup_publish_duration_seconds_sum") > 0
    response = client.post(
        "/api/v1/reports",
        json={"certificate": "无犯罪记录证明", "office": "某单位", "happened_on": "2024-01-02"},
    )
    assert response.status_code == 201
    assert _value("lookup_reports_total") == reports + 1


@pytest.mark.parametrize(
    ("address", "headers", "allow", "status"),
    [
        ("127.0.0.1", {}, "127.0.0.1,::1", 200),
        ("10.0.0.5", {}, "127.0.0.1,::1", 404),
        ("10.0.0.5", {}, "127.0.0.1, 10.0.0.0/8", 200),
        ("10.20.0.5", {}, "10.0.0.0/16", 404),
        # Through a proxy the app does not trust, the address is the proxy's: refused.
        ("127.0.0.1", {"X-Forwarded-For": "203.0.113.9"}, "127.0.0.1", 404),
        ("127.0.0.1", {}, "", 404),
    ],
)
def test_metrics_only_for_configured_addresses(home, address, headers, allow, status):
    app = make_app(home, METRICS_ALLOW=allow)
    client = app.test_client()
    response = client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": address})
    assert response.status_code == status
    if status == 404:
        assert "lookup_" not in response.get_data(as_text=True)


def test_metrics_behind_a_trusted_proxy_see_the_client(home):
    app = make_app(home, METRICS_ALLOW="127.0.0.1", PROXY_FIX=True)
    client = app.test_client()
    outside = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert outside.status_code == 404
    inside = client.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
    assert inside.status_code == 200


def test_every_answer_has_a_request_id(client):
    ids = {client.get(url).headers["X-Request-ID"] for url in ("/", "/healthz", "/nope")}
    assert len(ids) == 3
    assert all(len(i) == 32 for i in ids)


@pytest.mark.parametrize(
    ("offered", "kept"),
    [
        ("0123456789abcdef0123456789abcdef", True),
        ("nginx-req-7f3a9c01", True),
        ("short", False),
        ("bad id; Injected: log line", False),
        ("x" * 65, False),
    ],
)
def test_a_proxy_request_id_is_kept_when_it_looks_like_one(client, offered, kept):
    answered = client.get("/healthz", headers={"X-Request-ID": offered}).headers["X-Request-ID"]
    assert (answered == offered) is kept


def test_error_bodies_and_pages_carry_the_request_id(client):
    api = client.get("/api/v1/items/nope")
    assert api.status_code == 404
    assert api.get_json()["request_id"] == api.headers["X-Request-ID"]
    page = client.get("/items/nope")
    assert page.headers["X-Request-ID"] in page.get_data(as_text=True)


def test_log_lines_carry_the_request_id(app, caplog):
    @app.get("/_boom")
    def boom():
        raise RuntimeError("boom")

    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        response = client.get("/_boom", headers={"X-Request-ID": "trace-me-12345"})
    assert response.status_code == 500
    records = [r for r in caplog.records if "unexpected error" in r.getMessage()]
    assert records
    assert records[0].request_id == "trace-me-12345"
    line = logging.Formatter(requestid.LOG_FORMAT).format(records[0])
    assert "[trace-me-12345]" in line
    outside = logging.getLogRecordFactory()("x", logging.INFO, __file__, 1, "m", None, None)
    assert outside.request_id == "-"  # outside a request
