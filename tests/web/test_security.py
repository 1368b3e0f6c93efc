"""Security headers, templates that a strict CSP allows, production settings, CSRF and uploads."""

from __future__ import annotations

import io
import stat
from html.parser import HTMLParser

import pytest
from flask import request
from flask_wtf.csrf import generate_csrf

from lookup import create_app
from lookup.lists import store
from lookup.lists.importer import ImportFileError, read_table


class _Tags(HTMLParser):
    """Collect <script> tags (with their bodies) and attributes CSP would block."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.inline_bodies: list[str] = []
        self.styles: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script":
            self.scripts.append(names)
            self._in_script = True
        if "style" in names:
            self.styles.append(tag)
        self.handlers += [f"{tag}[{n}]" for n in names if n.startswith("on")]
        self.handlers += [f"{tag}[{n}]" for n, v in attrs if (v or "").startswith("javascript:")]

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_bodies.append(data)


def _pages(client) -> list[str]:
    item = store.items_of(list_kind="abolished")[0]
    return [
        "/",
        "/search",
        "/search?q=无犯罪记录证明",
        "/search?q=居住证明&list=abolished&page=2",
        "/search?q=zzzzqqqq",
        f"/items/{item['id']}",
        "/lists/abolished",
        "/lists/retained",
        "/changes",
        "/items/nope",
        "/no-such-page",
    ]


def test_pages_have_no_inline_script_style_or_handler(client):
    for elder in (False, True):
        if elder:
            client.set_cookie("elder", "1", domain="localhost")
        for url in _pages(client):
            response = client.get(url)
            assert response.status_code in (200, 404), url
            parser = _Tags()
            parser.feed(response.get_data(as_text=True))
            assert parser.scripts, url  # site.js is loaded on every page
            assert all(s.get("src") for s in parser.scripts), url
            assert parser.inline_bodies == [], url
            assert parser.styles == [], url
            assert parser.handlers == [], url


@pytest.mark.parametrize(
    "url",
    ["/", "/search?q=证明", "/no-such-page", "/api/v1/search?q=证明", "/api/v1/nope", "/healthz"],
)
def test_security_headers(client, url):
    headers = client.get(url).headers
    csp = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in headers["Content-Security-Policy"].split(";")
    )
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["default-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # plain http here
    if url.startswith("/api/") or url == "/healthz":
        assert headers["Cache-Control"] in ("no-cache", "no-store")


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def _production_app(home, monkeypatch):
    for name in (
        "SECRET_KEY",
        "LOOKUP_SECRET_KEY",
        "LOOKUP_DEBUG",
        "FLASK_DEBUG",
        "LOOKUP_TESTING",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("LOOKUP_INSECURE_COOKIES", raising=False)
    return create_app({"LOOKUP_HOME": str(home)})


def test_production_config_is_safe(tmp_path, monkeypatch):
    first = _production_app(tmp_path / "a", monkeypatch)
    second = _production_app(tmp_path / "b", monkeypatch)
    again = _production_app(tmp_path / "a", monkeypatch)
    for app in (first, second):
        assert app.debug is False
        assert app.testing is False
        assert app.config["PROPAGATE_EXCEPTIONS"] in (None, False)
        assert app.config["SESSION_COOKIE_SECURE"] is True
        assert app.config["SESSION_COOKIE_HTTPONLY"] is True
        assert app.config["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
        assert app.config["WTF_CSRF_ENABLED"] is not False
        assert len(app.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]
    assert first.config["SECRET_KEY"] == again.config["SECRET_KEY"]
    key_file = tmp_path / "a" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip() == first.config["SECRET_KEY"]


def test_production_errors_show_no_traceback(tmp_path, monkeypatch):
    app = _production_app(tmp_path / "prod", monkeypatch)

    @app.get("/_boom")
    def boom():
        raise RuntimeError("secret internals /etc/passwd")

    client = app.test_client()
    page = client.get("/_boom", headers={"Accept": "text/html"})
    assert page.status_code == 500
    text = page.get_data(as_text=True)
    assert "Traceback" not in text
    assert "secret internals" not in text
    assert "系统暂时出了点问题" in text
    api = client.get("/_boom", headers={"Accept": "application/json"})
    assert api.get_json()["error"] == "internal_error"


def _probe_routes(app):
    """A form-style POST route and an upload route, as the office pages will have."""

    @app.post("/_form")
    def form_probe():
        return {"fields": len(request.form)}

    @app.post("/api/v1/_upload")
    def upload_probe():
        return {"size": len(request.files["file"].read())}


def test_csrf_is_required_for_forms(app):
    _probe_routes(app)
    client = app.test_client()
    refused = client.post("/_form", data={"x": "1"}, headers={"Accept": "text/html"})
    assert refused.status_code == 400
    assert "页面已过期" in refused.get_data(as_text=True)
    api = client.post("/_form", data={"x": "1"}, headers={"Accept": "application/json"})
    assert api.status_code == 400
    assert api.get_json()["error"] == "csrf_failed"
    with app.test_request_context():
        token = generate_csrf()
        cookie = None
        from flask import session

        cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie, domain="localhost")
    accepted = client.post("/_form", data={"csrf_token": token})
    assert accepted.status_code == 200


def test_upload_limit_answers_413(app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    _probe_routes(app)
    client = app.test_client()
    big = {"file": (io.BytesIO(b"x" * 4096), "big.xlsx")}
    response = client.post("/api/v1/_upload", data=big, content_type="multipart/form-data")
    assert response.status_code == 413
    body = response.get_json()
    assert (body["error"], body["message"]) == ("payload_too_large", "上传文件过大")
    app.config["WTF_CSRF_ENABLED"] = False
    page = client.post(
        "/_form",
        data={"file": (io.BytesIO(b"x" * 4096), "big.xlsx")},
        content_type="multipart/form-data",
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 413
    assert "上传文件过大" in page.get_data(as_text=True)


def test_default_upload_limit_is_set(app):
    assert 0 < app.config["MAX_CONTENT_LENGTH"] <= 50 * 1024 * 1024


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"\x00" * 200, "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, ".xls"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "无法识别"),
        (b"MZ\x90\x00" + bytes(range(256)) * 4, "无法识别"),
        (b"PK\x03\x04" + b"\x00" * 200, "损坏"),
    ],
)
def test_renamed_binary_is_refused_by_content(data, message):
    with pytest.raises(ImportFileError) as caught:
        read_table(data, "abolished", filename="清单.xlsx")
    assert message in str(caught.value)


def test_workbook_named_csv_is_read_as_workbook():
    from lookup.lists.exporter import export_xlsx

    items = [{"seq": "1", "name": "测试证明", "replacement": "直接取消"}]
    result = read_table(export_xlsx(items, "abolished"), "abolished", filename="清单.csv")
    assert [r["name"] for r in result.rows] == ["测试证明"]


def test_entity_expansion_in_xlsx_is_refused():
    """openpyxl parses through defusedxml: a DTD with entities is refused, not expanded."""
    import zipfile

    import openpyxl.xml
    from defusedxml import EntitiesForbidden
    from openpyxl.xml.functions import fromstring

    from lookup.lists.exporter import export_xlsx

    assert openpyxl.xml.DEFUSEDXML is True
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with pytest.raises(EntitiesForbidden):
        fromstring(bomb + b"<x>&b;</x>")
    data = export_xlsx([{"seq": "1", "name": "测试证明"}], "abolished")
    for part in ("xl/workbook.xml", "xl/worksheets/sheet1.xml"):
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                body = source.read(info.filename)
                if info.filename == part:
                    body = b'<?xml version="1.0"?>' + bomb + body.split(b"?>", 1)[-1]
                target.writestr(info.filename, body)
        with pytest.raises(ImportFileError):
            read_table(out.getvalue(), "abolished")
