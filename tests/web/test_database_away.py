"""The database away, in one process: public search, item and list pages answer from the
served engine; /healthz says `degraded` and why; office pages and writes answer a Chinese 503
with the request id; everything recovers by itself. (tests/system/test_outage.py stops a real
PostgreSQL under load.)"""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

import pytest
from sqlalchemy import event
from support import login

from lookup.lists import store
from lookup.lists.db import engine_for


class Away:
    """Every new connection to the app's database fails, as when the server is stopped."""

    def __init__(self, app) -> None:
        self.engine = engine_for(app.config["DATABASE_URL"])
        self.down = False
        event.listen(self.engine, "do_connect", self._connect)

    def _connect(self, *_args, **_kwargs):
        if self.down:
            raise sqlite3.OperationalError("unable to open database file (test: database away)")
        return None  # the dialect connects as usual

    def stop(self) -> None:
        self.down = True
        self.engine.dispose()  # pooled connections go too

    def start(self) -> None:
        self.down = False

    def close(self) -> None:
        event.remove(self.engine, "do_connect", self._connect)


@pytest.fixture
def away(office):
    database = Away(office)
    yield database
    database.close()


def _item(app) -> dict:
    with app.app_context():
        return store.items_of(list_kind="abolished")[0]


def test_public_pages_answer_while_the_database_is_away(office, away):
    client = office.test_client()
    item = _item(office)
    assert client.get("/api/v1/search?q=居住证明").status_code == 200  # engine loaded
    away.stop()
    search = client.get("/api/v1/search?q=" + quote(item["name"]))
    assert search.status_code == 200
    assert item["id"] in [r["id"] for r in search.get_json()["results"]]
    for url in (
        "/",
        "/search?q=" + quote(item["name"]),
        "/search?q=" + quote(item["name"]) + "&list=abolished",
        f"/items/{item['id']}",
        "/lists/abolished",
        "/lists/retained?department=" + quote(item["requiring_department"] or "未注明"),
        f"/api/v1/items/{item['id']}",
        "/api/v1/lists/abolished",
        f"/desk/items/{item['id']}/slip",
        "/desk?q=" + quote(item["name"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/items/{item['id']}").get_data(as_text=True)
    assert item["name"] in page
    assert client.get("/items/no-such-item").status_code == 404
    listed = client.get("/api/v1/lists/abolished").get_json()
    with office.app_context():
        away.start()
        assert listed["total"] == len(store.items_of(list_kind="abolished"))


def test_health_says_degraded_and_why(office, away):
    client = office.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok", "version": 1}
    client.get("/api/v1/search?q=居住证明")
    away.stop()
    health = client.get("/healthz")
    assert health.status_code == 200
    body = health.get_json()
    assert body["status"] == "degraded"
    assert body["version"] == 1
    assert "database unreachable" in body["reason"]
    away.start()
    assert client.get("/healthz").get_json() == {"status": "ok", "version": 1}


def test_office_pages_and_writes_answer_a_clear_503(office, away):
    client = office.test_client()
    login(client, "editor1")
    assert client.get("/admin/").status_code == 200
    away.stop()
    page = client.get("/admin/")
    assert page.status_code == 503
    text = page.get_data(as_text=True)
    assert "数据库暂时无法连接" in text
    assert "查询证明事项不受影响" in text
    assert page.headers["X-Request-ID"] in text
    assert page.headers["Retry-After"]
    report = client.post(
        "/api/v1/reports",
        json={"certificate": "无犯罪记录证明", "office": "某单位", "happened_on": "2024-01-02"},
    )
    assert report.status_code == 503
    assert report.get_json()["error"] == "database_unavailable"
    assert report.get_json()["request_id"] == report.headers["X-Request-ID"]
    away.start()
    assert client.get("/admin/").status_code == 200  # the same session, recovered by itself
    assert client.get("/api/v1/versions").status_code == 200


def test_a_node_with_no_engine_and_no_database_says_so(office, away):
    away.stop()
    client = office.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["status"] == "unavailable"
    search = client.get("/api/v1/search?q=居住证明")
    assert search.status_code == 503
    assert search.get_json()["error"] == "database_unavailable"


def test_a_connection_lost_during_a_request_does_not_fail_its_answer(office, monkeypatch):
    """The database stopped after the page's query: the rollback at the end of the request
    cannot be sent. The page was made; it must still be sent (not a 500)."""
    client = office.test_client()
    item = _item(office)
    dialect = engine_for(office.config["DATABASE_URL"]).dialect

    def lost(_connection):
        raise sqlite3.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(dialect, "do_rollback", lost)
    response = client.get(f"/items/{item['id']}")
    assert response.status_code == 200
    assert item["name"] in response.get_data(as_text=True)
