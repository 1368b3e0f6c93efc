"""Hardening: ids too large for the database, private files, links that ignore the Host
header, small report bodies, static files linked with their digest."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest
from support import login, make_app, post

from lookup.lists import backup, store
from lookup.office import insights, setup

HUGE = "9" * 25


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"/admin/drafts/{HUGE}"),
        ("get", f"/admin/drafts/{HUGE}/status"),
        ("get", f"/admin/reports/{HUGE}"),
        ("post", f"/admin/reports/{HUGE}/answer"),
        ("post", f"/admin/drafts/{HUGE}/publish"),
        ("post", f"/admin/drafts/{HUGE}/discard"),
        ("post", f"/admin/users/{HUGE}/toggle"),
        ("post", f"/admin/users/{HUGE}/password"),
        ("get", f"/admin/drafts/{2**31}"),
        ("get", "/admin/drafts/0"),
    ],
)
def test_ids_no_row_can_have_are_404(office, office_client, method, path):
    login(office_client, "publisher1")
    if method == "post":
        response = post(office_client, path, {"note": "x", "password": "x"})
    else:
        response = office_client.get(path)
    assert response.status_code == 404
    assert "找不到" in response.get_data(as_text=True)


def _modes(root):
    for folder, _dirs, files in os.walk(root):
        yield folder, stat.S_IMODE(os.stat(folder).st_mode)
        for name in files:
            path = os.path.join(folder, name)
            yield path, stat.S_IMODE(os.lstat(path).st_mode)


def test_files_under_the_home_are_private(tmp_path):
    os.umask(0o022)  # as a shell would leave it
    home = tmp_path / "home"
    app = make_app(home)
    with app.app_context():
        setup.init(app)  # the database (and its WAL), the jieba cache, the index
        insights.record("无犯罪记录证明", "abolished", 0.9, 1)
        insights.flush_all()
        backup.backup(app, home / "backups-are-private.jsonl.gz")
        backup.backup(app, tmp_path / "elsewhere.jsonl.gz")
    modes = dict(_modes(home))
    assert any(p.endswith("lookup.sqlite3-wal") for p in modes)
    assert any("index" in p for p in modes)
    wrong = {p: oct(m) for p, m in modes.items() if m not in (0o600, 0o700)}
    assert wrong == {}
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "elsewhere.jsonl.gz").stat().st_mode) == 0o600


def test_an_existing_home_is_closed(tmp_path):
    home = tmp_path / "old-home"
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    make_app(home)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


def test_links_use_the_public_base_url_not_the_host_header(home):
    app = make_app(home, PUBLIC_BASE_URL="https://zmcx.pinghu.example/", PROXY_FIX=True)
    client = app.test_client()
    with app.app_context():
        item = store.items_of(list_kind="abolished")[0]
    base = "https://zmcx.pinghu.example"
    found = client.get("/api/v1/search?q=无犯罪记录证明", headers=EVIL).get_json()
    assert found["results"]
    assert all(r["url"].startswith(f"{base}/items/") for r in found["results"])
    one = client.get(f"/api/v1/items/{item['id']}", headers=EVIL).get_json()
    assert one["url"] == f"{base}/items/{item['id']}"
    listed = client.get("/api/v1/lists/abolished", headers=EVIL).get_json()
    assert all(i["url"].startswith(base) for i in listed["items"])
    for page in (f"/items/{item['id']}", f"/desk/items/{item['id']}/slip"):
        text = client.get(page, headers=EVIL).get_data(as_text=True)
        assert f"{base}/items/{item['id']}" in text
        assert "evil.example" not in text


def test_qr_code_encodes_the_public_address(home):
    import segno

    app = make_app(home, PUBLIC_BASE_URL="https://zmcx.pinghu.example")
    with app.app_context():
        item = store.items_of(list_kind="abolished")[0]
    page = app.test_client().get(f"/items/{item['id']}", headers=EVIL).get_data(as_text=True)
    expected = segno.make(f"https://zmcx.pinghu.example/items/{item['id']}", error="m")
    assert expected.svg_inline(scale=4, title="本页二维码", border=2) in page


def test_a_large_report_is_refused_before_it_is_read(client, app):
    big = json.dumps({"certificate": "x证明", "office": "某单位", "description": "长" * 40000})
    response = client.post(
        "/api/v1/reports", data=big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.get_json()["error"] == "payload_too_large"
    form = client.post("/report", data={"description": "长" * 40000, "csrf_token": "x"})
    assert form.status_code == 413
    assert len(big.encode()) < app.config["MAX_CONTENT_LENGTH"]  # the general limit is larger
    ok = {"certificate": "无犯罪记录证明", "office": "某单位", "happened_on": "2024-01-02"}
    ok = json.dumps({**ok, "description": "长" * 1900})
    assert (
        client.post("/api/v1/reports", data=ok, content_type="application/json").status_code == 201
    )


def test_static_files_are_linked_with_their_digest(client):
    page = client.get("/").get_data(as_text=True)
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert links
    assert all(re.search(r"\?v=[0-9a-f]{10}$", link) for link in links), links
    with client.get(links[0]) as response:
        assert response.status_code == 200
